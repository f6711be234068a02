/**
 * Discord's message limits as a checker over message JSON (what the REST API receives), so
 * tests can hold both render.ts output and the fake's recorded bodies to the same rules.
 */
import type { DiscordMessage } from '../../../src/adapters/discord/render.js';

interface EmbedJSON {
  title?: string;
  description?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: { name: string; value: string }[];
}

export interface MessageJSON {
  content?: string;
  embeds?: EmbedJSON[];
  components?: { type: number; components: { custom_id?: string; label?: string }[] }[];
  allowed_mentions?: { parse?: unknown[] };
  allowedMentions?: { parse?: unknown[] };
}

export const toJSON = (m: DiscordMessage): MessageJSON => ({
  content: m.content,
  embeds: m.embeds as EmbedJSON[],
  components: m.components.map((row) => row.toJSON()) as MessageJSON['components'],
  allowedMentions: m.allowedMentions,
});

/** Every limit the message breaks (empty when it is valid). */
export function limitProblems(m: MessageJSON): string[] {
  const p: string[] = [];
  const content = m.content ?? '';
  if (content.length > 2000) p.push(`content ${content.length} > 2000`);
  const embeds = m.embeds ?? [];
  if (embeds.length > 10) p.push(`${embeds.length} embeds > 10`);
  let total = 0;
  for (const e of embeds) {
    if ((e.title?.length ?? 0) > 256) p.push(`title ${e.title?.length} > 256`);
    if ((e.description?.length ?? 0) > 4096) p.push(`description ${e.description?.length} > 4096`);
    if ((e.footer?.text.length ?? 0) > 2048) p.push('footer > 2048');
    if ((e.fields?.length ?? 0) > 25) p.push(`${e.fields?.length} fields > 25`);
    for (const f of e.fields ?? []) {
      if (f.name.length < 1 || f.name.length > 256) p.push(`field name length ${f.name.length}`);
      if (f.value.length < 1 || f.value.length > 1024)
        p.push(`field value length ${f.value.length}`);
      total += f.name.length + f.value.length;
    }
    total +=
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0);
  }
  if (total > 6000) p.push(`embed total ${total} > 6000`);
  const rows = m.components ?? [];
  if (rows.length > 5) p.push(`${rows.length} rows > 5`);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.components.length > 5) p.push(`${row.components.length} buttons in a row > 5`);
    for (const c of row.components) {
      if (c.custom_id !== undefined) {
        if (c.custom_id.length < 1 || c.custom_id.length > 100)
          p.push(`custom_id length ${c.custom_id.length}`);
        if (ids.has(c.custom_id)) p.push(`duplicate custom_id ${c.custom_id}`);
        ids.add(c.custom_id);
      }
      if ((c.label?.length ?? 0) > 80) p.push(`label length ${c.label?.length} > 80`);
    }
  }
  if (!content && embeds.length === 0 && rows.length === 0) p.push('empty message');
  const mentions = m.allowed_mentions ?? m.allowedMentions;
  if (!mentions || !Array.isArray(mentions.parse) || mentions.parse.length > 0)
    p.push('allowed mentions not { parse: [] }');
  return p;
}
