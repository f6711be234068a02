import { inferenceAware, optimalForLoss } from '../../scaling/inference.js';
import { tokensForLoss } from '../../scaling/lifetime-cost.js';
import { formatCount, formatLoss } from '../../scaling/quantity.js';
import { fitFromRef, shortFitName } from '../fit-ref.js';
import { altText, logSpace } from '../format.js';
import type { Mark } from '../marks.js';
import { basePlugins, LAYOUT_PADDING, logAxis } from '../options.js';
import type { ChartRequest } from '../request.js';
import { curve, type ChartSpec } from '../spec.js';
import { RULE_COLOUR, seriesColour } from '../theme.js';

type LifetimeRequest = Extract<ChartRequest, { kind: 'lifetime-cost' }>;

const dollars = (x: number): string => `$${formatCount(x)}`;

/**
 * Lifetime dollars against model size along the iso-loss curve L(N, D) = ℓ: each N is trained
 * on just enough tokens to reach ℓ. The cheapest model and the Chinchilla-style one are marked.
 */
export function lifetimeCostSpec(req: LifetimeRequest): ChartSpec {
  const fit = fitFromRef(req.fit);
  if (fit.kind !== 'parametric') throw new Error('A lifetime-cost chart needs a parametric fit');
  const { loss, dollarsPerTrainFlop: c, equivalentTokens: Deq } = req;
  const best = inferenceAware(fit, loss, Deq);
  const base = optimalForLoss(fit, loss);
  const total = (N: number, D: number) => c * (6 * N * D + 2 * N * Deq);
  const train = (N: number, D: number) => c * 6 * N * D;
  const lo = Math.min(best.params, base.params) / 4;
  const hi = Math.max(best.params, base.params) * 6;
  const points = logSpace(lo, hi, 80)
    .map((N) => ({ N, D: tokensForLoss(fit, loss, N) }))
    .filter((p): p is { N: number; D: number } => p.D !== undefined && p.D < 1e17);
  const bestTotal = total(best.params, best.tokens);
  const baseTotal = total(base.params, base.tokens);
  // Near the smallest N that can reach the loss at all the cost shoots up; show up to 4× the dearer point.
  const yMax = Math.max(bestTotal, baseTotal) * 4;
  const shown = points.filter((p) => total(p.N, p.D) <= yMax);
  const totalCurve = shown.map((p) => ({ x: p.N, y: total(p.N, p.D) }));
  const trainCurve = shown.map((p) => ({ x: p.N, y: train(p.N, p.D) }));
  const yMin = Math.min(...trainCurve.map((p) => p.y)) / 1.5;
  const xMin = shown[0]?.N ?? lo;
  const marks: Mark[] = [
    {
      id: 'baseline',
      x: base.params,
      y: baseTotal,
      colour: RULE_COLOUR,
      shape: 'diamond',
      size: 8,
      label: ['Chinchilla-style', `N ${formatCount(base.params)} · ${dollars(baseTotal)}`],
      labelColour: RULE_COLOUR,
      bold: true,
      mustLabel: true,
      prefer: 'above',
    },
    {
      id: 'cost-optimal',
      x: best.params,
      y: bestTotal,
      colour: seriesColour(1),
      shape: 'circle',
      size: 9,
      label: [
        'Cheapest over its lifetime',
        `N ${formatCount(best.params)} · ${dollars(bestTotal)}`,
      ],
      labelColour: seriesColour(1),
      bold: true,
      mustLabel: true,
      prefer: 'below',
    },
  ];
  const config = {
    type: 'line' as const,
    data: {
      datasets: [
        curve('Total (training + inference)', seriesColour(0), totalCurve),
        curve('Training only', seriesColour(2), trainCurve, [7, 5], 2),
      ],
    },
    options: {
      layout: { padding: LAYOUT_PADDING },
      plugins: basePlugins(
        `Lifetime cost of reaching loss ${formatLoss(loss)} (${shortFitName(fit)})`,
        ['Each model size trained on just enough tokens to reach the loss'],
      ),
      scales: {
        x: logAxis('Model size N (parameters, log scale)', xMin, hi),
        y: logAxis('Dollars (log scale)', yMin, yMax, dollars),
      },
    },
  };
  const alt = altText([
    `Lifetime cost chart for loss ${formatLoss(loss)} under ${shortFitName(fit)}: total dollars (training plus inference) against model size on log axes, each size trained to the same loss.`,
    `Cheapest: ${formatCount(best.params)} params on ${formatCount(best.tokens)} tokens, ${dollars(bestTotal)}.`,
    `Chinchilla-style: ${formatCount(base.params)} params on ${formatCount(base.tokens)} tokens, ${dollars(baseTotal)}.`,
  ]);
  return {
    config,
    marks,
    guides: [],
    alt,
    filename: `lifetime-cost-${loss.toFixed(3)}.png`,
  } as ChartSpec;
}
