/** Reading what the bot sent the fake Slack: the calls in a channel, a post's buttons, ephemerals. */
import type { ApiCall, FakeSlack } from './server.js';

export const text = (c: { body: unknown }) => JSON.stringify(c.body);

type Blocks = { type: string; elements?: { action_id?: string }[] }[];
/** The action ids of a message's buttons, in order. */
export const buttonIds = (call: { body: Record<string, unknown> }): string[] =>
  ((call.body.blocks ?? []) as Blocks)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements?.map((e) => e.action_id ?? '') ?? []);

/** Readers over the fake a test holds (`fake`: read when called, after its beforeAll). */
export function channelReads(fake: () => FakeSlack) {
  /** Calls of `method` to a channel (named by `channel` or `channel_id`). */
  const inChannel = (method: string, channel: string): ApiCall[] =>
    fake()
      .callsTo(method)
      .filter((c) => c.body.channel === channel || c.body.channel_id === channel);
  /** The nth (1-based) chat.postMessage in a channel, once it has arrived. */
  const nthPost = (channel: string, n: number) =>
    fake().waitFor(() => inChannel('chat.postMessage', channel)[n - 1], 10_000, `post #${n}`);
  /** Ephemerals to a user in a channel whose text matches. */
  const ephemerals = (channel: string, user: string, match: RegExp) =>
    inChannel('chat.postEphemeral', channel).filter(
      (c) => c.body.user === user && match.test(text(c)),
    );
  return { inChannel, nthPost, ephemerals };
}
