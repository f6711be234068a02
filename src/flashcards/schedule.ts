/**
 * Spaced repetition with ts-fsrs (the FSRS algorithm Anki uses). This file is the only one
 * that knows ts-fsrs: it turns a stored schedule row into an FSRS card, applies a grade at a
 * desired retention, and turns the result back into rows for the store.
 *
 * Fuzz is off (ts-fsrs's default), so the same history always gives the same due date; the
 * short-term learning steps are on (ts-fsrs's default): a new card graded Again comes back
 * in a minute, Good in ten, as in Anki.
 */
import {
  createEmptyCard,
  fsrs,
  Rating,
  type Card as FsrsCard,
  type FSRS,
  type Grade,
  type ReviewLog,
} from 'ts-fsrs';
import type { CardStateRow, ReviewRow } from '../store/index.js';
import type { DrillMode, FlashcardUndoTable } from '../store/schema.js';

export const DEFAULT_RETENTION = 0.9;
/** Below 0.7 reviews come too late to be useful; above 0.97 the workload explodes. */
export const RETENTION_MIN = 0.7;
export const RETENTION_MAX = 0.97;

export const GRADE_NAMES = ['again', 'hard', 'good', 'easy'] as const;
export type GradeName = (typeof GRADE_NAMES)[number];

export const GRADE_RATING: Record<GradeName, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

export const GRADE_LABEL: Record<GradeName, string> = {
  again: 'Again',
  hard: 'Hard',
  good: 'Good',
  easy: 'Easy',
};

export const gradeName = (rating: number): GradeName =>
  GRADE_NAMES[Math.min(3, Math.max(0, rating - 1))]!;
export const isGradeName = (s: string): s is GradeName =>
  (GRADE_NAMES as readonly string[]).includes(s);

const schedulers = new Map<string, FSRS>();

/**
 * One ts-fsrs scheduler per desired retention and step kind (stateless, so cached).
 * `minuteSteps` is FSRS `enable_short_term`: false schedules whole days only.
 */
export function schedulerFor(retention: number, minuteSteps = true): FSRS {
  const key = `${retention}:${minuteSteps}`;
  let f = schedulers.get(key);
  if (!f) {
    f = fsrs({ request_retention: retention, enable_fuzz: false, enable_short_term: minuteSteps });
    schedulers.set(key, f);
  }
  return f;
}

/** The stored schedule as ts-fsrs's Card; a person's first sight of a card is a new card. */
export function toFsrsCard(row: CardStateRow | undefined, now: number): FsrsCard {
  if (!row) return createEmptyCard(new Date(now));
  return {
    due: new Date(row.due),
    stability: row.stability,
    difficulty: row.difficulty,
    elapsed_days: row.elapsed_days,
    scheduled_days: row.scheduled_days,
    learning_steps: row.learning_steps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    last_review: row.last_review === null ? undefined : new Date(row.last_review),
  };
}

export interface Who {
  platform: string;
  userId: string;
  cardId: string;
}

export function toStateRow(card: FsrsCard, who: Who, now: number): CardStateRow {
  return {
    platform: who.platform,
    user_id: who.userId,
    card_id: who.cardId,
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review ? card.last_review.getTime() : null,
    updated_at: now,
  };
}

/** Apply one grade: the new schedule and the ts-fsrs review log. */
export function applyGrade(
  previous: CardStateRow | undefined,
  grade: GradeName,
  now: number,
  retention: number,
  minuteSteps = true,
): { card: FsrsCard; log: ReviewLog } {
  return schedulerFor(retention, minuteSteps).next(
    toFsrsCard(previous, now),
    new Date(now),
    GRADE_RATING[grade],
  );
}

/** When the card would come back for each grade (the private review's button labels). */
export function previewDue(
  previous: CardStateRow | undefined,
  now: number,
  retention: number,
  minuteSteps = true,
): Record<GradeName, number> {
  const preview = schedulerFor(retention, minuteSteps).repeat(
    toFsrsCard(previous, now),
    new Date(now),
  );
  const out = {} as Record<GradeName, number>;
  for (const g of GRADE_NAMES) out[g] = preview[GRADE_RATING[g]].card.due.getTime();
  return out;
}

export interface GradeContext extends Who {
  drillId: string;
  idx: number;
  userName: string;
  serverId: string;
  channelId: string;
  mode: DrillMode;
}

/** The rows one grade writes: its review-log entry and the person's new schedule. */
export function gradeRows(
  previous: CardStateRow | undefined,
  grade: GradeName,
  now: number,
  retention: number,
  g: GradeContext,
  minuteSteps = true,
): { review: ReviewRow; state: CardStateRow; undo: FlashcardUndoTable } {
  const { card, log } = applyGrade(previous, grade, now, retention, minuteSteps);
  return {
    undo: {
      drill_id: g.drillId,
      idx: g.idx,
      user_id: g.userId,
      log: JSON.stringify(log),
      was_new: previous ? 0 : 1,
      graded_at: now,
    },
    state: toStateRow(card, g, now),
    review: {
      drill_id: g.drillId,
      idx: g.idx,
      user_id: g.userId,
      user_name: g.userName.slice(0, 80),
      platform: g.platform,
      server_id: g.serverId,
      channel_id: g.channelId,
      mode: g.mode,
      card_id: g.cardId,
      rating: log.rating,
      state: log.state,
      due: card.due.getTime(),
      stability: card.stability,
      difficulty: card.difficulty,
      elapsed_days: log.elapsed_days,
      last_elapsed_days: log.last_elapsed_days,
      scheduled_days: card.scheduled_days,
      learning_steps: card.learning_steps,
      retention,
      reviewed_at: now,
    },
  };
}

/** Take a grade back with ts-fsrs's rollback: the schedule as it was before `log`. */
export function rollbackGrade(current: CardStateRow, logJson: string): FsrsCard {
  const raw = JSON.parse(logJson) as Record<string, unknown>;
  const log = { ...raw, due: new Date(raw.due as string), review: new Date(raw.review as string) };
  return schedulerFor(DEFAULT_RETENTION).rollback(
    toFsrsCard(current, Date.now()),
    log as ReviewLog,
  );
}
