import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FITS, lossOf, PARAMETRIC_FIT_NAMES, type ParametricFit } from '../../src/scaling/fits.js';
import { parametricOptimum, ruleAllocation } from '../../src/scaling/optimal.js';
import { verdictFor } from '../../src/scaling/verdict.js';

const budget = fc.double({ min: 15, max: 30, noNaN: true }).map((e) => 10 ** e);
const fitArb = fc.constantFrom(...PARAMETRIC_FIT_NAMES).map((n) => FITS[n] as ParametricFit);

describe('optimal allocation properties', () => {
  it('6·N·D = C for every optimum', () => {
    fc.assert(
      fc.property(budget, fitArb, fc.integer({ min: 1, max: 500 }), (C, fit, k) => {
        const o = parametricOptimum(fit, C);
        expect(Math.abs(6 * o.params * o.tokens - C) / C).toBeLessThan(1e-9);
        const r = ruleAllocation(C, k);
        expect(Math.abs(6 * r.params * r.tokens - C) / C).toBeLessThan(1e-9);
        expect(r.tokens / r.params).toBeCloseTo(k, 6);
      }),
    );
  });

  it('the fit optimum is a minimum along its iso-FLOP curve', () => {
    fc.assert(
      fc.property(
        budget,
        fitArb,
        fc.double({ min: 1.01, max: 10, noNaN: true }),
        (C, fit, factor) => {
          const o = parametricOptimum(fit, C);
          for (const N of [o.params * factor, o.params / factor]) {
            expect(lossOf(fit, N, C / (6 * N))).toBeGreaterThan(o.loss);
          }
        },
      ),
    );
  });

  it('verdicts are monotone in D/N', () => {
    const order = { 'under-trained': 0, 'near compute-optimal': 1, 'over-trained': 2 } as const;
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(order[verdictFor(lo)]).toBeLessThanOrEqual(order[verdictFor(hi)]);
        },
      ),
    );
  });
});
