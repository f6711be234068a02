/**
 * A playground over a real SQLite file with the quiz, flashcards and settings services, and
 * helpers that type a command or click a button as a classmate and read the answer they see.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../commands/index.js';
import { mountPlayground } from '../../src/adapters/playground/index.js';
import { wirePlain, type WireText } from '../../src/adapters/playground/text.js';
import { HttpServer } from '../../src/http/server.js';
import { buildEngines, servicesOf, type Engines } from '../../src/services.js';
import { openStore } from '../../src/store/index.js';
import { FakeClock } from '../quiz/fakes.js';
import { readSnapshot } from '../playground/helpers.js';
import { apiPost, pageToken } from '../playground/client.js';

interface WireMessage {
  id: string;
  thinking?: boolean;
  reply?: {
    title: WireText;
    summary?: WireText;
    body?: WireText[];
    fields?: { label: WireText; value: WireText }[];
    actions?: unknown;
    file?: { name: string; content: string; mime: string };
  };
}

export interface Shown {
  id: string;
  title: string;
  text: string;
  /** Button ids on the message. */
  actions: string[];
  /** The file the message carries, as the page offers it for download. */
  file?: { name: string; content: string; mime: string };
}

export interface Kit {
  engines: Engines;
  clock: FakeClock;
  path: string;
  say(user: string, text: string): Promise<Shown>;
  click(user: string, actionId: string, messageId: string): Promise<Shown | undefined>;
  /** A message as `user` sees it now. */
  message(user: string, id: string): Promise<Shown | undefined>;
  close(): Promise<void>;
}

const plain = (t: unknown): string =>
  Array.isArray(t) ? wirePlain(t as WireText) : String(t ?? '');

function shown(m: WireMessage): Shown {
  const r = m.reply!;
  const actions = JSON.stringify(r.actions ?? []).match(/"id":"([^"]+)"/g) ?? [];
  return {
    id: m.id,
    title: plain(r.title),
    text: [
      plain(r.title),
      plain(r.summary),
      ...(r.body ?? []).map(plain),
      ...(r.fields ?? []).map((f) => `${plain(f.label)}: ${plain(f.value)}`),
    ].join('\n'),
    actions: actions.map((a) => a.slice(6, -1)),
    ...(r.file ? { file: r.file } : {}),
  };
}

export async function startKit(): Promise<Kit> {
  const dir = mkdtempSync(join(tmpdir(), 'classroom-'));
  const path = join(dir, 'bot.sqlite');
  const store = await openStore(path);
  const clock = new FakeClock();
  const engines = buildEngines(store, {
    messengers: {},
    ...clock.deps,
  });
  const http = new HttpServer();
  const playground = mountPlayground(http, {
    services: servicesOf(engines),
    commands,
    renderChart: async () => {
      throw new Error('no charts in this test');
    },
  });
  engines.quiz.addMessenger('playground', playground.messenger);
  const address = await http.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${address.port}`;
  const token = await pageToken(base);
  const post = (path: string, body: unknown) => apiPost(base, token, path, body);
  const messages = async (user: string): Promise<WireMessage[]> => {
    const text = await readSnapshot(base, user);
    return (
      JSON.parse(/event: snapshot\ndata: (.*)\n\n/.exec(text)![1]!) as { messages: WireMessage[] }
    ).messages;
  };
  const settled = async (user: string, id: string): Promise<Shown> => {
    for (let i = 0; i < 200; i++) {
      const m = (await messages(user)).find((x) => x.id === id);
      if (m && !m.thinking && m.reply) return shown(m);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`message ${id} never settled`);
  };
  return {
    engines,
    clock,
    path,
    async say(user, text) {
      const before = new Set((await messages(user)).map((m) => m.id));
      const res = await post('/api/command', { user, text });
      const { messageId } = (await res.json()) as { messageId: string };
      for (let i = 0; i < 200; i++) {
        const all = await messages(user);
        const m = all.find((x) => x.id === messageId);
        if (m && !m.thinking && m.reply) return shown(m);
        // A public "thinking…" answered privately is replaced by a new private message.
        const fresh = !m && all.find((x) => !before.has(x.id) && !x.thinking && x.reply);
        if (fresh) return shown(fresh);
        await new Promise((r) => setTimeout(r, 10));
      }
      return settled(user, messageId);
    },
    async click(user, actionId, messageId) {
      const before = new Set((await messages(user)).map((m) => m.id));
      const res = await post('/api/action', { user, actionId, messageId });
      if (res.status !== 200) throw new Error(`click answered ${res.status}`);
      // A reply is a new message; an update replaces the clicked one.
      for (let i = 0; i < 200; i++) {
        const all = await messages(user);
        const fresh = all.find((m) => !before.has(m.id) && !m.thinking && m.reply);
        if (fresh) return shown(fresh);
        const same = all.find((m) => m.id === messageId);
        if (i > 20 && same?.reply) return shown(same);
        await new Promise((r) => setTimeout(r, 10));
      }
      return undefined;
    },
    async message(user, id) {
      const m = (await messages(user)).find((x) => x.id === id);
      return m?.reply ? shown(m) : undefined;
    },
    async close() {
      engines.quiz.close();
      engines.flashcards?.close();
      await engines.quiz.idle();
      playground.stop();
      await http.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
