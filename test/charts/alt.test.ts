import { describe, expect, it } from 'vitest';
import { chartAlt } from '../../src/charts/index.js';
import type { ChartRequest } from '../../src/charts/request.js';
import { FITS, lossOf } from '../../src/scaling/fits.js';
import { findModel } from '../../src/scaling/models.js';
import { parametricOptimum, ruleAllocation } from '../../src/scaling/optimal.js';
import { formatCount, formatFlops, formatLoss } from '../../src/scaling/quantity.js';
import { SAMPLES } from './samples.js';

describe('alt text names the key numbers', () => {
  it('iso-FLOP: compute, each optimum, the rule, and why Kaplan is missing', () => {
    const req = SAMPLES.isoflop as Extract<ChartRequest, { kind: 'isoflop' }>;
    const alt = chartAlt(req);
    expect(alt).toContain(formatFlops(req.compute));
    for (const fit of [FITS.hoffmann2022, FITS.epoch2024]) {
      const o = parametricOptimum(fit, req.compute);
      expect(alt).toContain(`N = ${formatCount(o.params)}`);
      expect(alt).toContain(`D = ${formatCount(o.tokens)}`);
      expect(alt).toContain(formatLoss(o.loss));
    }
    const rule = ruleAllocation(req.compute, req.tokensPerParam);
    expect(alt).toContain(`${req.tokensPerParam}:1 rule: N = ${formatCount(rule.params)}`);
    expect(alt).toMatch(/Kaplan 2020 not drawn/);
  });

  it('loss landscape: the user’s loss and the compute-optimal split', () => {
    const req = SAMPLES['loss-landscape'] as Extract<ChartRequest, { kind: 'loss-landscape' }>;
    const alt = chartAlt(req);
    const C = 6 * req.params * req.tokens;
    expect(alt).toContain(formatFlops(C));
    for (const fit of [FITS.hoffmann2022, FITS.epoch2024]) {
      expect(alt).toContain(formatLoss(lossOf(fit, req.params, req.tokens)));
      const o = parametricOptimum(fit, C);
      expect(alt).toContain(`N = ${formatCount(o.params)}, D = ${formatCount(o.tokens)}`);
    }
  });

  it('models: the highlighted model and the user’s model', () => {
    const req = SAMPLES.models as Extract<ChartRequest, { kind: 'models' }>;
    const alt = chartAlt(req);
    const m = findModel(req.highlight!)!;
    expect(alt).toContain(
      `Highlighted: ${m.name}, N = ${formatCount(m.params)}, D = ${formatCount(m.tokens)}`,
    );
    expect(alt).toContain(
      `N = ${formatCount(req.user!.params)}, D = ${formatCount(req.user!.tokens)}`,
    );
  });

  it('bar charts list their entries', () => {
    const req = SAMPLES.scores as Extract<ChartRequest, { kind: 'scores' }>;
    const alt = chartAlt(req);
    for (const e of req.entries) expect(alt).toContain(`${e.label} ${e.value}`);
    expect(chartAlt({ kind: 'due-forecast', title: 'Due', days: [] })).toContain('No entries');
  });

  it('stays within 1000 characters however long the input', () => {
    const entries = Array.from({ length: 200 }, (_, i) => ({
      label: `player-with-a-long-name-${i}`,
      value: i,
    }));
    const alt = chartAlt({ kind: 'scores', title: 'Everyone', entries });
    expect(alt.length).toBeLessThanOrEqual(1000);
  });
});
