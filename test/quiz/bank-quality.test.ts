/**
 * Guards against answer-length give-aways: if the correct choice is usually the longest and
 * most detailed one, a study group learns "pick the long one" instead of the material.
 */
import { describe, expect, it } from 'vitest';
import { loadBank, type BankQuestion } from '../../src/quiz/bank.js';

const bank = loadBank();

/** The correct choice may be the strictly longest in at most this share of questions. */
const MAX_LONGEST_SHARE = 0.25;
/** The correct choice may be at most this many times the mean distractor length. */
const MAX_LENGTH_RATIO = 1.6;

const lengths = (q: BankQuestion) => q.choices.map((c) => [...c].length);
const correctLength = (q: BankQuestion) => lengths(q)[q.correct]!;
const distractorLengths = (q: BankQuestion) => lengths(q).filter((_, i) => i !== q.correct);
const correctIsStrictlyLongest = (q: BankQuestion) =>
  distractorLengths(q).every((len) => correctLength(q) > len);
const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

describe('question bank quality', () => {
  it('does not make the correct choice the longest one in most questions', () => {
    const longest = bank.filter(correctIsStrictlyLongest).map((q) => q.id);
    expect(
      longest.length,
      `correct choice is the strictly longest in: ${longest.join(', ')}`,
    ).toBeLessThanOrEqual(Math.floor(bank.length * MAX_LONGEST_SHARE));
  });

  it.each(bank.map((q) => [q.id, q] as const))(
    '%s: the correct choice is not much longer than the distractors',
    (_id, q) => {
      const others = distractorLengths(q);
      const mean = others.reduce((a, b) => a + b, 0) / others.length;
      expect(correctLength(q) / mean).toBeLessThanOrEqual(MAX_LENGTH_RATIO);
    },
  );

  it.each(bank.map((q) => [q.id, q] as const))('%s: no two choices are equal', (_id, q) => {
    const normalised = q.choices.map(normalise);
    expect(new Set(normalised).size).toBe(q.choices.length);
  });
});
