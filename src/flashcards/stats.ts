/**
 * A person's flashcard numbers, from their schedules and review log. Days are UTC days, like
 * the quiz's weeks: the same for everyone in a channel, whatever their time zone.
 */
import type { CardStateRow, ReviewTotals } from '../store/index.js';

export const DAY_MS = 86_400_000;
export const FORECAST_DAYS = 14;

export interface FlashcardStats {
  /** Cards in the deck that this person has seen at least once. */
  learned: number;
  deckSize: number;
  dueNow: number;
  /** Due within the next 7 days, those due now included. */
  dueWeek: number;
  reviews: number;
  /** Share of reviews not graded Again; undefined before the first review. */
  retention?: number;
  /** Days in a row, up to today (or yesterday, if today has no review yet), with a review. */
  streak: number;
  /** Cards due per day over the next 14 days; today's bar includes overdue cards. */
  forecast: { label: string; value: number }[];
}

const dayOf = (t: number) => Math.floor(t / DAY_MS);

export function streakOf(days: readonly number[], now: number): number {
  const set = new Set(days);
  const today = dayOf(now);
  let day = set.has(today) ? today : today - 1;
  let streak = 0;
  while (set.has(day)) {
    streak++;
    day--;
  }
  return streak;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Sat 10 Jan" (UTC). */
export function dayLabel(t: number): string {
  const d = new Date(t);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

export function forecastOf(
  states: readonly CardStateRow[],
  now: number,
  days = FORECAST_DAYS,
): { label: string; value: number }[] {
  const today = dayOf(now);
  const counts = new Array<number>(days).fill(0);
  for (const s of states) {
    const i = Math.max(0, dayOf(s.due) - today);
    if (i < days) counts[i]!++;
  }
  return counts.map((value, i) => ({
    label: i === 0 ? 'Today' : dayLabel((today + i) * DAY_MS).slice(0, -4),
    value,
  }));
}

export function statsOf(
  states: readonly CardStateRow[],
  totals: ReviewTotals,
  deckSize: number,
  now: number,
): FlashcardStats {
  return {
    learned: states.length,
    deckSize,
    dueNow: states.filter((s) => s.due <= now).length,
    dueWeek: states.filter((s) => s.due <= now + 7 * DAY_MS).length,
    reviews: totals.reviews,
    retention: totals.reviews > 0 ? (totals.reviews - totals.again) / totals.reviews : undefined,
    streak: streakOf(totals.days, now),
    forecast: forecastOf(states, now),
  };
}

/** "in 10 min", "in 5 h", "in 3 days (Sat 10 Jan)": when a card comes back. */
export function formatDue(due: number, now: number): string {
  const ms = due - now;
  if (ms < 30_000) return 'now';
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 24) return `in ${hours} h`;
  const days = Math.round(ms / DAY_MS);
  return `in ${days} day${days === 1 ? '' : 's'} (${dayLabel(due)})`;
}
