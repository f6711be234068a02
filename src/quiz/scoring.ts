/**
 * Points for one answer:
 *   wrong or no answer: 0
 *   correct: 100
 *          + speed bonus  round(50 × time left / time allowed)      (0–50; 0 without a deadline)
 *          + streak bonus min(50, 10 × (streak − 1))                (streak = correct answers in
 *                                                                    a row in this round, this one included)
 * So the best single answer is worth 200, and a fast answer never outweighs a right one.
 */
export const SCORING = { base: 100, speedMax: 50, streakStep: 10, streakMax: 50 } as const;

export interface ScoreInput {
  correct: boolean;
  answeredAt: number;
  postedAt: number | null;
  deadlineAt: number | null;
  /** Correct answers in a row, this one included (0 when wrong). */
  streak: number;
}

export function pointsFor(a: ScoreInput): number {
  if (!a.correct) return 0;
  let speed = 0;
  if (a.postedAt !== null && a.deadlineAt !== null && a.deadlineAt > a.postedAt) {
    const window = a.deadlineAt - a.postedAt;
    const left = Math.min(window, Math.max(0, a.deadlineAt - a.answeredAt));
    speed = Math.round((SCORING.speedMax * left) / window);
  }
  const streak = Math.min(SCORING.streakMax, SCORING.streakStep * Math.max(0, a.streak - 1));
  return SCORING.base + speed + streak;
}

/** The formula in words, for /quiz help and the round summary. */
export const SCORING_TEXT = `A right answer scores ${SCORING.base}, plus up to ${SCORING.speedMax} for speed and ${SCORING.streakStep} per question of your current streak (up to ${SCORING.streakMax}).`;

/** Monday 00:00 UTC of the week containing `now`: weekly leaderboards reset then. */
export function weekStart(now: number): number {
  const d = new Date(now);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}
