/** The adapter contract for the playground: its real HTTP server, read the way the page reads it. */
import type { WireMessage } from '../../src/adapters/playground/render.js';
import { wirePlain } from '../../src/adapters/playground/text.js';
import { CHANNEL_ID } from '../../src/adapters/playground/index.js';
import { readSnapshot, startServer } from '../playground/helpers.js';
import type { ContractHarness, Seen } from './harness.js';
import { probe } from './probe.js';
import { runContract } from './suite.js';
import { apiPost, pageToken } from '../playground/client.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SETTLE_MS = 300;
/** Ada asks, Chen clicks, Dee only watches the channel. */
const ASKER = 'ada';
const CLICKER = 'chen';
const WATCHER = 'dee';

const seen = (m: WireMessage): Seen => {
  const r = m.reply;
  const parts = r
    ? [
        r.title,
        r.summary,
        ...(r.body ?? []),
        ...(r.fields ?? []).flatMap((f) => [f.label, f.value]),
        ...(r.steps ?? []).map((s) => s.title),
        ...(r.notes ?? []),
        ...(r.citations ?? []),
      ].map(wirePlain)
    : [];
  return {
    text: parts.join('\n'),
    private: m.visibility === 'private',
    buttons: (r?.actions ?? []).flat().map((a) => a.id),
  };
};

async function startPlaygroundHarness(): Promise<ContractHarness> {
  const server = await startServer(undefined, [probe]);
  const token = await pageToken(server.base);
  const api = (path: string, body: unknown) => apiPost(server.base, token, path, body);
  const snapshot = async (user: string): Promise<WireMessage[]> => {
    const text = await readSnapshot(server.base, user);
    const data = /event: snapshot\ndata: (.*)\n\n/.exec(text)![1]!;
    return (JSON.parse(data) as { messages: WireMessage[] }).messages;
  };

  /** The messages `user` sees that are new since `before`, once none is still thinking. */
  const answerOf = async (user: string, before: Set<string>, ackMs: number) => {
    const fresh = async () => (await snapshot(user)).filter((m) => !before.has(m.id));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const list = await fresh();
      if (list.length > 0 && list.every((m) => !m.thinking)) break;
      if (Date.now() > deadline) break;
      await sleep(30);
    }
    await sleep(SETTLE_MS);
    return { seen: (await fresh()).map(seen), ackMs };
  };
  const ids = async (user: string) => new Set((await snapshot(user)).map((m) => m.id));

  return {
    platform: 'playground',
    messenger: server.playground.messenger,
    channelId: CHANNEL_ID,
    async probe(what) {
      const before = await ids(ASKER);
      const started = Date.now();
      const res = await api('/api/command', { user: ASKER, text: `/probe ${what}` });
      if (res.status !== 202) throw new Error(`POST /api/command: ${res.status}`);
      return answerOf(ASKER, before, Date.now() - started);
    },
    async click(ref, actionId) {
      const before = await ids(CLICKER);
      const started = Date.now();
      const res = await api('/api/action', { user: CLICKER, actionId, messageId: ref.messageId });
      if (res.status !== 200) throw new Error(`POST /api/action: ${res.status}`);
      const answer = await answerOf(CLICKER, before, Date.now() - started);
      return answer;
    },
    async shown(ref) {
      const m = (await snapshot(WATCHER)).find((x) => x.id === ref.messageId);
      return m && seen(m);
    },
    async threadOf(ref) {
      return (await snapshot(WATCHER)).find((x) => x.id === ref.messageId)?.thread?.id;
    },
    async publicText() {
      return (await snapshot(WATCHER)).map((m) => seen(m).text).join('\n');
    },
    // The page has no message limits; what it must not do is lose text (checked by the suite).
    limitProblems: () => [],
    // Posting into its own memory cannot be refused; an edit of a message that fell off the
    // bounded channel is a no-op by design (a late timer has nothing to edit).
    refuse: {},
    clearRefusals: () => undefined,
    hintMentions: {},
    close: () => server.close(),
  };
}

runContract('playground', startPlaygroundHarness);
