/**
 * End to end through the playground adapter's HTTP API: /flashcards posts a card into the
 * playground channel; the starter reveals it; two classmates grade it differently (a second
 * click is refused in a private note only its clicker sees) and get different due dates;
 * the starter moves on and the summary arrives. Then a private review, whose buttons only
 * its owner can press, and the stats with a real PNG chart of the due forecast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { MessageRef, Messenger } from '../../commands/define.js';
import { mountPlayground } from '../../src/adapters/playground/index.js';
import { renderChartInProcess } from '../../src/charts/render.js';
import { loadDeck } from '../../src/flashcards/deck.js';
import { cardId } from '../games/buttons.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { HttpServer } from '../../src/http/server.js';
import type { Reply } from '../../src/reply.js';
import { openStore, type Store } from '../../src/store/index.js';
import { FakeClock } from '../quiz/fakes.js';
import { wirePlain, type WireText } from '../../src/adapters/playground/text.js';
import { decodeFlashcardClick } from '../../src/flashcards/actions.js';
import { servicesFrom } from '../quiz/fakes.js';
import { apiPost, pageToken } from '../playground/client.js';

interface WireMessage {
  id: string;
  visibility: 'public' | 'private';
  forUser?: string;
  thinking?: boolean;
  reply?: { title: string; summary: string; actions?: { id: string; label: string }[][] };
  chart?: { state: string; url?: string };
}

/** As it arrives: title and summary tokenized by the server (playground/text.ts). */
type Tokenized = Omit<WireMessage, 'reply'> & {
  reply?: Omit<NonNullable<WireMessage['reply']>, 'title' | 'summary'> & {
    title: WireText;
    summary: WireText;
  };
};
const plain = (m: Tokenized): WireMessage =>
  m.reply
    ? {
        ...m,
        reply: { ...m.reply, title: wirePlain(m.reply.title), summary: wirePlain(m.reply.summary) },
      }
    : { ...m, reply: undefined };

let http: HttpServer;
let base: string;
let token: string;
let store: Store;
let engine: FlashcardEngine;
let stopPlayground: () => void;
const clock = new FakeClock();
const posted: { ref: MessageRef; reply: Reply }[] = [];
const deck = loadDeck();
const streams: AbortController[] = [];

beforeAll(async () => {
  http = new HttpServer();
  const playground = mountPlayground(http, {
    services: servicesFrom(() => ({ flashcards: engine })),
    commands,
    renderChart: renderChartInProcess,
  });
  stopPlayground = playground.stop;
  // The playground's own Messenger, watched so the test knows which message is the card.
  const watched: Messenger = {
    async post(channelId, reply, options) {
      const ref = await playground.messenger.post(channelId, reply, options);
      posted.push({ ref, reply });
      return ref;
    },
    edit: (ref, reply) => playground.messenger.edit(ref, reply),
    startThread: (from, name) => playground.messenger.startThread(from, name),
  };
  store = await openStore(':memory:');
  engine = new FlashcardEngine({
    store,
    messengers: { playground: watched },
    ...clock.deps,
  });
  const address = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
  token = await pageToken(base);
});

afterAll(async () => {
  for (const s of streams) s.abort();
  engine?.close();
  await store?.close();
  stopPlayground?.();
  await http?.close();
});

const api = (path: string, body: unknown) => apiPost(base, token, path, body);

async function until<T>(fn: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What one classmate's page sees: the server-sent events, applied to a message map. */
async function watch(user: string): Promise<Map<string, WireMessage>> {
  const seen = new Map<string, WireMessage>();
  const abort = new AbortController();
  streams.push(abort);
  const res = await fetch(`${base}/api/events?user=${user}`, { signal: abort.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (\w+)$/m.exec(chunk)?.[1];
          const data = /^data: (.*)$/m.exec(chunk)?.[1];
          if (!event || !data) continue;
          const parsed = JSON.parse(data) as { messages?: Tokenized[] } & Tokenized;
          if (event === 'snapshot') for (const m of parsed.messages ?? []) seen.set(m.id, plain(m));
          else if (event === 'remove') seen.delete(parsed.id);
          else seen.set(parsed.id, plain(parsed));
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return seen;
}

const find = (seen: Map<string, WireMessage>, pred: (m: WireMessage) => boolean) =>
  [...seen.values()].find((m) => !m.thinking && m.reply !== undefined && pred(m));

describe('flashcards through the playground', () => {
  it('drills the channel over HTTP: two classmates, two grades, two schedules', async () => {
    const ada = await watch('ada');
    const ben = await watch('ben');
    const res = await api('/api/command', { user: 'ada', text: '/flashcards count:2 seconds:10' });
    expect(res.status).toBe(202);
    const card = await until(() => posted[0]);
    const drillId = decodeFlashcardClick(card.reply.actions![0]![0]!.id)!.session;
    const id = (what: Parameters<typeof cardId>[2], idx = 0) => cardId(drillId, idx, what);
    const clickAs = (user: string, actionId: string, messageId = card.ref.messageId) =>
      api('/api/action', { user, actionId, messageId });

    // Grade buttons are not on the front yet: the page cannot press them.
    expect((await clickAs('ben', id('good'))).status).toBe(409);
    expect((await clickAs('ada', id('reveal'))).status).toBe(200);
    await until(() =>
      find(ada, (m) => m.id === card.ref.messageId && !!m.reply!.actions?.[0]?.[2]),
    );

    // Ada and Ben each grade once, at the same time, and Ben clicks twice.
    const clicks = await Promise.all([
      clickAs('ada', id('good')),
      clickAs('ben', id('again')),
      clickAs('ben', id('again')),
    ]);
    expect(clicks.map((r) => r.status)).toEqual([200, 200, 200]);
    const note = await until(() =>
      find(ben, (m) => m.reply!.title === 'You already graded this: Again'),
    );
    expect(note.visibility).toBe('private');
    expect(find(ada, (m) => m.id === note.id)).toBeUndefined();
    await until(() => find(ada, (m) => m.reply!.title === 'Saved: Good'));

    const adaState = await engine.repo.getState('playground', 'ada', deck[0]!.id);
    const benState = await engine.repo.getState('playground', 'ben', deck[0]!.id);
    expect(adaState!.reps).toBe(1);
    expect(benState!.reps).toBe(1);
    expect(adaState!.due).toBeGreaterThan(benState!.due);

    // Ben is not the starter: Next is refused with a private note. Ada moves on.
    await clickAs('ben', id('next'));
    await until(() => find(ben, (m) => m.reply!.title === 'Not allowed'));
    expect((await clickAs('ada', id('next'))).status).toBe(200);
    const second = await until(() => posted[1]);
    expect(second.reply.summary).toBe(deck[1]!.front);
    // The first card lost its buttons: an old grade button is refused by the page.
    expect((await clickAs('dee', id('good'))).status).toBe(409);

    // Card 2 reveals itself and the drill ends on the clock.
    await clock.advance(10_000, () => engine.idle());
    await clock.advance(45_000, () => engine.idle());
    const summary = await until(() => find(ben, (m) => m.reply!.title === 'Flashcard drill over'));
    expect(summary.visibility).toBe('public');
    expect(summary.reply!.summary).toBe('2 cards seen, 2 grades from 2 people.');
  });

  it('reviews privately with buttons only the owner can press, then shows stats with a chart', async () => {
    const ben = await watch('ben');
    const ada = await watch('ada');
    // Ben's Again is due a minute later.
    clock.t += 2 * 60_000;
    const res = await api('/api/command', { user: 'ben', text: '/flashcards review' });
    const { messageId } = (await res.json()) as { messageId: string };
    const front = await until(() =>
      find(ben, (m) => m.id === messageId && /^Review 1\/1/.test(m.reply!.title)),
    );
    expect(front.visibility).toBe('private');
    expect(front.reply!.summary).toBe(deck[0]!.front);
    expect(find(ada, (m) => m.id === messageId)).toBeUndefined();
    const reveal = front.reply!.actions![0]![0]!.id;
    // Ada cannot see the message, so she cannot press its buttons.
    expect((await api('/api/action', { user: 'ada', actionId: reveal, messageId })).status).toBe(
      404,
    );
    expect((await api('/api/action', { user: 'ben', actionId: reveal, messageId })).status).toBe(
      200,
    );
    const back = await until(() =>
      find(ben, (m) => m.id === messageId && (m.reply!.actions?.[0]?.length ?? 0) === 4),
    );
    const good = back.reply!.actions![0]!.find((a) => a.label.startsWith('Good'))!;
    await api('/api/action', { user: 'ben', actionId: good.id, messageId });
    await until(() => find(ben, (m) => m.id === messageId && m.reply!.title === 'Review done'));
    const benState = await engine.repo.getState('playground', 'ben', deck[0]!.id);
    expect(benState!.reps).toBe(2);

    await api('/api/command', { user: 'ben', text: '/flashcards stats' });
    const stats = await until(() =>
      find(ben, (m) => m.reply!.title === 'Flashcard stats for Ben' && m.chart?.state === 'ready'),
    );
    const png = await fetch(`${base}${stats.chart!.url!}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });
});
