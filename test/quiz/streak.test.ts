/** Streaks and speed bonuses as the engine stores them, through a real round. */
import { afterEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import type { Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from './fakes.js';
import { answerAction, decodeQuizClick } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openTestStore } from '../store/test-store.js';

let store: Store;
afterEach(async () => {
  await store.close();
});

describe('round scores', () => {
  it('adds speed and streak bonuses, and a miss breaks the streak', async () => {
    store = await openTestStore();
    const clock = new FakeClock();
    const channel = new MemoryMessenger('discord', clock);
    const engine = new QuizEngine({
      store,
      messengers: { discord: channel },
      ...clock.deps,
    });
    const quiz = findCommand('quiz')!;
    const ctx = (u: string) =>
      context(u, { messenger: channel, services: servicesFrom(() => ({ quiz: engine })) });
    await runCommandText(quiz, 'count:4 seconds:20', ctx('ada'));
    // ben: right (t=0), right (t=10 s), miss, right (t=0) → 150, 100+25+10, 0, 150
    const plan = ['right-fast', 'right-half', 'skip', 'right-fast'];
    for (let i = 0; i < plan.length; i++) {
      const roundId = decodeQuizClick(channel.last().reply.actions![0]![0]!.id)!.session;
      const correct = (await engine.repo.getQuestion(roundId!, i))!.correct;
      if (plan[i] === 'right-half') await clock.advance(10_000, () => engine.idle());
      if (plan[i] !== 'skip')
        await runAction(
          [quiz],
          click(ctx('ben'), answerAction.encode({ session: roundId, step: i, choice: correct })),
        );
      await clock.advance(plan[i] === 'right-half' ? 10_000 : 20_000, () => engine.idle());
    }
    const roundId = decodeQuizClick(channel.posts[0]!.reply.actions![0]![0]!.id)!.session;
    const scores = await engine.repo.roundScores(roundId!);
    expect(scores).toEqual([
      { userId: 'ben', userName: 'Ben', points: 150 + 135 + 150, correct: 3, answered: 3 },
    ]);
  });
});
