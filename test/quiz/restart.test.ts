/**
 * A round survives a restart: stop the engine and close the database mid-question, open the
 * same file again, re-arm from the stored deadline, answer on the old message's button, reveal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { openStore } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from './fakes.js';
import { answerAction, decodeQuizClick } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';

const quiz = findCommand('quiz')!;
const dir = mkdtempSync(join(tmpdir(), 'quiz-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restart mid-round', () => {
  it('re-arms the deadline and accepts old buttons after reopening the same file', async () => {
    const file = join(dir, 'quiz.sqlite');
    const clock = new FakeClock();
    // The platform keeps its messages across our restart; only the bot process goes away.
    const channel = new MemoryMessenger('slack', clock);
    const deps = clock.deps;

    let store = await openStore(`sqlite:${file}`);
    let engine = new QuizEngine({ store, messengers: { slack: channel }, ...deps });
    const ctx = (user: string) =>
      context(user, {
        platform: 'slack',
        messenger: channel,
        services: servicesFrom(() => ({ quiz: engine })),
      });
    await runCommandText(quiz, 'count:2 seconds:30', ctx('ada'));
    const question = channel.posts[0]!;
    const roundId = decodeQuizClick(question.reply.actions![0]![0]!.id)!.session;
    const correct = (await engine.repo.getQuestion(roundId!, 0))!.correct;
    await runAction(
      [quiz],
      click(ctx('ben'), answerAction.encode({ session: roundId, step: 0, choice: correct })),
    );
    await clock.advance(5_000, () => engine.idle());

    // "Kill" the process: timers gone, database closed.
    engine?.close();
    await store.close();
    expect(clock.pendingTimers).toBe(0);

    store = await openStore(`sqlite:${file}`);
    engine = new QuizEngine({ store, messengers: { slack: channel }, ...deps });
    expect(await engine.resume()).toBe(1);
    expect(clock.pendingTimers).toBe(1);

    // An old button, pressed after the restart, still counts (and still only once).
    const late = await runAction(
      [quiz],
      click(
        ctx('chen'),
        answerAction.encode({ session: roundId, step: 0, choice: (correct + 1) % 4 }),
      ),
    );
    expect(late.reply!.title).toMatch(/^You answered/);
    const twice = await runAction(
      [quiz],
      click(ctx('ben'), answerAction.encode({ session: roundId, step: 0, choice: 0 })),
    );
    expect(twice.reply!.title).toBe('Already answered');

    await clock.advance(26_000, () => engine.idle());
    const revealed = channel.messages.get(question.ref.messageId)!;
    expect(revealed.title).toMatch(/answer:/);
    expect(revealed.fields![0]!.label).toBe('Right (1/2)');
    expect(channel.posts).toHaveLength(2); // question 2 is up

    // Restart again while question 2 is open, after its deadline passed: it is revealed at once.
    engine?.close();
    await store.close();
    clock.t += 60_000;
    store = await openStore(file);
    engine = new QuizEngine({ store, messengers: { slack: channel }, ...deps });
    await engine.resume();
    await clock.advance(0, () => engine.idle());
    expect(channel.last().reply.title).toBe('Quiz over');
    engine?.close();
    await store.close();
  });
});
