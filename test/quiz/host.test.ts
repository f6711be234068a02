/**
 * Host-paced rounds (`/quiz host`) through the real dispatcher on a real SQLite store: the
 * host's private panel, refused for others, no timers, answers that change until the reveal,
 * and the panel still working after a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { answerAction, hostAction, type HostControl } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from './fakes.js';

const quiz = findCommand('quiz')!;
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: QuizEngine;
const services = servicesFrom(() => ({ quiz: engine }));
const make = () =>
  new QuizEngine({
    store,
    messengers: { discord: channel },
    ...clock.deps,
    newRoundId: () => 'h1',
    newSeed: () => 11,
  });
const ctx = (user: string, isModerator = false) =>
  context(user, { messenger: channel, services, isModerator });
const press = (user: string, id: string) => runAction([quiz], click(ctx(user), id));
const panel = (user: string, control: HostControl) =>
  press(user, hostAction.encode({ session: 'h1', control }));
const answer = (user: string, step: number, choice: number) =>
  press(user, answerAction.encode({ session: 'h1', step, choice }));
const correctOf = async (idx: number) => (await engine.repo.getQuestion('h1', idx))!.correct;

beforeEach(async () => {
  store = await openStore(':memory:');
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  engine = make();
});
afterEach(async () => {
  engine.close();
  await store.close();
});

describe('/quiz host', () => {
  it('gives the starter a private panel, runs no timers, and refuses the panel to others', async () => {
    const started = await runCommandText(quiz, 'host count:2 source:bank', ctx('ada'));
    expect(started.title).toBe('Host panel');
    expect(started.visibility).toBe('private');
    expect(started.actions![0]!.map((a) => a.label)).toEqual([
      'Next',
      'Reveal',
      'Back',
      'Skip',
      'End',
    ]);
    expect(channel.last().reply.fields![0]!.value).toMatch(/your last answer counts/);
    expect(channel.last().reply.actions).toHaveLength(1); // answers only; no reveal button
    expect(clock.pendingTimers).toBe(0);

    for (const control of ['next', 'reveal', 'skip', 'end', 'back'] as const)
      expect((await panel('ben', control)).reply?.title).toBe('Not allowed');
    await clock.advance(3_600_000, () => engine.idle());
    expect(channel.posts).toHaveLength(1); // nothing moves without the host

    expect((await panel('ada', 'next')).reply?.title).toBe('Reveal first');
    const revealed = await panel('ada', 'reveal');
    expect(revealed.update?.summary).toMatch(/^Question 1 revealed/);
    expect(channel.edits.at(-1)!.reply.title).toMatch(/^Quiz 1\/2 · answer:/);
    expect((await panel('ada', 'reveal')).reply?.title).toBe('Already revealed');

    // A moderator may steer too.
    expect((await panel('mia', 'next')).reply?.title).toBe('Not allowed');
    const next = await runAction(
      [quiz],
      click(ctx('mia', true), hostAction.encode({ session: 'h1', control: 'next' })),
    );
    expect(next.update?.summary).toBe('Question 2 of 2 is up.');
    expect(channel.posts).toHaveLength(2);
  });

  it('lets members change their answer until the reveal; the last one counts, none is a miss', async () => {
    await runCommandText(quiz, 'host count:2 source:bank', ctx('ada'));
    const right = await correctOf(0);
    const wrong = (right + 1) % 4;
    expect((await answer('ben', 0, wrong)).reply?.summary).toMatch(/last answer counts/);
    const changed = await answer('ben', 0, right);
    expect(changed.reply?.title).toMatch(/^You answered [A-D] \(was [A-D]\)$/);
    await answer('chen', 0, right);
    await answer('chen', 0, wrong); // chen changes to a wrong answer: that one counts
    await panel('ada', 'reveal');
    expect((await answer('ben', 0, wrong)).reply?.title).toBe('Too late');
    const reveal = channel.edits.at(-1)!.reply;
    expect(reveal.fields![0]!.label).toBe('Right (1/2)');
    expect(reveal.fields![0]!.value).toMatch(/Ben/);

    await panel('ada', 'next');
    await answer('ben', 1, ((await correctOf(1)) + 1) % 4);
    expect((await panel('ada', 'skip')).update?.summary).toMatch(/last question/);
    const summary = channel.last().reply;
    expect(summary.title).toBe('Quiz over');
    expect(summary.body!.join('\n')).toMatch(/Ben\*\* — \d+ pts \(1\/2 right\)/);
    expect(summary.body!.join('\n')).toMatch(/Chen\*\* — 0 pts \(0\/2 right\)/);
  });

  it('keeps the panel working after a restart, and Back shows an earlier question again', async () => {
    await runCommandText(quiz, 'host count:3 source:bank', ctx('ada'));
    await panel('ada', 'reveal');
    engine.close();
    engine = make();
    expect(await engine.resume()).toBe(1);
    expect(clock.pendingTimers).toBe(0);
    expect((await panel('ada', 'next')).update?.summary).toBe('Question 2 of 3 is up.');
    expect((await panel('ada', 'back')).update?.summary).toMatch(
      /Question 1 is posted again with its answer/,
    );
    expect(channel.last().reply.title).toMatch(/^Quiz 1\/3 · answer:/);
    expect(channel.last().reply.notes).toEqual(['The host went back to question 1.']);
    expect((await panel('ada', 'end')).update?.summary).toMatch(/round is over/);
    expect(channel.last().reply.title).toBe('Quiz stopped');
  });
});
