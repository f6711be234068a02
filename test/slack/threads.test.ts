/**
 * Rounds and drills in a thread on Slack (issue 17): the real Bolt App over signed HTTP
 * against the fake Web API, the real quiz and flashcard engines on SQLite. The first message
 * goes to the channel; the questions (and their reveals, edits of them) are `thread_ts`
 * replies under it; the summary is a thread reply with `reply_broadcast: true`, so the
 * channel sees it too.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { fixedSettings } from '../../src/games/session-settings.js';
import { decodeQuizClick } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startHarness, type Harness } from '../fakes/slack/harness.js';
import type { ApiCall } from '../fakes/slack/server.js';
import { quizId } from '../games/buttons.js';
import { FakeClock, servicesFrom } from '../quiz/fakes.js';
import { buttonIds, text } from '../fakes/slack/reading.js';

let h: Harness;
let store: Store;
let clock: FakeClock;
let quizEngine: QuizEngine;
let cards: FlashcardEngine;
let serverThreads = false;

beforeAll(async () => {
  h = await startHarness({
    renderChart: async () => {
      throw new Error('no charts in this test');
    },
    services: servicesFrom(() => ({ quiz: quizEngine, flashcards: cards })),
  });
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  h.fake.reset();
  serverThreads = false;
  store = await openStore(':memory:');
  clock = new FakeClock();
  const deps = {
    store,
    messengers: { slack: h.adapter.messenger },
    ...clock.deps,
    sessionSettings: {
      forServer: () => fixedSettings({ pauseSeconds: 0, threads: serverThreads }).forServer('', ''),
    },
  };
  quizEngine = new QuizEngine(deps);
  cards = new FlashcardEngine(deps);
});

afterEach(async () => {
  await quizEngine.idle();
  await cards.drills.idle();
  quizEngine.close();
  cards.drills.close();
  await store.close();
});

let seq = 0;
const freshChannel = () => `CTHREAD${++seq}`;
const ADA = { user_id: 'UADA', user_name: 'ada' };
const posts = (channel: string): ApiCall[] =>
  h.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
const advanceQuiz = (ms: number) => clock.advance(ms, () => quizEngine.idle());

async function run(command: string, channel: string, line: string): Promise<string> {
  const res = await h.command(command, line, { channel_id: channel, ...ADA });
  expect(res.status).toBe(200);
  const hit = await h.fake.waitForResponse(res.rid, 10_000);
  return text(hit);
}

/** The ts the fake gave a posted message. */
const tsOf = (call: ApiCall) => (call.response as { ts: string } | undefined)?.ts;

describe('Slack: a round in a thread', () => {
  it('the opener in the channel; questions and reveals as thread_ts replies; the summary broadcast to the channel', async () => {
    const c = freshChannel();
    await run('/quiz', c, 'count:2 seconds:10 thread:true');
    await quizEngine.idle();
    const [opener, q1] = posts(c);
    expect(opener!.body.thread_ts).toBeUndefined();
    expect(text(opener!)).toContain('Quiz · scaling laws · 2 questions');
    const parent = tsOf(opener!)!;
    expect(parent).toMatch(/^\d+\.\d+$/);
    expect(q1!.body.thread_ts).toBe(parent);
    expect(String(q1!.body.reply_broadcast)).toBe('false');

    // A member answers on the question in the thread.
    const { session: roundId } = decodeQuizClick(buttonIds(q1!)[0]!)!;
    await h.click(quizId(roundId, 0, 1), tsOf(q1!)!, {
      channelId: c,
      userId: 'UBEN',
      userName: 'ben',
    });
    await h.fake.waitFor(() =>
      h.fake.callsTo('chat.postEphemeral').find((e) => /You answered/.test(text(e))),
    );

    await advanceQuiz(10_000);
    // The reveal edits the question where it is (a thread reply keeps its channel and ts).
    const reveal = h.fake.callsTo('chat.update').find((u) => u.body.ts === tsOf(q1!));
    expect(reveal?.body.channel).toBe(c);
    const q2 = posts(c)[2]!;
    expect(q2.body.thread_ts).toBe(parent);
    expect(buttonIds(q2).length).toBeGreaterThan(0);

    await advanceQuiz(10_000);
    const summary = posts(c)[3]!;
    expect(buttonIds(summary)).toEqual([]);
    expect(summary.body.thread_ts).toBe(parent);
    expect(String(summary.body.reply_broadcast)).toBe('true');
    expect(posts(c)).toHaveLength(4);
  });

  it('a question whose ref was lost: the click in the thread restores it with the channel (a thread reply lives there)', async () => {
    const c = freshChannel();
    await run('/quiz', c, 'count:1 seconds:10 thread:true');
    await quizEngine.idle();
    const q1 = posts(c)[1]!;
    const { session: roundId } = decodeQuizClick(buttonIds(q1)[0]!)!;
    // A crash between posting the question and saving its ref.
    const lost = { message_platform: null, message_channel: null, message_id: null };
    await store.db
      .updateTable('session_steps')
      .set(lost)
      .where('session_id', '=', roundId)
      .where('idx', '=', 0)
      .execute();
    await h.click(quizId(roundId, 0, 1), tsOf(q1)!, { channelId: c, userId: 'UBEN' });
    await h.fake.waitFor(() =>
      h.fake.callsTo('chat.postEphemeral').find((e) => /You answered/.test(text(e))),
    );
    const step = await quizEngine.repo.getQuestion(roundId, 0);
    expect([step?.message_channel, step?.message_id]).toEqual([c, tsOf(q1)]);
    await advanceQuiz(10_000);
    const reveal = h.fake.callsTo('chat.update').find((u) => u.body.ts === tsOf(q1));
    expect(reveal?.body.channel).toBe(c);
  });

  it('the server setting threads a drill by default; thread:false keeps it in the channel', async () => {
    serverThreads = true;
    const c = freshChannel();
    await run('/flashcards', c, 'count:1');
    await cards.drills.idle();
    const [opener, card] = posts(c);
    expect(text(opener!)).toContain('Drill · flashcards · 1 card');
    expect(card!.body.thread_ts).toBe(tsOf(opener!));
    await run('/flashcards', c, 'stop');
    await cards.drills.idle();
    const summary = posts(c).at(-1)!;
    expect(summary.body.thread_ts).toBe(tsOf(opener!));
    expect(String(summary.body.reply_broadcast)).toBe('true');

    const d = freshChannel();
    await run('/flashcards', d, 'count:1 thread:false');
    await cards.drills.idle();
    expect(posts(d).map((p) => p.body.thread_ts)).toEqual([undefined]);
  });
});
