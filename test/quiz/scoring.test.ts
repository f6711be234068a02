import { describe, expect, it } from 'vitest';
import { pointsFor, SCORING, weekStart } from '../../src/quiz/scoring.js';

const base = { postedAt: 0, deadlineAt: 30_000 };

describe('scoring', () => {
  it('gives nothing for a wrong answer', () => {
    expect(pointsFor({ ...base, correct: false, answeredAt: 1, streak: 0 })).toBe(0);
  });

  it('adds a speed bonus proportional to the time left', () => {
    expect(pointsFor({ ...base, correct: true, answeredAt: 0, streak: 1 })).toBe(150);
    expect(pointsFor({ ...base, correct: true, answeredAt: 15_000, streak: 1 })).toBe(125);
    expect(pointsFor({ ...base, correct: true, answeredAt: 30_000, streak: 1 })).toBe(100);
    expect(pointsFor({ ...base, correct: true, answeredAt: 40_000, streak: 1 })).toBe(100);
    expect(
      pointsFor({ postedAt: 0, deadlineAt: null, correct: true, answeredAt: 5, streak: 1 }),
    ).toBe(100);
  });

  it('adds 10 per question of streak beyond the first, capped at 50', () => {
    expect(pointsFor({ ...base, correct: true, answeredAt: 30_000, streak: 2 })).toBe(110);
    expect(pointsFor({ ...base, correct: true, answeredAt: 30_000, streak: 6 })).toBe(150);
    expect(pointsFor({ ...base, correct: true, answeredAt: 30_000, streak: 20 })).toBe(150);
    expect(SCORING.base + SCORING.speedMax + SCORING.streakMax).toBe(200);
  });

  it('starts weeks on Monday 00:00 UTC', () => {
    const wed = Date.UTC(2026, 0, 7, 12);
    expect(new Date(weekStart(wed)).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    const sun = Date.UTC(2026, 0, 11, 23, 59);
    expect(weekStart(sun)).toBe(Date.UTC(2026, 0, 5));
    expect(weekStart(Date.UTC(2026, 0, 12))).toBe(Date.UTC(2026, 0, 12));
  });
});
