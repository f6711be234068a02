/**
 * Drill your misses: quiz answers graded into each member's FSRS schedule (a miss is Again,
 * a right answer on a card they already have is Good), shown in /flashcards review and
 * stats as coming from quizzes, generated problems with fresh numbers, and the opt-out.
 * Engines are built as the running bot builds them (buildEngines), over one SQLite store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { QuizMisses, quizCard, quizCardId } from '../../src/flashcards/from-quiz.js';
import { reviewRevealAction } from '../../src/flashcards/actions.js';
import { applyGrade } from '../../src/flashcards/schedule.js';
import { answerAction } from '../../src/quiz/actions.js';
import type { Question } from '../../src/quiz/question.js';
import { buildEngines, type Engines } from '../../src/services.js';
import { FlashcardRepo, openStore, type Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from '../quiz/fakes.js';

const quiz = findCommand('quiz')!;
const flashcards = findCommand('flashcards')!;
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engines: Engines;
let rounds = 0;
const services = servicesFrom(() => engines);
const ctx = (user: string) => context(user, { messenger: channel, services });
const advance = (ms: number) => clock.advance(ms, () => engines.quiz.idle());
const answer = (user: string, round: string, choice: number) =>
  runAction([quiz], click(ctx(user), answerAction.encode({ session: round, step: 0, choice })));
const stateOf = (user: string, card: string) =>
  engines.quiz.store.db
    .selectFrom('flashcard_states')
    .selectAll()
    .where('user_id', '=', user)
    .where('card_id', '=', card)
    .executeTakeFirst();

/** A one-question round: who answers what (true: right), then the reveal. */
async function round(source: string, answers: Record<string, boolean>) {
  await runCommandText(quiz, `count:1 seconds:10 source:${source}`, ctx('ada'));
  const id = `r${rounds}`;
  const row = (await engines.quiz.repo.getQuestion(id, 0))!;
  for (const [user, right] of Object.entries(answers))
    await answer(user, id, right ? row.correct : (row.correct + 1) % 4);
  await advance(10_000);
  return { id, question: JSON.parse(row.payload) as Question };
}

beforeEach(async () => {
  store = await openStore(':memory:');
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  engines = buildEngines(store, {
    messengers: { discord: channel },
    ...clock.deps,
    newRoundId: () => `r${++rounds}`,
  });
});
afterEach(async () => {
  engines.quiz.close();
  engines.flashcards?.close();
  await store.close();
});

describe('quiz misses become flashcards', () => {
  it('grades a miss Again (due in a minute), skips right answers on new cards, then counts Good', async () => {
    const revealAt = clock.now() + 10_000;
    const { question } = await round('bank', { ben: false, chen: true });
    const card = quizCardId(question);
    expect(card).toBe(`quiz:${question.id}`);
    const ben = (await stateOf('ben', card))!;
    expect(ben.due - revealAt).toBe(60_000); // FSRS's first learning step after Again
    expect(ben.lapses + ben.reps).toBeGreaterThan(0);
    expect(await stateOf('chen', card)).toBeUndefined();

    // The same question answered right in a later round: Good on the card ben already has.
    const later = clock.now() + 3_600_000;
    await advance(3_600_000);
    const expected = applyGrade(ben, 'good', later, 0.9).card.due.getTime();
    const q = (await engines.quiz.repo.getQuestion('r1', 0))!;
    const r1 = (await engines.quiz.repo.getRound('r1'))!;
    const right = { ...(await engines.quiz.repo.getAnswer('r1', 0, 'chen'))!, user_id: 'ben' };
    // The class services.ts wires into the quiz's reveals, over the same store.
    await new QuizMisses(new FlashcardRepo(store.db), clock.now).revealed({ ...r1, id: 'r9' }, q, [
      right,
    ]);
    expect((await stateOf('ben', card))!.due).toBe(expected);
    expect(expected - later).toBeGreaterThan(60_000);
  });

  it('shows them in review and stats as from quizzes; generated ones get fresh numbers', async () => {
    const bank = await round('bank', { ben: false });
    const gen = await round('generated', { ben: false });
    const genCard = quizCardId(gen.question);
    expect(genCard).toMatch(/^quiz:gen:[a-z-]+$/);
    expect(quizCard(genCard, 1)!.front).not.toBe(quizCard(genCard, 2)!.front);

    await advance(120_000);
    const review = await runCommandText(flashcards, 'review', ctx('ben'));
    expect(review.notes).toContain('From your quizzes: a question you missed.');
    const fronts = [review.summary];
    const drill = (await engines.flashcards!.repo.runningReview('discord', 'ben'))!;
    const back = await runAction(
      [flashcards],
      click(ctx('ben'), reviewRevealAction.encode({ session: drill.id, step: 0 })),
    );
    const q = bank.question;
    // The back: the right choice (the card keeps the bank's choice order) and the solution.
    expect(back.update?.body?.[0]).toContain(`${q.choices[q.correct]}**`);
    expect(back.update?.body?.[0]).toContain(q.explanation.slice(0, 40));
    expect(fronts.join()).toContain(bank.question.prompt);

    const stats = await runCommandText(flashcards, 'stats', ctx('ben'));
    const field = stats.fields!.find((f) => f.label === 'From quizzes')!;
    expect(field.value).toMatch(/^2 cards from questions you missed \(2 due now\)\. On/);
  });

  it('lets a member switch it off', async () => {
    const off = await runCommandText(flashcards, 'quizcards:off', ctx('ben'));
    expect(off.title).toBe('Quiz misses stay out of your cards');
    const { question } = await round('bank', { ben: false, dee: false });
    expect(await stateOf('ben', quizCardId(question))).toBeUndefined();
    expect(await stateOf('dee', quizCardId(question))).toBeDefined();
  });
});
