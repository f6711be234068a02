/**
 * The round engine with a real SQLite store (in memory), a manual clock and a Messenger that
 * remembers, driven through the real dispatcher as the adapters drive it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import type { Question } from '../../src/quiz/question.js';
import type { Reply } from '../../src/reply.js';
import type { Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from './fakes.js';
import {
  answerAction,
  decodeQuizClick,
  revealAction,
  soloAnswerAction,
} from '../../src/quiz/actions.js';
import { openTestStore } from '../store/test-store.js';

const quiz = findCommand('quiz')!;
const services = servicesFrom(() => ({ quiz: engine }));
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: QuizEngine;
let ids = 0;

beforeEach(async () => {
  store = await openTestStore();
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  engine = new QuizEngine({
    store,
    messengers: { discord: channel },
    ...clock.deps,
    newRoundId: () => `r${++ids}`,
    newSeed: () => 42 + ids,
  });
});

afterEach(async () => {
  engine?.close();
  await store.close();
});

const run = (user: string, text: string, opts: Parameters<typeof context>[1] = {}) =>
  runCommandText(quiz, text, context(user, { messenger: channel, services, ...opts }));
const press = async (user: string, id: string, opts: Parameters<typeof context>[1] = {}) =>
  runAction([quiz], click(context(user, { messenger: channel, services, ...opts }), id));
const advance = (ms: number) => clock.advance(ms, () => engine.idle());

/** The question currently posted: its buttons and its stored correct answer. */
async function current(): Promise<{ reply: Reply; roundId: string; idx: number; correct: number }> {
  const { reply } = channel.last();
  const id = reply.actions![0]![0]!.id; // quiz:<round>:<idx>:0
  const { session: roundId, step: idx } = decodeQuizClick(id)!;
  const row = await engine.repo.getQuestion(roundId!, Number(idx));
  return { reply, roundId: roundId!, idx: Number(idx), correct: row!.correct };
}

describe('quiz rounds', () => {
  it('posts, takes answers, shows a throttled count, reveals at the deadline, moves on and sums up', async () => {
    const started = await run('ada', 'count:2 seconds:20 source:bank');
    expect(started.visibility).toBe('private');
    expect(started.title).toBe('Quiz started');
    expect(channel.posts).toHaveLength(1);
    let q = await current();
    expect(q.reply.visibility).toBe('public');
    expect(q.reply.actions![0]!.map((a) => a.label)).toEqual(['A', 'B', 'C', 'D']);
    const wrong = (q.correct + 1) % 4;

    await advance(1000);
    const right = await press(
      'ben',
      answerAction.encode({ session: q.roundId, step: 0, choice: q.correct }),
    );
    expect(right.reply?.summary).toMatch(/Locked in/);
    await press('chen', answerAction.encode({ session: q.roundId, step: 0, choice: wrong }));
    await press('dee', answerAction.encode({ session: q.roundId, step: 0, choice: q.correct }));
    // The live count: one edit, no sooner than 2 s after the post, for three quick answers.
    await advance(500);
    expect(channel.edits).toHaveLength(0);
    await advance(600);
    expect(channel.edits).toHaveLength(1);
    expect(channel.edits[0]!.reply.fields![0]!.value).toMatch(/^3 answered/);

    await advance(20_000); // past the deadline
    const reveal = channel.messages.get(channel.posts[0]!.ref.messageId)!;
    expect(reveal.title).toMatch(/answer: [ABCD]/);
    expect(reveal.actions).toEqual([]);
    expect(reveal.body!.join('\n')).toMatch(/— 2 \(67%\) ✅/);
    expect(reveal.fields![0]!.label).toBe('Right (2/3)');
    expect(reveal.fields![0]!.value).toMatch(/Ben \+\d+, Dee \+\d+/);
    expect(channel.posts).toHaveLength(2); // the next question

    q = await current();
    expect(q.idx).toBe(1);
    await press('ben', answerAction.encode({ session: q.roundId, step: 1, choice: q.correct }));
    await advance(21_000);
    const summary = channel.last().reply;
    expect(summary.title).toBe('Quiz over');
    expect(summary.summary).toMatch(/Ben wins/);
    expect(summary.chart).toMatchObject({ kind: 'scores' });
    if (summary.chart?.kind === 'scores') expect(summary.chart.entries[0]!.label).toBe('Ben');
    expect(clock.pendingTimers).toBe(0);
  });

  it('counts a first click only, and tells a second clicker what they chose', async () => {
    await run('ada', 'seconds:30');
    const q = await current();
    await press('ben', answerAction.encode({ session: q.roundId, step: 0, choice: 1 }));
    const again = await press(
      'ben',
      answerAction.encode({ session: q.roundId, step: 0, choice: 3 }),
    );
    expect(again.reply).toMatchObject({ title: 'Already answered', visibility: 'private' });
    expect(again.reply!.summary).toMatch(/You already answered B/);
    const stored = await engine.repo.answersTo(q.roundId, 0);
    expect(stored.map((a) => [a.user_id, a.choice])).toEqual([['ben', 1]]);
  });

  it('records 200 members clicking in the same second exactly once each', async () => {
    await run('ada', 'seconds:60');
    const q = await current();
    const users = Array.from({ length: 200 }, (_, i) => `user${i}`);
    const results = await Promise.all(
      users.flatMap((u, i) => [
        press(u, answerAction.encode({ session: q.roundId, step: 0, choice: i % 4 })),
        press(u, answerAction.encode({ session: q.roundId, step: 0, choice: (i + 1) % 4 })),
      ]),
    );
    expect(results.filter((r) => r.reply?.title.startsWith('You answered'))).toHaveLength(200);
    expect(results.filter((r) => r.reply?.title === 'Already answered')).toHaveLength(200);
    const stored = await engine.repo.answersTo(q.roundId, 0);
    expect(stored).toHaveLength(200);
    expect(new Set(stored.map((a) => a.user_id)).size).toBe(200);
    await advance(61_000);
    const reveal = channel.messages.get(channel.posts[0]!.ref.messageId)!;
    expect(reveal.fields![0]!.label).toMatch(/\/200\)$/);
  });

  it('allows one round per channel and points at the running one', async () => {
    await run('ada', '');
    const second = await run('ben', 'count:3');
    expect(second.tone).toBe('error');
    expect(second.summary).toMatch(/Ada started a quiz in this channel \(question 1 of 5\)/);
    const elsewhere = await run('ben', '', { channel: 'other' });
    expect(elsewhere.title).toBe('Quiz started');
  });

  it('lets only the starter or a moderator reveal early or stop', async () => {
    await run('ada', 'count:3');
    const q = await current();
    const denied = await press('ben', revealAction.encode({ session: q.roundId, step: 0 }));
    expect(denied.reply).toMatchObject({ tone: 'error' });
    expect(denied.reply!.summary).toMatch(/Only Ada/);
    const early = await press('ada', revealAction.encode({ session: q.roundId, step: 0 }));
    expect(early.reply!.title).toBe('Revealed');
    expect(channel.messages.get(channel.posts[0]!.ref.messageId)!.notes).toContain(
      'Revealed before the time was up.',
    );
    expect(channel.posts).toHaveLength(2);
    expect((await run('ben', 'stop')).tone).toBe('error');
    const stopped = await run('ben', 'stop', { isModerator: true });
    expect(stopped.title).toBe('Quiz stopped');
    expect(channel.last().reply.title).toBe('Quiz stopped');
    expect((await run('ada', '')).title).toBe('Quiz started'); // the channel is free again
  });

  it('ends the round when a later question cannot be posted, freeing the channel', async () => {
    await run('ada', 'count:3');
    const q = await current();
    channel.failPosts = 1; // question 2 is refused
    await press('ada', revealAction.encode({ session: q.roundId, step: 0 }));
    const round = await engine.repo.getRound(q.roundId);
    expect(round?.status).toBe('stopped');
    expect(channel.last().reply.title).toMatch(/stopped/i); // the summary still went out
    expect((await run('ada', '')).title).toBe('Quiz started');
  });

  it('keeps weekly and all-time leaderboards per channel and per server', async () => {
    const play = async (user: string, channelId: string) => {
      await run(user, 'count:1 seconds:10', { channel: channelId });
      const q = await current();
      await press(user, answerAction.encode({ session: q.roundId, step: 0, choice: q.correct }), {
        channel: channelId,
      });
      await advance(11_000);
    };
    await play('ada', 'general'); // Wednesday of week 1
    await advance(7 * 24 * 3600 * 1000); // a week later
    await play('ben', 'general');
    await play('chen', 'random');

    const week = await run('dee', 'leaderboard');
    expect(week.body!.join('\n')).toMatch(/Ben/);
    expect(week.body!.join('\n')).not.toMatch(/Ada|Chen/);
    const all = await run('dee', 'leaderboard period:all');
    expect(all.body).toHaveLength(2);
    const server = await run('dee', 'leaderboard scope:server period:all');
    expect(server.body).toHaveLength(3);
    expect(server.chart).toMatchObject({ kind: 'scores' });
    const switched = await press('dee', 'quiz:lb:server:week');
    expect(switched.update!.body).toHaveLength(2);
  });

  it('reports accuracy per topic and names the weakest', async () => {
    await run('ada', 'count:4 seconds:10 source:bank');
    for (let i = 0; i < 4; i++) {
      const q = await current();
      const choice = i < 2 ? q.correct : (q.correct + 1) % 4;
      await press('ben', answerAction.encode({ session: q.roundId, step: i, choice: choice }));
      await advance(11_000);
    }
    const stats = await run('ben', 'stats');
    expect(stats.visibility).toBe('private');
    expect(stats.summary).toMatch(/^2\/4 right \(50%\)\. Weakest topic: /);
    const data = stats.data as { weakest: string; topics: { topic: string; correct: number }[] };
    expect(data.topics.find((t) => t.topic === data.weakest)!.correct).toBe(0);
  });

  it('runs a private solo round without the channel', async () => {
    const first = await run('ada', 'solo count:2 source:generated');
    expect(first.visibility).toBe('private');
    expect(channel.posts).toHaveLength(0);
    const id = first.actions![0]![0]!.id;
    const roundId = decodeQuizClick(id)!.session;
    const row = await engine.repo.getQuestion(roundId!, 0);
    const other = await press(
      'ben',
      soloAnswerAction.encode({ session: roundId, step: 0, choice: 0 }),
    );
    expect(other.reply!.tone).toBe('error');
    const answered = await press(
      'ada',
      soloAnswerAction.encode({ session: roundId, step: 0, choice: row!.correct }),
    );
    expect(answered.update!.summary).toMatch(/^✅ Right!/);
    expect(answered.update!.steps!.length).toBeGreaterThan(0); // the worked solution
    const next = await press('ada', answered.update!.actions![0]![0]!.id);
    expect(next.update!.title).toMatch(/^Quiz 2\/2/);
    const q2 = await engine.repo.getQuestion(roundId!, 1);
    const done = await press(
      'ada',
      soloAnswerAction.encode({ session: roundId, step: 1, choice: (q2!.correct + 1) % 4 }),
    );
    expect(done.update!.summary).toMatch(/^❌ You chose/);
    const end = await press('ada', done.update!.actions![0]![0]!.id);
    expect(end.update!.title).toBe('Quiz over');
    expect((await run('ben', 'leaderboard period:all')).body).toBeUndefined(); // practice is unranked
  });

  it('answers "That button has expired" for ids no codec decodes, or of the wrong kind', async () => {
    await run('ada', 'count:1 seconds:20');
    const q = await current();
    for (const id of [
      `quiz:${q.roundId}:0:${q.correct}`, // the old hand-built form
      'quiz:answer:r1:0:7', // a choice out of range
      'quiz:nonsense',
      soloAnswerAction.encode({ session: q.roundId, step: 0, choice: q.correct }), // solo id, channel round
    ]) {
      expect((await press('ben', id)).reply!.title).toBe('That button has expired');
    }
    expect(await engine.repo.countAnswers(q.roundId, 0)).toBe(0);
    // Every button the round shows is one of the command's declared actions.
    const declared = quiz.actions!;
    for (const id of q.reply.actions!.flat().map((a) => a.id))
      expect(declared.some((c) => c.decode(id) !== undefined)).toBe(true);
    expect(declared.filter((c) => c.policy.storeBeforeAck).map((c) => c.name)).toEqual([
      'answer',
      'solo-answer',
      'number-in',
    ]);
  });

  it('answers "unavailable" when the store is broken, and other commands keep working', async () => {
    await store.close();
    const reply = await run('ada', '');
    expect(reply.tone).toBe('error');
    expect(reply.title).toBe('Quizzes are unavailable right now');
    engine?.close();
    expect((await run('ada', 'stats')).title).toBe('Quizzes are unavailable right now');
    const optimal = await runCommandText(findCommand('optimal')!, '6e22', context('ada'));
    expect(optimal.tone).not.toBe('error');
  });

  it('explains generated questions with the worked solution on reveal', async () => {
    await run('ada', 'count:1 source:generated');
    const q = await current();
    const payload = JSON.parse((await engine.repo.getQuestion(q.roundId, 0))!.payload) as Question;
    expect(payload.id).toMatch(/^gen:/);
    await press('ada', revealAction.encode({ session: q.roundId, step: 0 }));
    const reveal = channel.messages.get(channel.posts[0]!.ref.messageId)!;
    expect(reveal.steps).toEqual(payload.steps);
  });
});
