/**
 * Deadlines that fail on the store: the engines try again with backoff, and sooner when
 * someone uses the game. Real SQLite (in memory) turned read-only with `PRAGMA query_only`
 * (writes fail with SQLite's own SQLITE_READONLY), a manual clock, the real dispatcher.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from '../quiz/fakes.js';
import { answerAction, decodeQuizClick } from '../../src/quiz/actions.js';

const quiz = findCommand('quiz')!;
const services = servicesFrom(() => ({ quiz: engine }));
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: QuizEngine;
let ids = 0;
/** Every wait the engine asked its clock for, in order. */
let waits: number[] = [];

beforeEach(async () => {
  store = await openStore(':memory:');
  clock = new FakeClock();
  waits = [];
  channel = new MemoryMessenger('discord', clock);
  engine = new QuizEngine({
    store,
    messengers: { discord: channel },
    now: clock.now,
    setTimer: (fn, ms) => {
      waits.push(ms);
      return clock.setTimer(fn, ms);
    },
    clearTimer: clock.clearTimer,
    newRoundId: () => `d${++ids}`,
    retryMs: 1000,
    retryMaxMs: 4000,
  });
});
afterEach(async () => {
  await engine.idle();
  engine?.close();
  await store.close();
});

const run = (user: string, text: string) =>
  runCommandText(quiz, text, context(user, { messenger: channel, services }));
const press = (user: string, id: string) =>
  runAction([quiz], click(context(user, { messenger: channel, services }), id));
const advance = (ms: number) => clock.advance(ms, () => engine.idle());
const readOnly = (on: boolean) =>
  sql`PRAGMA query_only = ${sql.raw(on ? 'ON' : 'OFF')}`.execute(store.db);
const roundId = () => decodeQuizClick(channel.posts[0]!.reply.actions![0]![0]!.id)!.session;

describe('a deadline the store failed', () => {
  it('is tried again with growing waits (1, 2, 4 s, then 4 s each) until the store is back', async () => {
    expect((await run('ada', 'count:2 seconds:10 source:bank')).title).toBe('Quiz started');
    const id = roundId();
    await readOnly(true);
    await advance(10_000); // the reveal fails
    await advance(999);
    expect(waits).toEqual([10_000, 1000]); // nothing tried before its wait is over
    await advance(1 + 2000 + 4000 + 4000);
    expect(waits).toEqual([10_000, 1000, 2000, 4000, 4000, 4000]);
    expect((await engine.repo.getQuestion(id, 0))?.status).toBe('open');
    expect(channel.posts).toHaveLength(1);
    await readOnly(false);
    await advance(4000);
    // Revealed, and the round moved on to question 2 rather than being stopped.
    expect((await engine.repo.getQuestion(id, 0))?.status).toBe('revealed');
    expect((await engine.repo.getRound(id))?.status).toBe('running');
    expect(channel.posts).toHaveLength(2);
    expect((await engine.repo.getQuestion(id, 1))?.status).toBe('open');
  });

  it('is picked up at once by the next /quiz or click once the store is back', async () => {
    await run('ada', 'count:1 seconds:10 source:bank');
    const id = roundId();
    const correct = (await engine.repo.getQuestion(id, 0))!.correct;
    expect(
      (await press('ben', answerAction.encode({ session: id, step: 0, choice: correct }))).reply
        ?.title,
    ).toMatch(/You answered/);
    await readOnly(true);
    await advance(10_000);
    await readOnly(false);
    // Well before the 1 s retry: /quiz finds the round stuck, reveals it, ends it, starts anew.
    const again = await run('ada', 'count:1 seconds:10 source:bank');
    expect(again.title).toBe('Quiz started');
    expect((await engine.repo.getRound(id))?.status).toBe('finished');
    expect((await engine.repo.roundScores(id)).map((s) => s.userId)).toEqual(['ben']);
  });
});
