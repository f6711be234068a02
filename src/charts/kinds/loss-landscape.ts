import { trainingFlops } from '../../scaling/compute.js';
import { lossOf } from '../../scaling/fits.js';
import { parametricOptimum } from '../../scaling/optimal.js';
import { formatCount, formatFlops, formatLoss, formatRatio } from '../../scaling/quantity.js';
import { shortFitName, SKIPPED_NOTE, splitComparable } from '../fit-ref.js';
import { altText, fileNumber, logSpace } from '../format.js';
import type { Mark } from '../marks.js';
import { basePlugins, LAYOUT_PADDING, linearAxis, logAxis, niceBounds } from '../options.js';
import type { ChartRequest } from '../request.js';
import { curve, type ChartSpec } from '../spec.js';
import { MUTED_INK, seriesColour } from '../theme.js';

type LandscapeRequest = Extract<ChartRequest, { kind: 'loss-landscape' }>;

const SPAN_DECADES = 0.9;

/**
 * Loss against D at the user's N (solid), and along the same compute 6ND = C (dashed): the
 * user's run sits where the two meet, the compute-optimal run at the dashed curve's minimum,
 * so an under- or over-trained model is visibly off that minimum.
 */
export function landscapeSpec(req: LandscapeRequest): ChartSpec {
  const N = req.params;
  const D = req.tokens;
  const C = trainingFlops(N, D);
  const { drawn, skipped } = splitComparable(req.fits);
  const optima = drawn.map((fit) => parametricOptimum(fit, C));
  const tokens = [D, ...optima.map((o) => o.tokens)];
  const lo = Math.min(...tokens) / 10 ** SPAN_DECADES;
  const hi = Math.max(...tokens) * 10 ** SPAN_DECADES;
  const Ds = logSpace(lo, hi, 64);

  const datasets = drawn.flatMap((fit, i) => [
    curve(
      shortFitName(fit),
      seriesColour(i),
      Ds.map((d) => ({ x: d, y: lossOf(fit, N, d) })),
    ),
    curve(
      '',
      seriesColour(i),
      Ds.map((d) => ({ x: d, y: lossOf(fit, C / (6 * d), d) })),
      [8, 6],
      2,
    ),
  ]);
  // The fixed-N curve falls towards E + A/N^α; keep the plot on the region around the points.
  const keyLosses = drawn.flatMap((fit, i) => [lossOf(fit, N, D), optima[i]!.loss]);
  const fixedN = datasets.filter((_, j) => j % 2 === 0).flatMap((d) => d.data.map((p) => p.y));
  const yMin = Math.min(...fixedN, ...keyLosses);
  const yTop = Math.max(...keyLosses);
  const span = Math.max(yTop - yMin, 0.05);
  const yMax = yTop + span * 0.9;

  const marks: Mark[] = drawn.flatMap((fit, i): Mark[] => {
    const o = optima[i]!;
    const name = shortFitName(fit);
    return [
      {
        id: `user:${fit.name}:${i}`,
        x: D,
        y: lossOf(fit, N, D),
        colour: seriesColour(i),
        shape: 'square',
        size: Math.max(5, 9 - 2 * i),
        label: [`Your run (${name})`, `loss ${formatLoss(lossOf(fit, N, D))}`],
        labelColour: seriesColour(i),
        bold: true,
        mustLabel: true,
        prefer: 'above',
      },
      {
        id: `optimum:${fit.name}:${i}`,
        x: o.tokens,
        y: o.loss,
        colour: seriesColour(i),
        shape: 'circle',
        size: Math.max(5, 10 - 2 * i),
        label: [
          `Compute-optimal (${name})`,
          `N ${formatCount(o.params)} · D ${formatCount(o.tokens)}`,
          `loss ${formatLoss(o.loss)}`,
        ],
        labelColour: seriesColour(i),
        bold: true,
        mustLabel: true,
        prefer: 'below',
      },
    ];
  });

  const subtitle = [
    `Solid: more data at your N · dashed: other splits of the same C = ${formatFlops(C)}`,
    ...(skipped.length ? [SKIPPED_NOTE] : []),
  ];
  const config = {
    type: 'line' as const,
    data: { datasets },
    options: {
      layout: { padding: LAYOUT_PADDING },
      plugins: basePlugins(
        `Loss landscape: N = ${formatCount(N)}, D = ${formatCount(D)} (${formatRatio(D / N)} tokens/param)`,
        subtitle,
        true,
        [
          { text: `solid: N = ${formatCount(N)}`, colour: MUTED_INK, width: 3 },
          { text: 'dashed: same compute', colour: MUTED_INK, dash: [8, 6] },
        ],
      ),
      scales: {
        x: logAxis('Training tokens D (log scale)', lo, hi),
        y: linearAxis('Predicted loss (nats per token)', niceBounds(yMin - span * 0.04, yMax)),
      },
    },
  };

  const alt = altText([
    `Loss against training tokens D (log axis) for a model of N = ${formatCount(N)} parameters trained on D = ${formatCount(D)} tokens (${formatRatio(D / N)} tokens per parameter, C = ${formatFlops(C)}), with dashed curves for other splits of the same compute.`,
    ...drawn.map((fit, i) => {
      const o = optima[i]!;
      return `${shortFitName(fit)}: your run's loss ${formatLoss(lossOf(fit, N, D))}; the compute-optimal run for the same C is N = ${formatCount(o.params)}, D = ${formatCount(o.tokens)} (${formatRatio(o.tokens / o.params)} tokens/param), loss ${formatLoss(o.loss)}.`;
    }),
    ...(skipped.length ? [`${SKIPPED_NOTE}.`] : []),
  ]);
  return {
    config,
    marks,
    guides: [],
    alt,
    filename: `loss-${fileNumber(N)}-${fileNumber(D)}.png`,
  } as ChartSpec;
}
