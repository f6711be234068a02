/**
 * Undo a grade: the "Undo last grade" button takes a grade back within 30 s with ts-fsrs's
 * rollback — in a private review (the card's answer side comes back to regrade) and in a
 * channel drill (the member's own grade only) — and refuses after 30 s.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import {
  gradeAction,
  revealAction,
  reviewGradeAction,
  reviewRevealAction,
} from '../../src/flashcards/actions.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { undoAction } from '../../src/flashcards/undo.js';
import { openStore, type Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from '../quiz/fakes.js';

const flashcards = findCommand('flashcards')!;
const services = servicesFrom(() => ({ flashcards: engine }));
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: FlashcardEngine;
let ids = 0;

beforeEach(async () => {
  ids = 0;
  store = await openStore(':memory:');
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  engine = new FlashcardEngine({
    store,
    messengers: { discord: channel },
    ...clock.deps,
    newDrillId: () => `d${++ids}`,
  });
});
afterEach(async () => {
  engine.close();
  await store.close();
});

const ctx = (user: string) => context(user, { messenger: channel, services });
const press = (user: string, id: string) => runAction([flashcards], click(ctx(user), id));
const advance = (ms: number) => clock.advance(ms, () => engine.idle());
const states = (user: string) =>
  store.db.selectFrom('flashcard_states').selectAll().where('user_id', '=', user).execute();
const at = (session: string, step: number) => ({ session, step });
const withoutTime = <T extends { updated_at: number }>(rows: T[]) =>
  rows.map(({ updated_at: _u, ...r }) => r);

describe('undo a grade', () => {
  it('in a review: takes a new card out again, shows its answer side, regrades; late undo refused', async () => {
    await runCommandText(flashcards, 'review count:2', ctx('ben'));
    const d = `d${ids}`;
    await press('ben', reviewRevealAction.encode(at(d, 0)));
    const graded = await press('ben', reviewGradeAction.encode({ ...at(d, 0), grade: 'good' }));
    expect(graded.update?.actions?.flat().map((a) => a.id)).toContain(undoAction.encode(at(d, 0)));
    expect(await states('ben')).toHaveLength(1);

    await advance(10_000);
    const undone = await press('ben', undoAction.encode(at(d, 0)));
    expect(undone.update?.notes?.[0]).toMatch(/^Grade taken back/);
    expect(undone.update?.title).toMatch(/^Review 1\/2/);
    expect(await states('ben')).toHaveLength(0); // it was new: rolled back out of the schedule
    expect((await press('ben', undoAction.encode(at(d, 0)))).reply?.title).toBe('Nothing to undo');

    await press('ben', reviewGradeAction.encode({ ...at(d, 0), grade: 'again' }));
    const [again] = await states('ben');
    expect(again!.due - clock.now()).toBe(60_000);
    await advance(30_001);
    expect((await press('ben', undoAction.encode(at(d, 0)))).reply?.title).toBe('Too late to undo');
    expect(withoutTime(await states('ben'))).toEqual(withoutTime([again!]));
    expect((await press('chen', undoAction.encode(at(d, 0)))).reply?.title).toBe('Not your review');
  });

  it("rolls a known card back to its earlier schedule with ts-fsrs's rollback", async () => {
    await runCommandText(flashcards, 'review count:1', ctx('ben'));
    await press('ben', reviewRevealAction.encode(at('d1', 0)));
    await press('ben', reviewGradeAction.encode({ ...at('d1', 0), grade: 'good' }));
    const first = await states('ben');
    await advance(11 * 60_000); // due again (the 10-minute learning step)
    await runCommandText(flashcards, 'review count:1', ctx('ben'));
    await press('ben', reviewRevealAction.encode(at('d2', 0)));
    const gradedAt = clock.now();
    await press('ben', reviewGradeAction.encode({ ...at('d2', 0), grade: 'easy' }));
    expect(withoutTime(await states('ben'))).not.toEqual(withoutTime(first));
    const undone = await press('ben', undoAction.encode(at('d2', 0)));
    expect(undone.update?.notes?.[0]).toMatch(/^Grade taken back/);
    // Everything FSRS knew before the grade is back; ts-fsrs's rollback sets `due` to the
    // time of the undone review (the card was due then, so it is due now).
    const [back] = withoutTime(await states('ben'));
    expect(back).toEqual({ ...withoutTime(first)[0], due: gradedAt });
    expect(back!.due).toBeLessThanOrEqual(clock.now());
  });

  it("in a channel drill: a member's own grade only, regraded while the card is open", async () => {
    await runCommandText(flashcards, 'count:1', ctx('ada'));
    await press('ada', revealAction.encode(at('d1', 0)));
    const saved = await press('ben', gradeAction.encode({ ...at('d1', 0), grade: 'hard' }));
    expect(saved.reply?.actions?.[0]?.[0]?.label).toBe('Undo last grade');
    expect((await press('chen', undoAction.encode(at('d1', 0)))).reply?.title).toBe(
      'Nothing to undo',
    );
    expect(await states('ben')).toHaveLength(1);
    const undone = await press('ben', undoAction.encode(at('d1', 0)));
    expect(undone.reply?.summary).toMatch(/Grade it again/);
    expect(await states('ben')).toHaveLength(0);
    const again = await press('ben', gradeAction.encode({ ...at('d1', 0), grade: 'good' }));
    expect(again.reply?.title).toBe('Saved: Good');
  });
});
