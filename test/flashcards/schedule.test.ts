/**
 * Scheduling against ts-fsrs itself, the card picker, and the stats arithmetic: all pure,
 * no store.
 */
import { fsrs, createEmptyCard, Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { loadDeck } from '../../src/flashcards/deck.js';
import { pickCards } from '../../src/flashcards/pick.js';
import {
  applyGrade,
  DEFAULT_RETENTION,
  gradeRows,
  previewDue,
  toStateRow,
  type GradeName,
} from '../../src/flashcards/schedule.js';
import { DAY_MS, forecastOf, formatDue, statsOf, streakOf } from '../../src/flashcards/stats.js';
import type { CardStateRow } from '../../src/store/index.js';

const T0 = Date.UTC(2026, 0, 7, 12);
const who = { platform: 'discord', userId: 'ada', cardId: 'co-rule' };

/** Grade a card several times, each review exactly when it falls due. */
function history(grades: GradeName[], retention = DEFAULT_RETENTION) {
  let state: CardStateRow | undefined;
  let now = T0;
  const intervals: number[] = [];
  for (const g of grades) {
    const { card } = applyGrade(state, g, now, retention);
    state = toStateRow(card, who, now);
    intervals.push(state.due - now);
    now = state.due;
  }
  return { state: state!, intervals };
}

describe('scheduling with ts-fsrs', () => {
  it('matches ts-fsrs run directly', () => {
    const f = fsrs({ request_retention: 0.9 });
    let direct = createEmptyCard(new Date(T0));
    let ours: CardStateRow | undefined;
    let now = T0;
    for (const [g, r] of [
      ['good', Rating.Good],
      ['again', Rating.Again],
      ['good', Rating.Good],
      ['easy', Rating.Easy],
      ['hard', Rating.Hard],
    ] as const) {
      direct = f.next(direct, new Date(now), r).card;
      ours = toStateRow(applyGrade(ours, g, now, 0.9).card, who, now);
      expect(ours.due).toBe(direct.due.getTime());
      expect(ours.stability).toBeCloseTo(direct.stability, 10);
      expect(ours.difficulty).toBeCloseTo(direct.difficulty, 10);
      expect(ours.reps).toBe(direct.reps);
      expect(ours.lapses).toBe(direct.lapses);
      expect(ours.state).toBe(direct.state);
      now = direct.due.getTime() + 3_600_000;
    }
  });

  it('schedules a card graded Good later than one graded Again, and Easy later still', () => {
    for (const start of [[], ['good'], ['good', 'good', 'good']] as GradeName[][]) {
      const before = start.length ? history(start).state : undefined;
      const now = before ? before.due : T0;
      const due = (g: GradeName) => applyGrade(before, g, now, 0.9).card.due.getTime();
      expect(due('good')).toBeGreaterThan(due('again'));
      expect(due('hard')).toBeGreaterThanOrEqual(due('again'));
      expect(due('easy')).toBeGreaterThan(due('good'));
    }
  });

  it('grows the interval with successive Goods', () => {
    const { intervals, state } = history(['good', 'good', 'good', 'good', 'good', 'good']);
    for (let i = 1; i < intervals.length; i++) {
      expect(intervals[i]!, `review ${i + 1}`).toBeGreaterThan(intervals[i - 1]!);
    }
    expect(intervals.at(-1)!).toBeGreaterThan(30 * DAY_MS);
    expect(state.reps).toBe(6);
    expect(state.lapses).toBe(0);
  });

  it('counts a lapse when a learned card is forgotten, and brings it back soon', () => {
    const learned = history(['good', 'good', 'good']).state;
    const { card } = applyGrade(learned, 'again', learned.due, 0.9);
    expect(card.lapses).toBe(1);
    expect(card.due.getTime() - learned.due).toBeLessThan(DAY_MS);
  });

  it('reviews more often at a higher desired retention', () => {
    const base = history(['good', 'good', 'good']).state;
    const interval = (r: number) =>
      applyGrade(base, 'good', base.due, r).card.due.getTime() - base.due;
    expect(interval(0.95)).toBeLessThan(interval(0.9));
    expect(interval(0.9)).toBeLessThan(interval(0.8));
  });

  it('previews each grade exactly as grading would schedule it', () => {
    const base = history(['good', 'hard']).state;
    const preview = previewDue(base, base.due, 0.9);
    for (const g of ['again', 'hard', 'good', 'easy'] as const) {
      expect(preview[g]).toBe(applyGrade(base, g, base.due, 0.9).card.due.getTime());
    }
  });

  it('writes a review-log row carrying the grade, the prior state and the new due date', () => {
    const { review, state } = gradeRows(undefined, 'hard', T0, 0.85, {
      ...who,
      drillId: 'd1',
      idx: 2,
      userName: 'Ada',
      serverId: 'g',
      channelId: 'c',
      mode: 'channel',
    });
    expect(review).toMatchObject({
      drill_id: 'd1',
      idx: 2,
      rating: Rating.Hard,
      state: 0,
      due: state.due,
      retention: 0.85,
      reviewed_at: T0,
    });
    expect(state).toMatchObject({ reps: 1, last_review: T0, card_id: 'co-rule' });
  });
});

const row = (user: string, card: string, due: number): CardStateRow => ({
  ...toStateRow(
    createEmptyCard(new Date(due)),
    { platform: 'discord', userId: user, cardId: card },
    due,
  ),
  state: 2,
  reps: 3,
});

describe('picking drill cards', () => {
  const deck = loadDeck();
  const [a, b, c, d] = deck.map((x) => x.id);

  it('takes the cards due for the most participants first, then new ones, in course order', () => {
    const states = [
      row('ada', b!, T0 - DAY_MS),
      row('ben', b!, T0 - 1000),
      row('ada', c!, T0 - 5 * DAY_MS),
      row('ada', a!, T0 + DAY_MS), // not due: seen by Ada, new to Ben
      row('zed', d!, T0 - DAY_MS), // not taking part
    ];
    const picked = pickCards({ deck, count: 4, participants: ['ada', 'ben'], states, now: T0 });
    // b is due for two people, c for one; then cards new to both, in deck order (d is new to both).
    expect(picked.map((x) => x.id)).toEqual([b, c, d, deck[4]!.id]);
  });

  it('falls back to the soonest due once every card has been seen', () => {
    const small = deck.slice(0, 3);
    const states = small.map((x, i) => row('ada', x.id, T0 + (3 - i) * DAY_MS));
    const picked = pickCards({ deck: small, count: 2, participants: ['ada'], states, now: T0 });
    expect(picked.map((x) => x.id)).toEqual([small[2]!.id, small[1]!.id]);
  });

  it('filters by tag', () => {
    const picked = pickCards({
      deck,
      count: 30,
      tag: 'emergence',
      participants: [],
      states: [],
      now: T0,
    });
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((x) => x.tags.includes('emergence'))).toBe(true);
  });
});

describe('stats arithmetic', () => {
  const today = Math.floor(T0 / DAY_MS);

  it('counts a streak of days in a row up to today, or yesterday when today has none yet', () => {
    expect(streakOf([], T0)).toBe(0);
    expect(streakOf([today, today - 1, today - 2, today - 4], T0)).toBe(3);
    expect(streakOf([today - 1, today - 2], T0)).toBe(2);
    expect(streakOf([today - 2], T0)).toBe(0);
  });

  it('forecasts 14 days, overdue cards on today', () => {
    const states = [
      row('ada', 'a', T0 - 3 * DAY_MS),
      row('ada', 'b', T0 + 1000),
      row('ada', 'c', T0 + DAY_MS),
      row('ada', 'd', T0 + 13 * DAY_MS),
      row('ada', 'e', T0 + 30 * DAY_MS),
    ];
    const days = forecastOf(states, T0);
    expect(days).toHaveLength(14);
    expect(days.map((d) => d.value)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(days[0]!.label).toBe('Today');
    expect(days[1]!.label).toBe('Thu 8');
  });

  it('puts the numbers together', () => {
    const states = [
      row('ada', 'a', T0 - 1),
      row('ada', 'b', T0 + 2 * DAY_MS),
      row('ada', 'c', T0 + 9 * DAY_MS),
    ];
    const s = statsOf(states, { reviews: 8, again: 2, days: [today] }, 45, T0);
    expect(s).toMatchObject({
      learned: 3,
      deckSize: 45,
      dueNow: 1,
      dueWeek: 2,
      reviews: 8,
      streak: 1,
    });
    expect(s.retention).toBeCloseTo(0.75);
  });

  it('says when a card comes back in words', () => {
    expect(formatDue(T0 + 60_000 * 10, T0)).toBe('in 10 min');
    expect(formatDue(T0 + 3_600_000 * 5, T0)).toBe('in 5 h');
    expect(formatDue(T0 + 3 * DAY_MS, T0)).toBe('in 3 days (Sat 10 Jan)');
  });
});
