// Golden values from the issue and the reference tables (relative error ≤ 1e-3).
import { describe, expect, it } from 'vitest';
import { FITS, lossOf, resolveFit, type ParametricFit } from '../../src/scaling/fits.js';
import { kaplanAllocation, parametricOptimum, ruleAllocation } from '../../src/scaling/optimal.js';
import { inferenceAware, optimalForLoss } from '../../src/scaling/inference.js';
import { gpuHoursToFlops, parseBudget, PF_DAY } from '../../src/scaling/compute.js';

const close = (actual: number, expected: number, rel = 1e-3) =>
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);

describe('compute-optimal allocation at C = 6e22', () => {
  it('20:1 rule', () => {
    const r = ruleAllocation(6e22);
    close(r.params, 2.236e10);
    close(r.tokens, 4.472e11);
  });
  it('hoffmann2022 closed form', () => {
    const o = parametricOptimum(FITS.hoffmann2022, 6e22);
    close(o.params, 1.159e10);
    close(o.tokens, 8.628e11);
    close(o.loss, 2.031);
  });
  it('epoch2024 closed form', () => {
    const o = parametricOptimum(FITS.epoch2024, 6e22);
    close(o.params, 2.266e10);
    close(o.tokens, 4.413e11);
    close(o.loss, 2.053);
  });
  it('hoffmann2022-tex closed form (6e22 and the Gopher budget, 40B as in Figure 4)', () => {
    const o = parametricOptimum(FITS['hoffmann2022-tex'], 6e22);
    close(o.params, 1.437e10);
    close(o.tokens, 6.958e11);
    close(o.loss, 2.013);
    close(parametricOptimum(FITS['hoffmann2022-tex'], 5.76e23).params, 4.036e10);
  });
  it('at the Gopher budget 5.76e23', () => {
    close(parametricOptimum(FITS.hoffmann2022, 5.76e23).params, 3.219e10);
    close(parametricOptimum(FITS.epoch2024, 5.76e23).params, 7.225e10);
    close(ruleAllocation(5.76e23).params, 6.928e10);
  });
  it("Kaplan's allocation gives 4.68B at 1e21 FLOPs, as Hoffmann App. D.4 quotes", () => {
    close(kaplanAllocation(1e21).params, 4.683e9);
  });
});

describe('loss for (N, D)', () => {
  const table: [number, number, number, number, number][] = [
    // N, D, hoffmann2022, epoch2024, kaplan2020
    [70e9, 1.4e12, 1.937, 1.974, 1.693],
    [1e9, 1e8, 4.407, 4.645, 3.485],
    [175e9, 300e9, 2.002, 2.009, 1.661],
    [280e9, 300e9, 1.993, 2.0, 1.63],
  ];
  it.each(table)('L(%d, %d)', (N, D, h, e, k) => {
    close(lossOf(FITS.hoffmann2022, N, D), h);
    close(lossOf(FITS.epoch2024, N, D), e);
    close(lossOf(FITS.kaplan2020, N, D), k);
  });
  it('TeX-precision Hoffmann values', () => {
    close(lossOf(FITS['hoffmann2022-tex'], 70e9, 1.4e12), 1.921);
  });
});

describe('inference-aware sizing (Sardana et al. 2024 README example)', () => {
  const fit = resolveFit('1.69,406.4,410.7,0.336,0.283') as ParametricFit;
  it('70B × 1T is loss 1.947 under α 0.336, β 0.283', () => {
    close(lossOf(fit, 70e9, 1e12), 1.947);
  });
  it('2e12 inference tokens → 2.418e10 params on 2.657e12 tokens, 95.22% of the FLOPs', () => {
    const r = inferenceAware(fit, 1.947, 2e12);
    close(r.params, 2.418e10);
    close(r.tokens, 2.657e12);
    close(r.ratio, 0.9522);
    close(r.baseline.params, 3.408e10);
    close(r.baseline.tokens, 1.81e12);
  });
  it('1e13 inference tokens → 1.611e10 params on 4.798e12 tokens, 74.7%', () => {
    const r = inferenceAware(fit, 1.947, 1e13);
    close(r.params, 1.611e10);
    close(r.tokens, 4.798e12);
    close(r.ratio, 0.747);
  });
  it('with no inference the answer is the compute-optimal model', () => {
    const r = inferenceAware(fit, 1.947, 0);
    close(r.params, r.baseline.params, 1e-6);
  });
});

describe('least compute for a target loss', () => {
  it('lands on the fit’s own compute-optimal frontier', () => {
    for (const fit of [FITS.hoffmann2022, FITS.epoch2024]) {
      const target = parametricOptimum(fit, 6e22);
      const back = optimalForLoss(fit, target.loss);
      close(back.params, target.params, 1e-6);
      close(6 * back.params * back.tokens, 6e22, 1e-6);
    }
  });
});

describe('GPU budgets', () => {
  it('Llama 2 70B at 40% MFU on A100 ≈ 1.87M GPU-hours (Meta reports 1.72M)', () => {
    const flops = 6 * 70e9 * 2e12;
    close(flops / gpuHoursToFlops(1, 'A100', 0.4), 1.87e6, 2e-3);
  });
  it('parses GPU time, dollars and PF-days', () => {
    close(parseBudget('10000 H100-hours').flops, 10000 * 3600 * 989e12 * 0.4);
    close(parseBudget('500 A100-days').flops, 500 * 24 * 3600 * 312e12 * 0.4);
    close(parseBudget('$2M').flops, 1e6 * 3600 * 989e12 * 0.4);
    close(parseBudget('$2M', { gpu: 'A100', pricePerHour: 1 }).flops, 2e6 * 3600 * 312e12 * 0.4);
    close(parseBudget('100 PF-days').flops, 100 * PF_DAY);
    close(
      parseBudget('10000 GPU-hours', { gpu: 'B200', mfu: 0.5 }).flops,
      10000 * 3600 * 2250e12 * 0.5,
    );
  });
});

describe('target loss answers', () => {
  it('gives each fit’s least compute, consistent with its own optimum', async () => {
    const { solveTarget } = await import('../../src/scaling/solve-target.js');
    const s = solveTarget(2.0, [FITS.hoffmann2022, FITS.epoch2024]);
    for (const fit of [FITS.hoffmann2022, FITS.epoch2024]) {
      const r = s.data.fits[fit.name] as { params: number; tokens: number; compute: number };
      close(parametricOptimum(fit, r.compute).loss, 2.0, 1e-9);
    }
  });
  it('says a loss below E is out of reach, and rejects one below every fit', async () => {
    const { solveTarget } = await import('../../src/scaling/solve-target.js');
    const s = solveTarget(1.75, [FITS.hoffmann2022, FITS.epoch2024]);
    expect(s.data.fits.epoch2024).toMatchObject({
      unreachable: true,
      E: FITS.epoch2024.E,
      reason: 'below',
    });
    expect(s.steps?.[1]?.result).toContain('below the irreducible loss E = 1.8172');
    expect(() => solveTarget(1.5, [FITS.hoffmann2022, FITS.epoch2024])).toThrow(
      /pick a loss above 1.69/,
    );
  });
});
