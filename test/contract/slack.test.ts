/** The adapter contract for Slack: the real Bolt app (HTTP mode) against test/fakes/slack. */
import { commands } from '../../commands/index.js';
import { checkBlockLimits, LIMITS } from '../../src/adapters/slack/limits.js';
import type { MessageRef, Messenger } from '../../src/interaction.js';
import { captureLogs, startHarness } from '../fakes/slack/harness.js';
import { tinyRenderer } from '../fakes/slack/renderer.js';
import type { ContractHarness, Seen } from './harness.js';
import { probe } from './probe.js';
import { runContract } from './suite.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SETTLE_MS = 300;
const CHANNEL = 'C0000001';

interface Block {
  type: string;
  elements?: { action_id?: string }[];
}
const seen = (body: Record<string, unknown>, isPrivate: boolean): Seen => ({
  text: JSON.stringify({ text: body.text, blocks: body.blocks }),
  private: isPrivate,
  buttons: ((body.blocks as Block[] | undefined) ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).flatMap((e) => (e.action_id ? [e.action_id] : []))),
});
const inChannel = (body: Record<string, unknown>) => body.response_type === 'in_channel';

async function startSlackHarness(): Promise<ContractHarness> {
  captureLogs();
  const h = await startHarness({
    renderChart: tinyRenderer,
    commands: [...commands, probe],
    timeoutMs: 300,
  });
  const { fake } = h;
  let user = 0;
  const freshUser = () => `U${String(++user).padStart(8, '0')}`;
  /** What each message showed, newest last: posts, chat.update and response_url replacements. */
  const versions = new Map<string, { at: number; body: Record<string, unknown> }[]>();
  const clicked = new Map<string, string>(); // click rid → message ts

  const versionsOf = (ts: string) => {
    const list = [...(versions.get(ts) ?? [])];
    for (const c of fake.callsTo('chat.update')) if (c.body.ts === ts) list.push(c);
    for (const r of fake.responses)
      if (clicked.get(r.id) === ts && r.body.replace_original === true) list.push(r);
    return list.sort((a, b) => a.at - b.at);
  };

  /** The answer to one interaction: its response_url posts and any channel posts it made. */
  const answerOf = async (rid: string, mark: number, ackMs: number) => {
    const collect = (): Seen[] => [
      ...fake
        .responsesTo(rid)
        .filter((r) => r.body.replace_original !== true)
        .map((r) => seen(r.body, !inChannel(r.body))),
      ...fake.calls
        .slice(mark)
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral')
        .map((c) => seen(c.body, c.method === 'chat.postEphemeral')),
    ];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && collect().length === 0 && !hasUpdate(rid, mark))
      await sleep(20);
    await sleep(SETTLE_MS);
    return { seen: collect(), ackMs };
  };
  const hasUpdate = (rid: string, mark: number) =>
    fake.calls.slice(mark).some((c) => c.method === 'chat.update') ||
    fake.responsesTo(rid).length > 0;

  const real = h.adapter.messenger;
  const messenger: Messenger = {
    ...real,
    async post(channelId, reply, options) {
      const mark = fake.calls.length;
      const ref = await real.post(channelId, reply, options);
      const call = fake.calls.slice(mark).find((c) => c.method === 'chat.postMessage');
      if (call) versions.set(ref.messageId, [call]);
      return ref;
    },
  };

  return {
    platform: 'slack',
    messenger,
    channelId: CHANNEL,
    async probe(what) {
      const mark = fake.calls.length;
      const started = Date.now();
      const res = await h.command('/probe', what, { user_id: freshUser(), channel_id: CHANNEL });
      return answerOf(res.rid, mark, Date.now() - started);
    },
    async click(ref: MessageRef, actionId) {
      const mark = fake.calls.length;
      const started = Date.now();
      const res = await h.click(actionId, ref.messageId, {
        userId: freshUser(),
        channelId: CHANNEL,
      });
      clicked.set(res.rid, ref.messageId);
      return answerOf(res.rid, mark, Date.now() - started);
    },
    async shown(ref) {
      const last = versionsOf(ref.messageId).at(-1);
      return last && seen(last.body, false);
    },
    async threadOf(ref) {
      const thread = versionsOf(ref.messageId)[0]?.body.thread_ts;
      return typeof thread === 'string' ? thread : undefined;
    },
    async publicText() {
      const bodies = [
        ...fake.calls
          .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
          .map((c) => c.body),
        ...fake.responses
          .filter((r) => inChannel(r.body) || r.body.replace_original)
          .map((r) => r.body),
      ];
      return bodies.map((b) => seen(b, false).text).join('\n');
    },
    limitProblems: () =>
      [
        ...fake.calls
          .filter((c) =>
            ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method),
          )
          .map((c) => c.body),
        ...fake.responses.map((r) => r.body),
      ].flatMap((body) => {
        const blocks =
          typeof body.blocks === 'string'
            ? (JSON.parse(body.blocks) as unknown[])
            : (body.blocks as unknown[] | undefined);
        const text = String(body.text ?? '');
        return [
          ...checkBlockLimits(blocks ?? []),
          ...(text.length > LIMITS.messageText ? [`text is ${text.length} characters`] : []),
        ];
      }),
    refuse: {
      not_in_channel: () => fake.fail('chat.postMessage', { error: 'not_in_channel' }),
      missing_permission: () => fake.fail('chat.postMessage', { error: 'missing_scope' }),
      // Longer than the adapter waits out: it says "rate limited" at once.
      // In a channel of its own: the adapter remembers the limit, per channel, for 120 s.
      rate_limited: () => {
        fake.fail('chat.postMessage', { status: 429, retryAfter: 120, channel: 'C0LIMITED' });
        return 'C0LIMITED';
      },
      timeout: () => fake.fail('chat.postMessage', { hang: true }),
      platform_error: () => fake.fail('chat.postMessage', { error: 'internal_error' }),
    },
    goneMessage() {
      fake.fail('chat.update', { error: 'message_not_found', times: 1 });
      return { platform: 'slack', channelId: CHANNEL, messageId: '1700000000.999999' };
    },
    clearRefusals: () => {
      // reset() would forget the recorded calls the other checks read; lift failures only.
      for (const method of ['chat.postMessage', 'chat.update']) fake.fail(method, { times: 0 });
    },
    hintMentions: {
      not_in_channel: /\/invite @Scaling Tutor/,
      missing_permission: /Slack/,
      rate_limited: /Slack/,
    },
    close: () => h.close(),
  };
}

runContract('slack', startSlackHarness);
