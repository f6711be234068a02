/**
 * Undo a grade: within 30 s of grading a card, its "Undo" button takes the grade back with
 * ts-fsrs's rollback (the schedule returns to what it was; a card that was new leaves the
 * schedule), and the card can be graded again. The log needed for rollback is kept at
 * grading time (flashcard_undo), so undo works after a restart too.
 */
import { defineAction, type ActionCodec } from '../actions.js';
import { stepFields } from '../games/ids.js';
import { info } from '../games/session.js';
import type { Action, Reply } from '../reply.js';
import type { DrillRow, FlashcardRepo } from '../store/index.js';
import { rollbackGrade, toStateRow } from './schedule.js';

export const UNDO_MS = 30_000;

/** Undo my last grade on this card (anyone may press it; it acts on their own grade only). */
export const undoAction: ActionCodec<{ session: string; step: number }> = defineAction(
  'flashcards',
  'undo',
  stepFields,
);

export const undoButton = (drillId: string, idx: number): Action => ({
  id: undoAction.encode({ session: drillId, step: idx }),
  label: 'Undo last grade',
  style: 'secondary',
});

/** Take back `userId`'s grade on card `idx` of a drill: 'late' after 30 s, 'none' if none. */
export async function undoGrade(
  repo: FlashcardRepo,
  now: number,
  drill: DrillRow,
  idx: number,
  userId: string,
): Promise<'undone' | 'late' | 'none'> {
  const review = await repo.getReview(drill.id, idx, userId);
  if (!review) return 'none';
  if (now - review.reviewed_at > UNDO_MS) return 'late';
  const key = { drillId: drill.id, idx, platform: drill.platform, userId, cardId: review.card_id };
  const done = await repo.study.undoGrade(key, now - UNDO_MS, (current, log, wasNew) =>
    wasNew ? undefined : toStateRow(rollbackGrade(current, log), key, now),
  );
  return done ? 'undone' : 'none';
}

export function undoReply(result: 'undone' | 'late' | 'none', open: boolean): Reply {
  if (result === 'late')
    return info('Too late to undo', `A grade can be taken back within ${UNDO_MS / 1000} s.`);
  if (result === 'none') return info('Nothing to undo', 'You have no grade on this card.');
  return info(
    'Grade taken back',
    open
      ? 'Your schedule for this card is as it was before. Grade it again.'
      : 'Your schedule for this card is as it was before; the card comes back as it would have.',
  );
}
