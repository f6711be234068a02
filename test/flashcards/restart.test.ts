/**
 * A drill survives a restart: stop the engine and close the database mid-card, open the same
 * file again, re-arm from the stored deadline, grade on the old message's buttons, finish.
 * Schedules written before the restart are still there after it. Also: the service shares
 * the quiz's Store when given one, or opens (and closes) its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { loadDeck } from '../../src/flashcards/deck.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { createServices } from '../../src/services.js';
import { openStore } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from '../quiz/fakes.js';
import { gradeAction, revealAction } from '../../src/flashcards/actions.js';

const flashcards = findCommand('flashcards')!;
const deck = loadDeck();
const dir = mkdtempSync(join(tmpdir(), 'flashcards-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restart mid-drill', () => {
  it('re-arms the deadlines and accepts old buttons after reopening the same file', async () => {
    const file = join(dir, 'bot.sqlite');
    const clock = new FakeClock();
    // The platform keeps its messages across our restart; only the bot process goes away.
    const channel = new MemoryMessenger('slack', clock);
    const deps = {
      ...clock.deps,
      newDrillId: () => 'drill1',
    };
    const services = servicesFrom(() => ({ flashcards: engine }));
    const ctx = (user: string) =>
      context(user, { platform: 'slack', messenger: channel, services });
    const press = (user: string, id: string) => runAction([flashcards], click(ctx(user), id));

    let store = await openStore(`sqlite:${file}`);
    let engine = new FlashcardEngine({ store, messengers: { slack: channel }, ...deps });
    await runCommandText(flashcards, 'count:2 seconds:30', ctx('ada'));
    const first = channel.posts[0]!;
    await press('ada', revealAction.encode({ session: 'drill1', step: 0 }));
    await press('ben', gradeAction.encode({ session: 'drill1', step: 0, grade: 'good' }));
    await clock.advance(5_000, () => engine.idle());

    // "Kill" the process: timers gone, database closed.
    engine.close();
    await store.close();
    expect(clock.pendingTimers).toBe(0);

    store = await openStore(`sqlite:${file}`);
    engine = new FlashcardEngine({ store, messengers: { slack: channel }, ...deps });
    expect(await engine.resume()).toBe(1);
    expect(clock.pendingTimers).toBe(1);

    // Old buttons, pressed after the restart, still count, and still only once.
    expect(
      (await press('chen', gradeAction.encode({ session: 'drill1', step: 0, grade: 'again' })))
        .reply!.title,
    ).toBe('Saved: Again');
    expect(
      (await press('ben', gradeAction.encode({ session: 'drill1', step: 0, grade: 'easy' }))).reply!
        .title,
    ).toBe('You already graded this: Good');
    // The grading window (45 s from the reveal) closes on time, and card 2 goes up.
    await clock.advance(40_000, () => engine.idle());
    expect(channel.messages.get(first.ref.messageId)!.fields![0]!.label).toBe('Graded (2)');
    expect(channel.posts).toHaveLength(2);

    // Restart again while card 2 shows its front, after its deadline passed: it is revealed
    // at once on resume, and the drill finishes on its own.
    engine.close();
    await store.close();
    clock.t += 60_000;
    store = await openStore(file);
    engine = new FlashcardEngine({ store, messengers: { slack: channel }, ...deps });
    await engine.resume();
    await clock.advance(0, () => engine.idle());
    const second = channel.posts[1]!;
    expect(channel.messages.get(second.ref.messageId)!.body![0]).toContain(deck[1]!.back);
    await clock.advance(45_000, () => engine.idle());
    expect(channel.last().reply.title).toBe('Flashcard drill over');
    expect(clock.pendingTimers).toBe(0);

    // The schedules written before the restarts are all there, each person's own.
    const ben = await engine.repo.getState('slack', 'ben', deck[0]!.id);
    const chen = await engine.repo.getState('slack', 'chen', deck[0]!.id);
    expect(ben!.due).toBeGreaterThan(chen!.due);
    engine.close();
    await store.close();
  });
});

describe('the services main.ts builds', () => {
  it('open one store for quiz and flashcards, and close it on stop', async () => {
    const services = createServices({ databaseUrl: join(dir, 'shared.sqlite'), messengers: {} });
    await services.start();
    const engines = services.engines!;
    expect(engines.flashcards!.store).toBe(engines.quiz.store);
    expect(await services.flashcards()).toBe(engines.flashcards);
    await services.stop();
    await expect(
      engines.store.db.selectFrom('flashcard_states').selectAll().execute(),
    ).rejects.toThrow();
  });

  it('resume running drills when started again on the file', async () => {
    const file = join(dir, 'own.sqlite');
    const channel = new MemoryMessenger('discord');
    const first = createServices({ databaseUrl: file, messengers: { discord: channel } });
    await first.start();
    const ada = context('ada', { messenger: channel, services: first });
    await runCommandText(flashcards, 'count:1', ada);
    expect(channel.posts).toHaveLength(1);
    await first.stop();

    const second = createServices({ databaseUrl: file, messengers: { discord: channel } });
    await second.start();
    expect(await second.engines!.flashcards!.repo.runningDrills('channel')).toHaveLength(1);
    await second.stop();
  });

  it('are absent, not fatal, when the database cannot be opened', async () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const services = createServices({ databaseUrl: join(notADir, 'db.sqlite'), messengers: {} });
    await services.start();
    expect(services.engines).toBeUndefined();
    const reply = await runCommandText(flashcards, 'stats', context('ada', { services }));
    expect(reply.title).toBe('Flashcards are unavailable right now');
    await services.stop();
  });
});
