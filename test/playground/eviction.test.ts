/**
 * The playground keeps the last 200 channel messages. Private notes (a repeat click's
 * "Already answered") are bounded per seat on their own, so a flood of them cannot push the
 * live question out: afterwards it can still be clicked and its reveal still shows. Real quiz
 * engine, in-memory SQLite, a manual clock for the deadline, the real HTTP API.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { MessageRef } from '../../commands/define.js';
import { mountPlayground } from '../../src/adapters/playground/index.js';
import { HttpServer } from '../../src/http/server.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { FakeClock } from '../quiz/fakes.js';
import { readSnapshot } from './helpers.js';
import { wirePlain, type WireText } from '../../src/adapters/playground/text.js';
import { decodeQuizClick } from '../../src/quiz/actions.js';
import { servicesFrom } from '../quiz/fakes.js';
import { apiPost, pageToken } from './client.js';

const REPEATS = 210;

let http: HttpServer;
let base: string;
let token: string;
let store: Store;
let engine: QuizEngine;
let stopPlayground: () => void;
const clock = new FakeClock();
const questions: { ref: MessageRef; actions: string[] }[] = [];

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
  store = await openStore(':memory:');
  engine = new QuizEngine({
    store,
    messengers: {
      playground: {
        async post(channelId, reply, options) {
          const ref = await playground.messenger.post(channelId, reply, options);
          const actions = reply.actions?.flat().map((a) => a.id) ?? [];
          if (actions.length) questions.push({ ref, actions });
          return ref;
        },
        edit: (ref, reply) => playground.messenger.edit(ref, reply),
        startThread: (from, name) => playground.messenger.startThread(from, name),
      },
    },
    ...clock.deps,
  });
  base = `http://127.0.0.1:${(await http.listen(0, '127.0.0.1')).port}`;
  token = await pageToken(base);
});

afterAll(async () => {
  engine?.close();
  await store?.close();
  stopPlayground?.();
  await http?.close();
});

const api = (path: string, body: unknown) => apiPost(base, token, path, body);

interface Snapshot {
  messages: { id: string; visibility: string; reply?: { title: WireText; summary?: WireText } }[];
}
const snapshot = async (user: string): Promise<Snapshot> => {
  const text = await readSnapshot(base, user);
  return JSON.parse(/event: snapshot\ndata: (.*)\n\n/.exec(text)![1]!) as Snapshot;
};

it(`${REPEATS} repeat clicks do not evict the live question; it can be clicked and revealed`, async () => {
  expect(
    (await api('/api/command', { user: 'ada', text: '/quiz count:1 seconds:30' })).status,
  ).toBe(202);
  await expect.poll(() => questions.length).toBe(1);
  const { ref, actions } = questions[0]!;
  const choice = actions.find((a) => /:0:0$/.test(a))!;
  const click = (user: string, actionId = choice) =>
    api('/api/action', { user, actionId, messageId: ref.messageId });

  expect((await click('ada')).status).toBe(200);
  for (let i = 0; i < REPEATS; i++) expect((await click('ada')).status).toBe(200);
  const ada = await snapshot('ada');
  const notes = ada.messages.filter((m) => wirePlain(m.reply?.title ?? []) === 'Already answered');
  expect(notes.length).toBeGreaterThan(0); // the notes were posted (the oldest dropped)
  expect(notes.length).toBeLessThan(REPEATS);

  // Another seat can still answer the question, and the deadline's reveal lands on it.
  expect((await click('ben')).status).toBe(200);
  const roundId = decodeQuizClick(choice)!.session;
  const answers = await engine.repo.answersTo(roundId, 0);
  expect(answers.map((a) => a.user_id).sort()).toEqual(['ada', 'ben']);
  await clock.advance(31_000, () => engine.idle());
  const ben = await snapshot('ben');
  const question = ben.messages.find((m) => m.id === ref.messageId);
  expect(wirePlain(question?.reply?.title ?? [])).toMatch(/answer: [ABCD]/);
});
