import { predict } from '../../scaling/fit-runs.js';
import { formatCount } from '../../scaling/quantity.js';
import { altText, logSpace } from '../format.js';
import type { Mark } from '../marks.js';
import { basePlugins, LAYOUT_PADDING, linearAxis, logAxis } from '../options.js';
import type { ChartRequest } from '../request.js';
import { curve, type ChartSpec } from '../spec.js';
import { seriesColour } from '../theme.js';

type FitRunsRequest = Extract<ChartRequest, { kind: 'fit-runs' }>;

/** Curves for this many model sizes at most; beyond it runs are grouped by nearest size drawn. */
const MAX_SIZES = 6;

/**
 * Loss against tokens on a log axis: your runs as points, the fitted law as one curve per model
 * size; in a strip above, on its own axis, each run's log-residual ln L̂ − ln L.
 */
export function fitRunsSpec(req: FitRunsRequest): ChartSpec {
  const c = req.coefficients;
  const sizes = [...new Set(req.runs.map((r) => r.params))].sort((a, b) => a - b);
  const drawn =
    sizes.length <= MAX_SIZES
      ? sizes
      : Array.from(
          { length: MAX_SIZES },
          (_, i) => sizes[Math.round((i * (sizes.length - 1)) / (MAX_SIZES - 1))]!,
        );
  const nearest = (N: number) =>
    drawn.reduce(
      (best, s, i) => (Math.abs(Math.log(s / N)) < Math.abs(Math.log(drawn[best]! / N)) ? i : best),
      0,
    );
  const Ds = req.runs.map((r) => r.tokens);
  const lo = Math.min(...Ds) / 1.5;
  const hi = Math.max(...Ds) * 1.5;
  const grid = logSpace(lo, hi, 60);
  const datasets: object[] = drawn.map((N, i) =>
    curve(
      `fit, N = ${formatCount(N)}`,
      seriesColour(i),
      grid.map((D) => ({ x: D, y: predict(c, N, D) })),
      [],
      2,
    ),
  );
  const points = (y: (r: FitRunsRequest['runs'][number]) => number, axis: string) =>
    drawn.map((_, i) => ({
      type: 'line' as const,
      showLine: false,
      label: '',
      yAxisID: axis,
      data: req.runs.filter((r) => nearest(r.params) === i).map((r) => ({ x: r.tokens, y: y(r) })),
      backgroundColor: seriesColour(i),
      borderColor: seriesColour(i),
      pointRadius: 4,
      parsing: false as const,
    }));
  const residual = (r: FitRunsRequest['runs'][number]) =>
    Math.log(predict(c, r.params, r.tokens)) - Math.log(r.loss);
  datasets.push(...points((r) => r.loss, 'y'), ...points(residual, 'yResidual'));
  const losses = req.runs.flatMap((r) => [r.loss, predict(c, r.params, r.tokens)]);
  const worst = Math.max(1e-3, ...req.runs.map((r) => Math.abs(residual(r))));
  const marks: Mark[] = [];
  const base = basePlugins(`Fitted law against your ${req.runs.length} runs`, [
    'Lower panel: loss vs tokens (points: runs, lines: fit). Upper strip: log-residual, ln(fit) − ln(run)',
  ]) as { legend?: { labels?: Record<string, unknown> } };
  const legend = base.legend ?? {};
  const config = {
    type: 'line' as const,
    data: { datasets },
    options: {
      layout: { padding: LAYOUT_PADDING },
      plugins: {
        ...base,
        legend: {
          ...legend,
          labels: {
            ...(legend.labels ?? {}),
            filter: (item: { text: string }) => item.text !== '',
          },
        },
      },
      scales: {
        x: logAxis('Training tokens D (log scale)', lo, hi),
        y: linearAxis('Loss', {
          position: 'left',
          stack: 'panels',
          stackWeight: 3,
          // Suggested, not fixed: Chart.js then ends the axis on a tick of its own step
          // (a fixed 2.28 showed as an odd last tick, 2.3 under 2.4).
          suggestedMin: Math.min(...losses) - 0.05,
          suggestedMax: Math.max(...losses) + 0.05,
          // The panels touch: the loss axis's top label would sit on the strip's bottom one.
          afterTickToLabelConversion: dropLabel('top'),
        }),
        yResidual: linearAxis('Residual', {
          axis: 'y',
          position: 'left',
          stack: 'panels',
          stackWeight: 1,
          offset: true,
          min: -worst * 1.2,
          max: worst * 1.2,
          afterTickToLabelConversion: dropLabel('bottom'),
        }),
      },
    },
  };
  const alt = altText([
    `Fit chart: loss against training tokens (log axis) for ${req.runs.length} runs at ${sizes.length} model sizes, with the fitted law L = ${c.E.toPrecision(4)} + ${c.A.toPrecision(4)}/N^${c.alpha.toPrecision(3)} + ${c.B.toPrecision(4)}/D^${c.beta.toPrecision(3)} drawn per size.`,
    `Above it, the log-residuals; the largest is ${worst.toFixed(4)}.`,
  ]);
  return {
    config,
    marks,
    guides: [],
    alt,
    filename: `fit-${req.runs.length}-runs.png`,
  } as ChartSpec;
}

/** Blank one end's tick label of a stacked axis, where it would overlap its neighbour's. */
function dropLabel(end: 'top' | 'bottom') {
  return (axis: { ticks: { label?: unknown }[] }) => {
    const tick = end === 'bottom' ? axis.ticks[0] : axis.ticks[axis.ticks.length - 1];
    if (tick) tick.label = '';
  };
}
