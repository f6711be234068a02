/**
 * What TAs see in `/course stats`: how each course question's answers split, the hardest
 * questions and cards, and how many members took part each week. Pure over the rows the
 * store returns, so it is tested without a database. Weeks start on Monday, UTC (as the
 * quiz's weekly leaderboard).
 */
import { weekStart } from '../quiz/scoring.js';
import { TYPED } from '../quiz/numeric.js';
import type { CourseItem } from './import/item.js';
import { TRUE_FALSE } from './import/item.js';
import { summariseTyped, typedLine, type NumericSummary } from './numeric-stats.js';

export interface AnswerFact {
  item_id: string;
  user_id: string;
  choice: number;
  correct: number;
  answered_at: number;
  round_id?: string;
  idx?: number;
  /** The number typed for a numeric question (choice TYPED); null for letters. */
  value?: number | null;
}
export interface ReviewFact {
  card_id: string;
  user_id: string;
  rating: number;
  reviewed_at: number;
}

export interface QuestionSplit {
  key: string;
  prompt: string;
  answers: number;
  correctShare: number;
  /**
   * "A 12 · B 3 · C 1"; for numeric questions the typed values (src/course/numeric-stats.ts):
   * how many within the tolerance, their median and the common wrong values.
   */
  split: string;
  numeric?: NumericSummary;
}

export interface CourseStats {
  questions: QuestionSplit[];
  hardestQuestions: QuestionSplit[];
  hardestCards: { key: string; prompt: string; reviews: number; againShare: number }[];
  weeks: { label: string; value: number }[];
}

const LETTERS = 'ABCDEF';
const fileChoices = (item: CourseItem): readonly string[] =>
  item.kind === 'choice' ? item.choices : item.kind === 'truefalse' ? TRUE_FALSE : [];
/** A question needs this many answers (a card this many grades) to rank as hard. */
export const MIN_RANKED = 3;

export function courseStats(
  items: readonly { key: string; item: CourseItem }[],
  answers: readonly AnswerFact[],
  reviews: readonly ReviewFact[],
  weeks = 8,
  now = Date.now(),
  /** `${round}:${idx}` → the choices as shown (CourseRepo.shownChoices), to undo the shuffle. */
  shown: ReadonlyMap<string, readonly string[]> = new Map(),
): CourseStats {
  const byKey = new Map(items.map((i) => [i.key, i.item]));
  const questions: QuestionSplit[] = [];
  for (const { key, item } of items) {
    if (item.kind === 'card') continue;
    const mine = answers.filter((a) => a.item_id === key);
    if (mine.length === 0) continue;
    const right = mine.filter((a) => a.correct).length;
    const labels =
      item.kind === 'choice'
        ? item.choices.map((_, i) => LETTERS[i]!)
        : item.kind === 'truefalse'
          ? [...TRUE_FALSE]
          : undefined;
    const numeric =
      item.kind === 'numeric'
        ? summariseTyped(
            item,
            mine.flatMap((a) =>
              a.choice === TYPED && typeof a.value === 'number' && Number.isFinite(a.value)
                ? [{ value: a.value, correct: a.correct }]
                : [],
            ),
          )
        : undefined;
    // The file's letter an answer picked: rounds shuffle the choices, and store the position.
    const picked = (a: AnswerFact): number => {
      const asked = shown.get(`${a.round_id}:${a.idx}`)?.[a.choice];
      const i = asked === undefined || !labels ? -1 : fileChoices(item).indexOf(asked);
      return i >= 0 ? i : a.choice;
    };
    const split = labels
      ? labels.map((l, i) => `${l} ${mine.filter((a) => picked(a) === i).length}`).join(' · ')
      : item.kind === 'numeric' && numeric && numeric.typed > 0
        ? typedLine(item, numeric)
        : `right ${right} · wrong ${mine.length - right}`;
    questions.push({
      key,
      prompt: item.prompt,
      answers: mine.length,
      // Stored `correct`, as scored: numeric questions rank by their share right like the rest.
      correctShare: right / mine.length,
      split,
      ...(numeric ? { numeric } : {}),
    });
  }
  const hardestQuestions = questions
    .filter((q) => q.answers >= MIN_RANKED)
    .sort((a, b) => a.correctShare - b.correctShare || b.answers - a.answers)
    .slice(0, 5);
  const cardReviews = new Map<string, { reviews: number; again: number }>();
  for (const r of reviews) {
    if (!byKey.has(r.card_id)) continue;
    const c = cardReviews.get(r.card_id) ?? { reviews: 0, again: 0 };
    c.reviews++;
    if (r.rating === 1) c.again++;
    cardReviews.set(r.card_id, c);
  }
  const hardestCards = [...cardReviews]
    .filter(([, c]) => c.reviews >= MIN_RANKED)
    .map(([key, c]) => ({
      key,
      prompt: byKey.get(key)!.prompt,
      reviews: c.reviews,
      againShare: c.again / c.reviews,
    }))
    .sort((a, b) => b.againShare - a.againShare || b.reviews - a.reviews)
    .slice(0, 5);
  return {
    questions,
    hardestQuestions,
    hardestCards,
    weeks: participation(answers, reviews, weeks, now),
  };
}

const WEEK_MS = 7 * 86_400_000;
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** Distinct members who answered or reviewed anything, per week, oldest first. */
export function participation(
  answers: readonly { user_id: string; answered_at: number }[],
  reviews: readonly { user_id: string; reviewed_at: number }[],
  weeks: number,
  now: number,
): { label: string; value: number }[] {
  const first = weekStart(now) - (weeks - 1) * WEEK_MS;
  const members = Array.from({ length: weeks }, () => new Set<string>());
  const add = (user: string, t: number) => {
    const i = Math.floor((t - first) / WEEK_MS);
    if (i >= 0 && i < weeks) members[i]!.add(user);
  };
  for (const a of answers) add(a.user_id, a.answered_at);
  for (const r of reviews) add(r.user_id, r.reviewed_at);
  return members.map((set, i) => {
    const d = new Date(first + i * WEEK_MS);
    return { label: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`, value: set.size };
  });
}
