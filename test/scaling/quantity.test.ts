import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/input-error.js';
import {
  formatCount,
  formatSci,
  parseQuantity,
  type QuantityKind,
} from '../../src/scaling/quantity.js';
import { parseBudget } from '../../src/scaling/compute.js';

const accepted: [string, QuantityKind, number][] = [
  ['6e22', 'compute', 6e22],
  ['6E22', 'compute', 6e22],
  ['6x10^22', 'compute', 6e22],
  ['6×10^22', 'compute', 6e22],
  ['6*10^22', 'compute', 6e22],
  ['6·10²²', 'compute', 6e22],
  ['6.0 × 10²²', 'compute', 6e22],
  ['6 x 10^22', 'compute', 6e22],
  ['6e22 FLOPs', 'compute', 6e22],
  ['6e22 FLOP', 'compute', 6e22],
  ['  6e22  ', 'compute', 6e22],
  ['70B', 'params', 70e9],
  ['70b', 'params', 70e9],
  ['70 B params', 'params', 70e9],
  ['70B parameters', 'params', 70e9],
  ['500M', 'params', 500e6],
  ['22 billion', 'params', 22e9],
  ['1,000,000', 'params', 1e6],
  ['1_000', 'params', 1e3],
  ['1.4T', 'tokens', 1.4e12],
  ['1.4 trillion', 'tokens', 1.4e12],
  ['1.4T tokens', 'tokens', 1.4e12],
  ['.5T', 'tokens', 0.5e12],
];

const rejected: [string, QuantityKind, string][] = [
  ['', 'compute', 'Expected a compute budget, got nothing. Example that works: 6e22'],
  ['   ', 'params', 'Expected a parameter count, got nothing. Example that works: 70B'],
  [
    'banana',
    'params',
    'That is not a parameter count I can read (received "banana"). Example that works: 70B',
  ],
  [
    '-5B',
    'params',
    'A parameter count must be greater than zero (received "-5B"). Example that works: 70B',
  ],
  [
    '0',
    'tokens',
    'A token count must be greater than zero (received "0"). Example that works: 1.4T',
  ],
  [
    'NaN',
    'compute',
    'A compute budget must be a finite number (received "NaN"). Example that works: 6e22',
  ],
  [
    'Infinity',
    'compute',
    'A compute budget must be a finite number (received "Infinity"). Example that works: 6e22',
  ],
  [
    '1e400',
    'compute',
    'That number is too large to work with (received "1e400"). Example that works: 6e22',
  ],
  [
    '5',
    'params',
    'A parameter count should be between 1K and 1.0 × 10¹⁵; "5" is 5. Example that works: 70B',
  ],
  [
    '1e40',
    'compute',
    'A compute budget should be between 1.0 × 10¹² FLOPs and 1.0 × 10³² FLOPs; "1e40" is 1.0 × 10⁴⁰ FLOPs. Example that works: 6e22',
  ],
  [
    '6e22 tokens',
    'compute',
    'That is a token count; compute is in FLOPs (received "6e22 tokens"). Example that works: 6e22',
  ],
  [
    '70B tokens',
    'params',
    'That is a token count; model size is in parameters (received "70B tokens"). Example that works: 70B',
  ],
  [
    '1T params',
    'tokens',
    'That is a parameter count; training data is in tokens (received "1T params"). Example that works: 1.4T',
  ],
  [
    '70 bananas',
    'params',
    'I don\'t know the unit "bananas" (received "70 bananas"). Example that works: 70B',
  ],
];

describe('parseQuantity', () => {
  it.each(accepted)('accepts %j as %s', (text, kind, value) => {
    expect(parseQuantity(text, kind)).toBeCloseTo(value, -Math.floor(Math.log10(value)) + 6);
  });
  it.each(rejected)('rejects %j as %s', (text, kind, message) => {
    expect(() => parseQuantity(text, kind)).toThrow(InputError);
    expect(() => parseQuantity(text, kind)).toThrow(message);
  });
  it('budgets reject what is neither FLOPs nor GPU time nor money', () => {
    expect(() => parseBudget('lots of H100-hours')).toThrow(/can't read the amount/);
    expect(() => parseBudget('6e22 tokens')).toThrow(/token count; compute is in FLOPs/);
  });
});

describe('formatting', () => {
  it('reads the way people write numbers', () => {
    expect(formatCount(2.236e10)).toBe('22.4B');
    expect(formatCount(4.472e11)).toBe('447B');
    expect(formatCount(1.4e12)).toBe('1.4T');
    expect(formatCount(999.96e9)).toBe('1T');
    expect(formatCount(500e6)).toBe('500M');
    expect(formatSci(6e22)).toBe('6.0 × 10²²');
    expect(formatSci(5.88e23)).toBe('5.88 × 10²³');
    expect(formatSci(9.996e22)).toBe('1.0 × 10²³');
  });

  const kinds: [QuantityKind, number, number][] = [
    ['params', 3, 15],
    ['tokens', 3, 16],
    ['compute', 12, 31],
  ];
  it.each(kinds)('parse(format(x)) ≈ x for %s', (kind, lo, hi) => {
    fc.assert(
      fc.property(fc.double({ min: lo, max: hi, noNaN: true }), (exp) => {
        const x = 10 ** exp;
        const viaCount = parseQuantity(formatCount(x), kind);
        const viaSci = parseQuantity(formatSci(x), kind);
        // Three significant figures: within half a unit in the third place.
        expect(Math.abs(viaCount - x) / x).toBeLessThanOrEqual(5e-3);
        expect(Math.abs(viaSci - x) / x).toBeLessThanOrEqual(5e-3);
      }),
    );
  });
});
