// Exact decimal quantities, the one integer reading, and the extrapolation-warning API that
// answers, --json and generated problems share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHINCHILLA_RANGE,
  extrapolationWarnings,
  FITS,
  formatRange,
  KAPLAN_RANGE,
  resolveFit,
} from '../../src/scaling/fits.js';
import {
  continuesQuantity,
  parseDecimal,
  parseInteger,
  parseQuantity,
} from '../../src/scaling/quantity.js';

describe('quantities come back as typed', () => {
  it.each([
    ['5.76e23', 'compute', 5.76e23],
    ['5.88e23', 'compute', 5.88e23],
    ['5.76 × 10^23', 'compute', 5.76e23],
    ['1.4T', 'tokens', 1.4e12],
    ['2.236e10', 'params', 2.236e10],
    ['22.36 billion', 'params', 2.236e10],
  ] as const)('%s is exactly %s', (text, kind, value) => {
    expect(parseQuantity(text, kind)).toBe(value);
  });
  it('any decimal mantissa with any power of ten parses to the nearest double', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.stringMatching(/^\d{0,6}$/),
        fc.integer({ min: 13, max: 30 }),
        (lead, digits, exp) => {
          const typed = `${lead}.${digits}e${exp}`;
          expect(parseQuantity(typed, 'compute')).toBe(Number(typed));
          const withWord = `${lead}.${digits}B`;
          expect(parseQuantity(withWord, 'params')).toBe(Number(`${lead}.${digits}e9`));
        },
      ),
    );
  });
});

describe('integer and decimal options', () => {
  it.each([
    ['10', 10],
    [' 7 ', 7],
    ['+3', 3],
    ['0x10', undefined],
    ['1e1', undefined],
    ['16.0', undefined],
    ['10k', undefined],
    ['', undefined],
    ['0b11', undefined],
  ])('parseInteger(%j) = %s', (text, value) => {
    expect(parseInteger(text)).toBe(value);
  });
  it.each([
    ['0.4', 0.4],
    ['.5', 0.5],
    ['1e-1', 0.1],
    ['20', 20],
    ['0x10', undefined],
    ['Infinity', undefined],
    ['40%', undefined],
  ])('parseDecimal(%j) = %s', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });
  it('knows which words continue a quantity and which do not', () => {
    for (const w of ['billion', 'B', 'tokens', 'FLOPs', 'H100-hours', 'hours', 'A100', 'PF-days'])
      expect(continuesQuantity(w), w).toBe(true);
    for (const w of ['lots', 'banana', 'llama']) expect(continuesQuantity(w), w).toBe(false);
  });
});

describe('extrapolationWarnings(fit, { params?, tokens?, compute? })', () => {
  it('checks each fit on its own: at 6e22 Hoffmann’s 11.6B is inside, Epoch’s 22.7B is not', () => {
    const aspects = (name: 'hoffmann2022' | 'epoch2024') => {
      const fit = FITS[name];
      const C = 6e22;
      const N = fit.name === 'hoffmann2022' ? 1.159e10 : 2.266e10;
      return extrapolationWarnings(fit, { params: N, compute: C }).map((w) => w.aspect);
    };
    expect(aspects('hoffmann2022')).toEqual(['compute']);
    expect(aspects('epoch2024')).toEqual(['params', 'compute']);
  });
  it('uses the range constant at its edges, and the text shows that same constant', () => {
    const [lo, hi] = CHINCHILLA_RANGE.params;
    const at = (N: number) => extrapolationWarnings(FITS.epoch2024, { params: N, tokens: 20 * N });
    expect(at(lo).some((w) => w.aspect === 'params')).toBe(false);
    expect(at(lo * 0.99).some((w) => w.aspect === 'params')).toBe(true);
    expect(at(hi * 1.01).find((w) => w.aspect === 'params')?.message).toContain(
      formatRange('params', CHINCHILLA_RANGE.params),
    );
    expect(formatRange('params', CHINCHILLA_RANGE.params)).toBe('70M–16B params');
  });
  it('with only a budget, checks compute alone', () => {
    expect(extrapolationWarnings(FITS.epoch2024, { compute: 1e20 })).toEqual([]);
    expect(extrapolationWarnings(FITS.epoch2024, { compute: 1e24 })).toEqual([
      expect.objectContaining({ fit: 'epoch2024', aspect: 'compute', value: 1e24 }),
    ]);
  });
  it('Kaplan’s runs: 768 to 1.5B non-embedding params, 22M to 23B tokens', () => {
    expect(extrapolationWarnings(FITS.kaplan2020, { params: 1e9, tokens: 2e10 })).toEqual([]);
    const w = extrapolationWarnings(FITS.kaplan2020, { params: 7e10, tokens: 1.4e12 });
    expect(w.map((x) => [x.aspect, x.range])).toEqual([
      ['params', KAPLAN_RANGE.params],
      ['tokens', KAPLAN_RANGE.tokens],
    ]);
  });
  it('custom coefficients have no runs and never warn', () => {
    const custom = resolveFit('1.69,406.4,410.7,0.34,0.28');
    expect(extrapolationWarnings(custom, { params: 1e15, tokens: 1e17 })).toEqual([]);
  });
});
