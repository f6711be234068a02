/**
 * A platform-neutral Reply → Discord message payloads. Discord rejects a whole message if one
 * limit is broken, so every length is enforced here: long text is split across embeds and
 * messages, never truncated when a split is possible, and rendering never throws on length.
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { RenderedChart } from '../../charts/request.js';
import type { Action, ButtonStyle as NeutralStyle, Reply } from '../../reply.js';
import { logger } from '../../logger.js';
import { isPrivateReply } from '../../runtime/privacy.js';
import { splitText, toDiscord, toPlain, truncate } from './text.js';

/** Discord's documented limits (characters are UTF-16 units, as Discord counts them). */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  attachmentDescription: 1024,
} as const;

/** Nobody is ever pinged by the bot's messages, whatever text they echo. */
export const NO_MENTIONS = { parse: [] as never[] };

/** One message, ready for `reply`, `editReply`, `followUp` or `channel.send`. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  files: AttachmentBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
  /** Always `{ parse: [] }`: echoed text must never ping @everyone, roles or users. */
  allowedMentions: { parse: never[] };
}

export interface RenderedReply {
  messages: [DiscordMessage, ...DiscordMessage[]];
  ephemeral: boolean;
}

export interface RenderOptions {
  chart?: RenderedChart;
  /** False where the bot lacks Embed Links: the answer goes out as text. */
  canEmbed?: boolean;
  /** False where the bot lacks Attach Files: the chart is left out. */
  canAttach?: boolean;
  /**
   * Also show the chart inside the embed (`attachment://…`). Off by default: Discord ignores
   * alt text on embed images, so a standalone attachment is what screen readers can describe.
   */
  chartInEmbed?: boolean;
}

const COLOURS = { answer: 0x5865f2, info: 0x57f287, error: 0xed4245 } as const;

const STYLES: Record<NeutralStyle, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Which permission to ask a server admin for, in the words Discord's settings use. */
export function permissionNotice(missing: readonly string[]): string {
  const names = missing.map((m) => `**${m}**`).join(' and ');
  return `⚠ I can't post ${missing.length > 1 ? 'these' : 'this'} here in full: ask a server admin to grant me ${names} in this channel.`;
}

export function renderReply(reply: Reply, options: RenderOptions = {}): RenderedReply {
  const canEmbed = options.canEmbed ?? true;
  const canAttach = options.canAttach ?? true;
  const chart = canAttach ? options.chart : undefined;
  const missing = [
    ...(canEmbed ? [] : ['Embed Links']),
    ...(canAttach || (!options.chart && !reply.file) ? [] : ['Attach Files']),
  ];
  const notice = missing.length > 0 ? permissionNotice(missing) : undefined;
  const messages = canEmbed
    ? embedMessages(reply, chart, notice, options.chartInEmbed ?? false)
    : textMessages(reply, chart, notice);
  // A text file (a course export) rides on the first message.
  if (reply.file && canAttach)
    messages[0]!.files.push(
      new AttachmentBuilder(Buffer.from(reply.file.content, 'utf8'), {
        name: reply.file.name.replace(/[^A-Za-z0-9._-]+/g, '-') || 'file.txt',
      }),
    );
  const rows = buttonRows(reply.actions ?? []);
  if (rows.length > 0) messages[messages.length - 1]!.components = rows;
  return { messages, ephemeral: isPrivateReply(reply) };
}

/** The answer as plain Discord markdown (no embeds), e.g. where Embed Links is missing. */
export function renderText(reply: Reply, notice?: string): RenderedReply {
  const messages = textMessages(reply, undefined, notice);
  const rows = buttonRows(reply.actions ?? []);
  if (rows.length > 0) messages[messages.length - 1]!.components = rows;
  return { messages, ephemeral: isPrivateReply(reply) };
}

const emptyMessage = (): DiscordMessage => ({
  embeds: [],
  files: [],
  components: [],
  allowedMentions: { parse: [] },
});

// ── embeds ────────────────────────────────────────────────────────────────────

interface FieldPart {
  name: string;
  value: string;
  inline: boolean;
}

/** The reply's sections as embed fields, in reading order, before any splitting. */
function replyFields(reply: Reply): FieldPart[] {
  const parts: FieldPart[] = [];
  (reply.steps ?? []).forEach((step, i) => {
    const lines = [step.formula, step.substitution].filter((l): l is string => !!l).map(toDiscord);
    lines.push(`→ **${toDiscord(step.result)}**`);
    parts.push({
      name: `${i + 1}. ${toDiscord(step.title)}`,
      value: lines.join('\n'),
      inline: false,
    });
  });
  for (const f of reply.fields ?? []) {
    parts.push({ name: toDiscord(f.label), value: toDiscord(f.value), inline: f.inline ?? false });
  }
  if (reply.notes?.length) {
    const value = reply.notes.map((n) => `• ${toDiscord(n)}`).join('\n');
    parts.push({ name: 'Assumptions and notes', value, inline: false });
  }
  if (reply.citations?.length) {
    const value = reply.citations.map((c) => `• ${toDiscord(c)}`).join('\n');
    parts.push({ name: 'Sources', value, inline: false });
  }
  return parts;
}

/** Fields within Discord's limits: long values continue in further fields of the same name. */
function fitFields(parts: FieldPart[]): APIEmbedField[] {
  const out: APIEmbedField[] = [];
  for (const part of parts) {
    const name = truncate(part.name.trim() || '\u200b', LIMITS.fieldName);
    const chunks = splitText(part.value.trim() || '\u200b', LIMITS.fieldValue);
    chunks.forEach((value, i) => {
      const continued =
        i === 0 ? name : truncate(`${toPlain(part.name)} (continued)`, LIMITS.fieldName);
      out.push({
        name: continued,
        value: value || '\u200b',
        inline: part.inline && chunks.length === 1,
      });
    });
  }
  return out;
}

const embedSize = (e: APIEmbed): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.author?.name.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/** Packs title, description chunks and fields into embeds, and embeds into messages. */
class EmbedPacker {
  readonly messages: DiscordMessage[] = [emptyMessage()];
  private embed: APIEmbed | undefined;
  constructor(private readonly colour: number) {}

  private get message(): DiscordMessage {
    return this.messages[this.messages.length - 1]!;
  }
  private used(): number {
    return this.message.embeds.reduce((n, e) => n + embedSize(e), 0);
  }
  /** A fresh embed, in this message if it has room for `cost` more characters. */
  private open(cost: number): APIEmbed {
    if (
      this.message.embeds.length >= LIMITS.embedsPerMessage ||
      this.used() + cost > LIMITS.embedTotal
    ) {
      this.messages.push(emptyMessage());
    }
    this.embed = { color: this.colour };
    this.message.embeds.push(this.embed);
    return this.embed;
  }
  title(title: string): void {
    this.open(title.length).title = title;
  }
  description(text: string): void {
    const e = this.embed;
    if (
      e &&
      !e.description &&
      !e.fields?.length &&
      this.used() + text.length <= LIMITS.embedTotal
    ) {
      e.description = text;
    } else {
      this.open(text.length).description = text;
    }
  }
  field(field: APIEmbedField): void {
    const cost = field.name.length + field.value.length;
    let e = this.embed;
    if (!e || (e.fields?.length ?? 0) >= LIMITS.fields || this.used() + cost > LIMITS.embedTotal) {
      e = this.open(cost);
    }
    (e.fields ??= []).push(field);
  }
}

function embedMessages(
  reply: Reply,
  chart: RenderedChart | undefined,
  notice: string | undefined,
  chartInEmbed: boolean,
): [DiscordMessage, ...DiscordMessage[]] {
  const packer = new EmbedPacker(COLOURS[reply.tone ?? 'answer']);
  packer.title(
    truncate(toPlain(reply.title).replace(/\s+/g, ' ').trim() || 'Scaling Tutor', LIMITS.title),
  );
  // With a chart the summary is the message text (next to the image); otherwise it leads the embed.
  const paragraphs = [...(chart ? [] : [reply.summary]), ...(reply.body ?? [])].filter((p) =>
    p.trim(),
  );
  if (paragraphs.length > 0) {
    for (const chunk of splitText(paragraphs.map(toDiscord).join('\n\n'), LIMITS.description)) {
      packer.description(chunk);
    }
  }
  for (const field of fitFields(replyFields(reply))) packer.field(field);

  const messages = packer.messages as [DiscordMessage, ...DiscordMessage[]];
  const first = messages[0];
  const lead = [notice, chart ? oneLine(reply.summary) : undefined].filter((l): l is string => !!l);
  if (lead.length > 0) first.content = truncate(lead.join('\n'), LIMITS.content);
  if (chart) {
    const file = attachment(chart);
    first.files = [file];
    if (chartInEmbed && first.embeds[0])
      first.embeds[0].image = { url: `attachment://${file.name}` };
  }
  return messages;
}

const oneLine = (text: string): string => toDiscord(text.replace(/\s*\n\s*/g, ' ').trim());

/** The chart as a file whose description is its alt text (what screen readers announce). */
export function attachment(chart: RenderedChart): AttachmentBuilder {
  const base = chart.filename.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'chart';
  const name = /\.png$/i.test(base) ? base : `${base}.png`;
  return new AttachmentBuilder(chart.png, {
    name,
    description: truncate(chart.alt.trim() || 'Chart', LIMITS.attachmentDescription),
  });
}

// ── plain text ────────────────────────────────────────────────────────────────

function textMessages(
  reply: Reply,
  chart: RenderedChart | undefined,
  notice: string | undefined,
): [DiscordMessage, ...DiscordMessage[]] {
  const blocks: string[] = [];
  if (notice) blocks.push(notice);
  const title = toPlain(reply.title).replace(/\s+/g, ' ').trim() || 'Scaling Tutor';
  blocks.push(`**${toDiscord(title)}**\n${toDiscord(reply.summary)}`);
  for (const p of reply.body ?? []) blocks.push(toDiscord(p));
  (reply.steps ?? []).forEach((step, i) => {
    const lines = [`**${i + 1}\\. ${toDiscord(step.title)}**`];
    for (const l of [step.formula, step.substitution]) if (l) lines.push(toDiscord(l));
    lines.push(`→ ${toDiscord(step.result)}`);
    blocks.push(lines.join('\n'));
  });
  if (reply.fields?.length) {
    blocks.push(
      reply.fields.map((f) => `**${toDiscord(f.label)}**: ${toDiscord(f.value)}`).join('\n'),
    );
  }
  if (reply.notes?.length) blocks.push(reply.notes.map((n) => `• ${toDiscord(n)}`).join('\n'));
  if (reply.citations?.length) {
    blocks.push(`Sources:\n${reply.citations.map((c) => `• ${toDiscord(c)}`).join('\n')}`);
  }
  const chunks = splitText(blocks.join('\n\n'), LIMITS.content);
  const messages = chunks.map((content) => ({ ...emptyMessage(), content })) as [
    DiscordMessage,
    ...DiscordMessage[],
  ];
  if (chart) messages[0].files = [attachment(chart)];
  return messages;
}

// ── buttons ───────────────────────────────────────────────────────────────────

/** Rows of ≤ 5 buttons, ≤ 5 rows; ids must be unique and ≤ 100 chars or the message fails. */
function buttonRows(actions: Action[][]): ActionRowBuilder<ButtonBuilder>[] {
  const seen = new Set<string>();
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (const row of actions) {
    const buttons: ButtonBuilder[] = [];
    for (const action of row) {
      if (!action.id || action.id.length > LIMITS.customId || seen.has(action.id)) {
        // A cut or duplicated id would route to the wrong place; better to leave the button out.
        logger.warn(
          { actionId: action.id.slice(0, 120) },
          'button dropped: custom_id empty, too long or repeated',
        );
        continue;
      }
      seen.add(action.id);
      const label =
        truncate(toPlain(action.label).replace(/\s+/g, ' ').trim(), LIMITS.buttonLabel) || '•';
      buttons.push(
        new ButtonBuilder()
          .setCustomId(action.id)
          .setLabel(label)
          .setStyle(STYLES[action.style ?? 'secondary'])
          .setDisabled(action.disabled ?? false),
      );
    }
    for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
      rows.push(
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          buttons.slice(i, i + LIMITS.buttonsPerRow),
        ),
      );
    }
  }
  if (rows.length > LIMITS.rows) {
    logger.warn({ rows: rows.length }, 'more than 5 rows of buttons; the rest are left out');
  }
  return rows.slice(0, LIMITS.rows);
}
