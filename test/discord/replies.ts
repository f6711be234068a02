/**
 * Reading what the bot sent the fake Discord: what a message carries (embeds, button ids), and
 * the answer to an interaction — its callback, the private answer (an ephemeral reply, or a
 * deferral and an ephemeral follow-up), a click's in-place update, a chart command's answer.
 */
import { expect } from 'vitest';
import {
  bodyOf,
  EPHEMERAL,
  IDS,
  payloads,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import type { MessageJSON } from '../fakes/discord/limits.js';

export type Embed = {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
};
export const text = (call: RecordedCall): string => JSON.stringify(call.body);
export const embedsOf = (call: RecordedCall) => (bodyOf(call).embeds ?? []) as Embed[];
export const titleOf = (call: RecordedCall) => embedsOf(call)[0]?.title ?? '';
/** The button ids of a message, row by row. */
export const buttonIds = (call: RecordedCall): string[][] =>
  ((bodyOf(call).components ?? []) as NonNullable<MessageJSON['components']>).map((row) =>
    row.components.map((b) => b.custom_id ?? ''),
  );
export const createdId = (call: RecordedCall) => (call.response as { id: string }).id;

/** The interaction helpers over the fake a test holds (`fake`: read when called, after beforeAll). */
export function replies(fake: () => FakeDiscord) {
  const tokenOf = (id: string) => fake().interactions.get(id)!.token;
  const since = (mark: number, predicate: (c: RecordedCall) => boolean) => (c: RecordedCall) =>
    fake().calls.indexOf(c) >= mark && predicate(c);

  const callbackOf = (id: string) =>
    fake().waitFor(
      (c) => c.path === `/interactions/${id}/${tokenOf(id)}/callback` && c.status < 300,
      10_000,
      `callback of ${id}`,
    );

  const originalEdit = (id: string, what: string) =>
    fake().waitFor(
      (c) =>
        c.method === 'PATCH' &&
        c.path.endsWith(`/${tokenOf(id)}/messages/@original`) &&
        c.status === 200,
      10_000,
      what,
    );

  /** The private answer to an interaction: an ephemeral reply, or a deferral + ephemeral follow-up. */
  async function privateReply(id: string): Promise<string> {
    const ack = await callbackOf(id);
    expect(fake().firstResponseMs(id)).toBeLessThan(3000);
    const type = bodyOf(ack).type;
    if (type === 4) {
      expect((bodyOf(ack).data as { flags?: number }).flags).toBe(EPHEMERAL);
      return text(ack);
    }
    const follow = await fake().waitFor(
      (c) =>
        c.method === 'POST' && c.path === `/webhooks/${IDS.application}/${tokenOf(id)}` && !!c.body,
      10_000,
      `follow-up of ${id}`,
    );
    expect(bodyOf(follow).flags).toBe(EPHEMERAL);
    return text(follow);
  }

  /** The in-place update a click made: a type-7 callback, or a deferUpdate (6) + PATCH. */
  async function updateOf(id: string): Promise<RecordedCall> {
    const ack = await callbackOf(id);
    expect(fake().firstResponseMs(id)).toBeLessThan(3000);
    const type = bodyOf(ack).type as number;
    expect([6, 7]).toContain(type);
    if (type === 7) return { ...ack, body: bodyOf(ack).data };
    return originalEdit(id, `the update by ${id}`);
  }

  /** `/name …` of a chart command: deferred ephemerally at once, then the private answer edited in. */
  async function chartCommand(
    name: string,
    options: Record<string, payloads.OptionValue>,
    userId: string,
    memberPermissions?: bigint,
  ): Promise<{ id: string; ack: RecordedCall; answer: RecordedCall }> {
    const id = fake().command(name, options, { userId, memberPermissions });
    const ack = await callbackOf(id);
    expect(bodyOf(ack).type).toBe(5);
    expect((bodyOf(ack).data as { flags?: number }).flags).toBe(EPHEMERAL);
    expect(fake().firstResponseMs(id)).toBeLessThan(3000);
    const answer = await originalEdit(id, `the answer to /${name} ${JSON.stringify(options)}`);
    return { id, ack, answer };
  }

  return { tokenOf, since, callbackOf, privateReply, updateOf, chartCommand };
}
