/**
 * The study modes of issue 17 in the browser playground, through the page as a student uses
 * it: a host-paced round (the private panel, a changed answer, reveal, next, end), the
 * question of the day (an injectable clock: posted at its time, results on the previous
 * day's message), and taking back a flashcard grade with "Undo last grade". Real engines on
 * in-memory SQLite, Debian's Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { FakeClock, servicesFrom } from '../quiz/fakes.js';
import {
  ARTIFACTS,
  chartLoaded,
  hasChromium,
  message,
  openPage,
  seat,
  send,
  startHarness,
  type Harness,
} from './helpers.js';

/** A fresh page whose waits fail fast with the locator that did not show (not a test timeout). */
const open = async (harness: Harness, options?: Parameters<typeof openPage>[1]) => {
  const page = await openPage(harness, options);
  page.setDefaultTimeout(8000);
  return page;
};
const HOUR = 3_600_000;

describe.skipIf(!hasChromium)('study modes in the playground', () => {
  let harness: Harness;
  let store: Store;
  let clock: FakeClock;
  let quiz: QuizEngine | undefined;
  let flashcards: FlashcardEngine | undefined;
  const advance = (ms: number) => clock.advance(ms, () => quiz!.idle());

  beforeAll(async () => {
    harness = await startHarness(servicesFrom(() => ({ quiz, flashcards })));
    store = await openStore(':memory:');
    // 7 January 2026, 12:00 UTC: the question of the day below is set for 13:00 UTC.
    clock = new FakeClock(Date.UTC(2026, 0, 7, 12));
    const deps = {
      store,
      messengers: { playground: harness.playground.messenger },
      ...clock.deps,
      editIntervalMs: 0,
    };
    quiz = new QuizEngine(deps);
    flashcards = new FlashcardEngine(deps);
  });

  afterAll(async () => {
    quiz?.close();
    flashcards?.close();
    await store?.close();
    await harness?.close();
  });

  it('/quiz host: a private panel paces the round; the last answer before the reveal counts', async () => {
    const page = await open(harness, { height: 1400 });
    await send(page, '/quiz host count:2 source:bank');
    const panel = message(page, /Host panel/);
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Only you (Ada) can see this');
    for (const control of ['Next', 'Reveal', 'Back', 'Skip', 'End'])
      expect(await panel.getByRole('button', { name: control, exact: true }).count()).toBe(1);
    const question = message(page, /Quiz 1\/2/);
    await question.waitFor();
    expect(await question.textContent()).toContain('your last answer counts');

    // Ben answers wrong, then changes his mind to the key: told privately what replaced what.
    const round = await store.db
      .selectFrom('sessions')
      .select('id')
      .where('kind', '=', 'quiz')
      .executeTakeFirstOrThrow();
    const key = 'ABCD'[(await quiz!.repo.getQuestion(round.id, 0))!.correct]!;
    const wrong = key === 'A' ? 'B' : 'A';
    await seat(page, 'Ben');
    await question.getByRole('button', { name: wrong, exact: true }).click();
    await message(page, /last answer counts/)
      .filter({ hasText: 'Only you (Ben)' })
      .first()
      .waitFor();
    await question.getByRole('button', { name: key, exact: true }).click();
    await message(page, `(was ${wrong})`).waitFor();

    // Ben cannot see Ada's panel; her reveal edits the question in the channel.
    expect(await message(page, /Host panel/).count()).toBe(0);
    await seat(page, 'Ada');
    await panel.getByRole('button', { name: 'Reveal', exact: true }).click();
    const revealed = message(page, `Quiz 1/2 · answer: ${key}`);
    await revealed.waitFor();
    // Ben's last answer, the key, is the one scored.
    expect(await revealed.textContent()).toMatch(/Right \(1\/1\)/);

    await panel.getByRole('button', { name: 'Next', exact: true }).click();
    await message(page, /Quiz 2\/2/).waitFor();
    // Question 2 goes unanswered: revealed, then Next after the last question ends the round.
    await panel.getByRole('button', { name: 'Reveal', exact: true }).click();
    await message(page, /Quiz 2\/2 · answer: [A-D]/).waitFor();
    await panel.getByRole('button', { name: 'Next', exact: true }).click();
    const summary = message(page, /Quiz over/);
    await summary.waitFor();
    // Ben's unanswered question 2 counts as missed.
    expect(await summary.textContent()).toMatch(/1\. Ben — \d+ pts \(1\/2 right\)/);
    await chartLoaded(summary);
    await page.screenshot({ path: `${ARTIFACTS}/quiz-host.png`, fullPage: true });
    await page.context().close();
  });

  it('/daily: posted at its time, answered, results on the previous day when the next is posted', async () => {
    const page = await open(harness, { height: 1400 });
    await send(page, '/daily start time:13:00 timezone:UTC source:bank');
    // In words the page shows (not Discord's <t:…:R>, which it would print as it is).
    await message(page, 'A question every day at 13:00 (UTC); the first one today at 13:00.')
      .first()
      .waitFor();
    expect(await message(page, /Question of the day ·/).count()).toBe(0);

    await advance(HOUR); // 13:00 UTC: the first question
    const first = message(page, /Question of the day ·/).first();
    await first.waitFor();
    await seat(page, 'Ben');
    await first.getByRole('button', { name: 'B', exact: true }).click();
    await message(page, 'Answer saved').waitFor();

    await advance(24 * HOUR); // the next day's question, and yesterday's results
    await expect.poll(() => message(page, /Question of the day ·/).count()).toBe(2);
    await expect.poll(() => first.textContent()).toMatch(/answer: [A-D]/);
    expect(await first.getByRole('button', { name: 'B', exact: true }).count()).toBe(0);
    const day = await store.db
      .selectFrom('sessions')
      .select('id')
      .where('kind', '=', 'daily')
      .executeTakeFirstOrThrow();
    const rows = await store.db
      .selectFrom('answers')
      .selectAll()
      .where('round_id', '=', day.id)
      .execute();
    expect(rows.map((r) => [r.user_id, r.choice])).toEqual([['ben', 1]]);

    await seat(page, 'Ada');
    await send(page, '/daily stop');
    await message(page, /Stopped/).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/daily.png`, fullPage: true });
    await page.context().close();
  });

  it('/flashcards review: a grade taken back with "Undo last grade"', async () => {
    const page = await open(harness, { seat: 'Chen' });
    await send(page, '/flashcards review count:2');
    await message(page, /Review 1\/2/).waitFor();
    // The review is one private message, edited in place as it goes.
    const card = page.locator('#messages > li.private').last();
    await card.getByRole('button', { name: /Reveal|Show answer/ }).click();
    await card.getByRole('button', { name: /^Good/ }).click();
    await card.getByRole('button', { name: 'Undo last grade' }).waitFor();
    const states = () =>
      store.db.selectFrom('flashcard_states').selectAll().where('user_id', '=', 'chen').execute();
    await expect.poll(async () => (await states()).length).toBe(1);
    await card.getByRole('button', { name: 'Undo last grade' }).click();
    await expect.poll(() => card.textContent()).toMatch(/Grade taken back/);
    // A new card graded once is rolled back out of the schedule, and shown again to regrade.
    expect(await states()).toHaveLength(0);
    expect(await card.textContent()).toMatch(/Review 1\/2/);
    await page.screenshot({ path: `${ARTIFACTS}/undo.png`, fullPage: true });
    await page.context().close();
  });
});
