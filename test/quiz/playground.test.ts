/**
 * End to end through the playground adapter's HTTP API: /quiz posts a question into the
 * playground channel, classmates click its buttons concurrently (each counted once), the
 * deadline reveals it (its buttons disappear), and old buttons then answer 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { MessageRef, Messenger } from '../../commands/define.js';
import { CLASSMATES, mountPlayground } from '../../src/adapters/playground/index.js';
import { HttpServer } from '../../src/http/server.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import type { Reply } from '../../src/reply.js';
import { openStore, type Store } from '../../src/store/index.js';
import { FakeClock } from './fakes.js';
import { answerAction, decodeQuizClick, revealAction } from '../../src/quiz/actions.js';
import { servicesFrom } from './fakes.js';
import { apiPost, pageToken } from '../playground/client.js';

let http: HttpServer;
let base: string;
let token: string;
let store: Store;
let engine: QuizEngine;
let stopPlayground: () => void;
const clock = new FakeClock();
const posted: { ref: MessageRef; reply: Reply }[] = [];
const edited: { ref: MessageRef; reply: Reply }[] = [];

beforeAll(async () => {
  http = new HttpServer();
  const playground = mountPlayground(http, {
    services: servicesFrom(() => ({ quiz: engine })),
    commands,
    renderChart: async () => {
      throw new Error('no charts in this test');
    },
  });
  stopPlayground = playground.stop;
  // The playground's own Messenger, watched so the test knows which message is the question.
  const watched: Messenger = {
    async post(channelId, reply, options) {
      const ref = await playground.messenger.post(channelId, reply, options);
      posted.push({ ref, reply });
      return ref;
    },
    async edit(ref, reply) {
      edited.push({ ref, reply });
      await playground.messenger.edit(ref, reply);
    },
    startThread: (from, name) => playground.messenger.startThread(from, name),
  };
  store = await openStore(':memory:');
  engine = new QuizEngine({
    store,
    messengers: { playground: watched },
    ...clock.deps,
  });
  const address = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
  token = await pageToken(base);
});

afterAll(async () => {
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

describe('quiz through the playground', () => {
  it('runs a round end to end over HTTP', async () => {
    const res = await api('/api/command', { user: 'ada', text: '/quiz count:1 seconds:10' });
    expect(res.status).toBe(202);
    const question = await until(() => posted[0]);
    const roundId = decodeQuizClick(question.reply.actions![0]![0]!.id)!.session;
    const correct = (await engine.repo.getQuestion(roundId!, 0))!.correct;

    // Every classmate clicks twice at once: one click is stored, the other refused privately.
    const clicks = CLASSMATES.flatMap((c, i) =>
      [i % 4, i % 4].map((choice) =>
        api('/api/action', {
          user: c.id,
          actionId: answerAction.encode({ session: roundId, step: 0, choice: choice }),
          messageId: question.ref.messageId,
        }),
      ),
    );
    const statuses = (await Promise.all(clicks)).map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const answers = await engine.repo.answersTo(roundId!, 0);
    expect(answers.map((a) => a.user_id).sort()).toEqual(CLASSMATES.map((c) => c.id).sort());
    expect(
      answers.every((a) => a.choice === CLASSMATES.findIndex((c) => c.id === a.user_id) % 4),
    ).toBe(true);

    // A non-starter cannot reveal; the deadline does.
    const denied = await api('/api/action', {
      user: 'ben',
      actionId: revealAction.encode({ session: roundId, step: 0 }),
      messageId: question.ref.messageId,
    });
    expect(denied.status).toBe(200);
    await clock.advance(11_000, () => engine.idle());
    const reveal = edited.find(
      (e) => e.ref.messageId === question.ref.messageId && /answer:/.test(e.reply.title),
    );
    expect(reveal?.reply.fields![0]!.label).toBe(`Right (1/${CLASSMATES.length})`);
    expect(reveal?.reply.title).toContain(`answer: ${'ABCD'[correct]}`);
    const summary = posted.find((p) => p.reply.title === 'Quiz over');
    expect(summary?.reply.chart).toMatchObject({ kind: 'scores' });

    // The reveal removed the buttons from the playground's message: pressing one now is refused.
    const late = await api('/api/action', {
      user: 'dee',
      actionId: answerAction.encode({ session: roundId, step: 0, choice: 0 }),
      messageId: question.ref.messageId,
    });
    expect(late.status).toBe(409);
  });
});
