/**
 * The reveal pause: after a reveal the next question waits `pauseSeconds` (a server
 * setting, 5 s by default) so people read the explanation — across a restart too.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import type { DeadlineHandler, DeadlineJobs } from '../../src/games/channel-game.js';
import { fixedSettings, type SessionSettingsSource } from '../../src/games/session-settings.js';
import { answerAction } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { pointsFor } from '../../src/quiz/scoring.js';
import type { Store } from '../../src/store/index.js';
import { openTestStore } from '../store/test-store.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from './fakes.js';

const quiz = findCommand('quiz')!;
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: QuizEngine;
const services = servicesFrom(() => ({ quiz: engine }));
const make = (settings: SessionSettingsSource, deadlineJobs?: DeadlineJobs) =>
  new QuizEngine({
    store,
    sessionSettings: settings,
    ...(deadlineJobs ? { deadlineJobs } : {}),
    messengers: { discord: channel },
    ...clock.deps,
    newRoundId: () => 'r1',
    newSeed: () => 7,
  });
const advance = (ms: number) => clock.advance(ms, () => engine.idle());
const start = () =>
  runCommandText(
    quiz,
    'count:2 seconds:20 source:bank',
    context('ada', { messenger: channel, services }),
  );

beforeEach(async () => {
  store = await openTestStore();
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
});
afterEach(async () => {
  engine.close();
  await store.close();
});

describe('the reveal pause', () => {
  it('holds the next question for the default 5 s after a reveal, and says so', async () => {
    engine = make(fixedSettings());
    await start();
    await advance(20_000);
    expect(channel.edits.at(-1)!.reply.title).toMatch(/answer:/);
    expect(channel.edits.at(-1)!.reply.notes).toContain(
      'Next question in 5 s — time to read the explanation.',
    );
    expect(channel.posts).toHaveLength(1);
    await advance(4_999);
    expect(channel.posts).toHaveLength(1);
    await advance(1);
    expect(channel.posts).toHaveLength(2);
    expect(channel.last().reply.title).toMatch(/^Quiz 2\/2/);
    // The last reveal has no pause: the summary follows at once.
    await advance(20_000);
    expect(channel.last().reply.title).toBe('Quiz over');
  });

  it('takes the pause from the server settings, and 0 moves on at once', async () => {
    engine = make(fixedSettings({ pauseSeconds: 0 }));
    await start();
    await advance(20_000);
    expect(channel.posts).toHaveLength(2);
  });

  it('keeps the pause across a restart: the stored deadline is re-armed, not skipped', async () => {
    engine = make(fixedSettings({ pauseSeconds: 8 }));
    await start();
    await advance(20_000);
    engine.close();
    await advance(3_000);
    engine = make(fixedSettings({ pauseSeconds: 8 }));
    expect(await engine.resume()).toBe(1);
    await engine.idle();
    expect(channel.posts).toHaveLength(1);
    await advance(4_999);
    expect(channel.posts).toHaveLength(1);
    await advance(1);
    expect(channel.posts).toHaveLength(2);
  });

  it('keeps the answering deadline stored through the pause; a restart mid-pause still waits it out', async () => {
    engine = make(fixedSettings({ pauseSeconds: 8 }));
    const t0 = clock.now();
    await start();
    await advance(5_000);
    const q0 = (await engine.repo.getQuestion('r1', 0))!;
    const answer = answerAction.encode({ session: 'r1', step: 0, choice: q0.correct });
    await runAction([quiz], click(context('bob', { messenger: channel, services }), answer));
    await advance(15_000); // the answering deadline: revealed, then held for the pause
    const held = (await engine.repo.getQuestion('r1', 0))!;
    expect(held.status).toBe('reviewing');
    expect(held.deadline_at).toBe(t0 + 20_000);
    expect(held.hold_until).toBe(t0 + 28_000);
    // Scored, and re-scorable from the store, by the window the answer raced.
    const [stored] = await engine.repo.answersTo('r1', 0);
    const window = { postedAt: held.posted_at, deadlineAt: held.deadline_at };
    const expected = pointsFor({ correct: true, answeredAt: t0 + 5_000, ...window, streak: 1 });
    expect(stored!.points).toBe(expected);

    engine.close();
    await advance(3_000);
    engine = make(fixedSettings({ pauseSeconds: 8 }));
    expect(await engine.resume()).toBe(1);
    await engine.idle();
    await advance(4_999);
    expect(channel.posts).toHaveLength(1);
    await advance(1);
    expect(channel.posts).toHaveLength(2);
    const done = (await engine.repo.getQuestion('r1', 0))!;
    expect(done.status).toBe('revealed');
    expect(done.deadline_at).toBe(t0 + 20_000);
  });

  it('with durable deadline jobs (several instances): the pause’s job moves on, a late answering-deadline job does nothing', async () => {
    const handlers = new Map<string, DeadlineHandler>();
    const scheduled: { game: string; id: string; idx: number; at: number }[] = [];
    const jobs: DeadlineJobs = {
      register: (game, handler) => void handlers.set(game, handler),
      schedule: async (game, id, idx, at) => void scheduled.push({ game, id, idx, at }),
    };
    engine = make(fixedSettings({ pauseSeconds: 8 }), jobs);
    const t0 = clock.now();
    await start();
    await engine.idle();
    expect(scheduled.map((j) => j.at)).toEqual([t0 + 20_000]);
    const due = (at: number) => {
      clock.t = Math.max(clock.t, at);
      return handlers.get(scheduled[0]!.game)!('r1', 0, at);
    };
    await due(t0 + 20_000); // revealed, held: the pause's end is scheduled
    expect(scheduled.map((j) => j.at)).toEqual([t0 + 20_000, t0 + 28_000]);
    await due(t0 + 20_000); // the first job delivered again: stale
    expect((await engine.repo.getQuestion('r1', 0))!.status).toBe('reviewing');
    expect(channel.posts).toHaveLength(1);
    await due(t0 + 28_000);
    expect(channel.posts).toHaveLength(2);
  });
});
