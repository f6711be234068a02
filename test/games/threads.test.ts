/**
 * Sessions in a thread, at the engine (issue 17): the thread is kept with the session in a
 * SQLite file, so after a restart the next question still goes to the thread; host-paced
 * rounds and drills get the same placement from the one lifecycle; any thread failure is told
 * in the channel and the session carries on there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { fixedSettings } from '../../src/games/session-settings.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore } from '../../src/store/index.js';
import { context, FakeClock, MemoryMessenger } from '../quiz/fakes.js';

const dir = mkdtempSync(join(tmpdir(), 'session-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROUND = { count: 2, seconds: 30, source: 'bank' as const };

describe('a session in a thread', () => {
  it('resumes into its thread after a restart (the thread is in the store, not in memory)', async () => {
    const file = join(dir, 'threads.sqlite');
    const clock = new FakeClock();
    // The platform keeps its messages and threads across our restart.
    const platform = new MemoryMessenger('discord', clock);
    const deps = clock.deps;
    let store = await openStore(`sqlite:${file}`);
    let engine = new QuizEngine({ store, messengers: { discord: platform }, ...deps });
    await engine.start({ ...ROUND, thread: true }, context('ada', { messenger: platform }));
    await engine.idle();

    const [thread] = platform.threads;
    expect(thread?.from).toEqual(platform.posts[0]!.ref);
    expect(thread?.name).toBe('Quiz · scaling laws · 2 questions');
    expect(platform.posts[1]!.options?.thread).toEqual(thread!.thread);

    engine.close();
    await store.close();
    store = await openStore(`sqlite:${file}`);
    engine = new QuizEngine({ store, messengers: { discord: platform }, ...deps });
    expect(await engine.resume()).toBe(1);
    await clock.advance(30_000, () => engine.idle());

    // Question 2, asked by the new process, and the summary: both in the thread.
    expect(platform.posts).toHaveLength(3);
    expect(platform.posts[2]!.options?.thread).toEqual(thread!.thread);
    await clock.advance(30_000, () => engine.idle());
    const summary = platform.posts[3]!;
    expect(summary.options).toEqual({ thread: thread!.thread, broadcast: true });
    expect(platform.threads).toHaveLength(1);
    engine.close();
    await store.close();
  });

  it('host rounds and drills play in a thread too; the setting applies only without thread:', async () => {
    const clock = new FakeClock();
    const platform = new MemoryMessenger('discord', clock);
    const store = await openStore(':memory:');
    const deps = {
      store,
      messengers: { discord: platform },
      ...clock.deps,
      sessionSettings: fixedSettings({ pauseSeconds: 0, threads: true }),
    };
    const quiz = new QuizEngine(deps);
    await quiz.startHost(ROUND, context('ada', { messenger: platform, channel: 'hosted' }));
    expect(platform.threads.map((t) => t.from.channelId)).toEqual(['hosted']);
    expect(platform.last().options?.thread?.channelId).toBe('hosted');

    const drills = new FlashcardEngine(deps);
    await drills.start(
      { count: 2, seconds: 30, tag: 'compute-optimal' },
      context('ada', { messenger: platform, channel: 'drills' }),
    );
    await drills.drills.idle();
    expect(platform.threads.at(-1)?.name).toBe('Drill · compute optimal · 2 cards');
    expect(platform.last().options?.thread?.channelId).toBe('drills');

    await quiz.start({ ...ROUND, thread: false }, context('ada', { messenger: platform }));
    expect(platform.threads).toHaveLength(2);
    expect(platform.last().options).toBeUndefined();
    quiz.close();
    drills.drills.close();
    await store.close();
  });

  it('a refused thread: the channel hears why (the platform’s hint) and the round plays there', async () => {
    const clock = new FakeClock();
    const platform = new MemoryMessenger('discord', clock);
    platform.threadError = () =>
      new DeliveryError('missing_permission', 'missing Create Public Threads');
    platform.hint = (e) => `Grant me ${e.detail.replace('missing ', '')}.`;
    const store = await openStore(':memory:');
    const quiz = new QuizEngine({ store, messengers: { discord: platform }, now: clock.now });
    const started = await quiz.start({ ...ROUND, thread: true }, context('ada'));
    expect(started.title).toBe('Quiz started');
    const [opener, notice, question] = platform.posts;
    expect(opener!.reply.title).toBe('Quiz · scaling laws · 2 questions');
    expect(notice!.reply.summary).toContain('Grant me Create Public Threads.');
    expect(notice!.options).toBeUndefined();
    expect(question!.reply.actions?.length).toBeGreaterThan(0);
    expect(question!.options).toBeUndefined();
    quiz.close();
    await store.close();
  });
});
