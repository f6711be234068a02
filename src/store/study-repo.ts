/**
 * The study modes' own rows (issue 17): each member's quiz-cards switch, and taking a
 * flashcard grade back (the ts-fsrs log kept at grading time, for rollback).
 */
import type { Kysely } from 'kysely';
import type { CardStateRow, GradeKey } from './flashcards-repo.js';
import { isUniqueViolation } from './session-repo.js';
import type { Database } from './schema.js';

export class StudyRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Take back a grade given at or after `since`: `restore` turns the person's current
   * schedule and the grade's ts-fsrs log into the schedule before it (undefined: the card was
   * new, so it leaves their schedule). False when there is no such grade to undo.
   */
  async undoGrade(
    key: GradeKey,
    since: number,
    restore: (current: CardStateRow, log: string, wasNew: boolean) => CardStateRow | undefined,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const undo = await trx
        .selectFrom('flashcard_undo')
        .selectAll()
        .where('drill_id', '=', key.drillId)
        .where('idx', '=', key.idx)
        .where('user_id', '=', key.userId)
        .where('graded_at', '>=', since)
        .executeTakeFirst();
      const current = await trx
        .selectFrom('flashcard_states')
        .selectAll()
        .where('platform', '=', key.platform)
        .where('user_id', '=', key.userId)
        .where('card_id', '=', key.cardId)
        .executeTakeFirst();
      if (!undo || !current) return false;
      const before = restore(current, undo.log, undo.was_new === 1);
      const state = trx
        .deleteFrom('flashcard_states')
        .where('platform', '=', key.platform)
        .where('user_id', '=', key.userId)
        .where('card_id', '=', key.cardId);
      if (before) {
        const { platform: _p, user_id: _u, card_id: _c, ...changes } = before;
        await trx
          .updateTable('flashcard_states')
          .set(changes)
          .where('platform', '=', key.platform)
          .where('user_id', '=', key.userId)
          .where('card_id', '=', key.cardId)
          .execute();
      } else await state.execute();
      for (const table of ['flashcard_reviews', 'flashcard_undo'] as const) {
        await trx
          .deleteFrom(table)
          .where('drill_id', '=', key.drillId)
          .where('idx', '=', key.idx)
          .where('user_id', '=', key.userId)
          .execute();
      }
      return true;
    });
  }

  /** Whether a member's quiz misses become flashcards (on unless they switched it off). */
  async quizCardsOn(platform: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('study_prefs')
      .select('quiz_cards')
      .where('platform', '=', platform)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.quiz_cards !== 0;
  }

  async setQuizCards(platform: string, userId: string, on: boolean, now: number): Promise<void> {
    const values = { platform, user_id: userId, quiz_cards: on ? 1 : 0, updated_at: now };
    await this.db
      .insertInto('study_prefs')
      .values(values)
      .onConflict((oc) => oc.columns(['platform', 'user_id']).doUpdateSet(values))
      .execute();
  }

  /**
   * A review whose grade was undone goes back to that card's answer side: the card is
   * revealed again, the next one (if shown) pending, and a finished review running again.
   * False when the member has started another review since.
   */
  async reopenReview(drillId: string, idx: number): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('session_steps')
          .set({ phase: 'pending', posted_at: null })
          .where('session_id', '=', drillId)
          .where('idx', '=', idx + 1)
          .where('phase', '=', 'front')
          .execute();
        await trx
          .updateTable('session_steps')
          .set({ phase: 'revealed' })
          .where('session_id', '=', drillId)
          .where('idx', '=', idx)
          .execute();
        await trx
          .updateTable('sessions')
          .set({ current: idx, status: 'running', finished_at: null })
          .where('id', '=', drillId)
          .execute();
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
