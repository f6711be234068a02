import { lossOf } from '../../scaling/fits.js';
import { parametricOptimum, ruleAllocation } from '../../scaling/optimal.js';
import { formatCount, formatFlops, formatLoss } from '../../scaling/quantity.js';
import { shortFitName, SKIPPED_NOTE, splitComparable } from '../fit-ref.js';
import { altText, fileNumber, logSpace } from '../format.js';
import type { Guide, Mark } from '../marks.js';
import { basePlugins, LAYOUT_PADDING, linearAxis, logAxis, niceBounds } from '../options.js';
import type { ChartRequest } from '../request.js';
import { curve, type ChartSpec } from '../spec.js';
import { RULE_COLOUR, seriesColour } from '../theme.js';

type IsoflopRequest = Extract<ChartRequest, { kind: 'isoflop' }>;

/** How far either side of the optima the curve runs, in decades of N. */
const SPAN_DECADES = 1.2;

/** Loss against N along 6ND = C for each fit, each optimum and the k:1 rule marked. */
export function isoflopSpec(req: IsoflopRequest): ChartSpec {
  const C = req.compute;
  const k = req.tokensPerParam;
  const { drawn, skipped } = splitComparable(req.fits);
  const optima = drawn.map((fit) => parametricOptimum(fit, C));
  const rule = ruleAllocation(C, k);
  const sizes = [...optima.map((o) => o.params), rule.params];
  const lo = Math.min(...sizes) / 10 ** SPAN_DECADES;
  const hi = Math.max(...sizes) * 10 ** SPAN_DECADES;
  const Ns = logSpace(lo, hi, 64);

  const datasets = drawn.map((fit, i) =>
    curve(
      `${shortFitName(fit)}`,
      seriesColour(i),
      Ns.map((N) => ({ x: N, y: lossOf(fit, N, C / (6 * N)) })),
    ),
  );
  const ys = datasets.flatMap((d) => d.data.map((p) => p.y));
  const yMin = Math.min(...ys);
  const yMax = Math.max(...ys);
  const pad = (yMax - yMin) * 0.04;
  const yBounds = niceBounds(yMin - pad, yMax + pad);

  const ruleMarks: Mark[] = drawn.map((fit, i): Mark => ({
    id: `rule:${fit.name}:${i}`,
    x: rule.params,
    y: lossOf(fit, rule.params, rule.tokens),
    colour: RULE_COLOUR,
    shape: 'diamond',
    size: 6,
    hollow: true,
  }));
  // Optima after the rule's marks, so a rule mark never hides an optimum.
  const optimumMarks: Mark[] = drawn.map((fit, i): Mark => {
    const o = optima[i]!;
    return {
      id: `optimum:${fit.name}:${i}`,
      x: o.params,
      y: o.loss,
      colour: seriesColour(i),
      shape: 'circle',
      size: 9,
      label: [
        `${shortFitName(fit)} optimum`,
        `N ${formatCount(o.params)} · D ${formatCount(o.tokens)}`,
        `loss ${formatLoss(o.loss)}`,
      ],
      labelColour: seriesColour(i),
      bold: true,
      mustLabel: true,
      prefer: 'below',
    };
  });
  const marks = [...ruleMarks, ...optimumMarks];
  const guides: Guide[] = [
    {
      x: rule.params,
      colour: RULE_COLOUR,
      dash: [6, 5],
      label: `${k}:1 rule ◇  N ${formatCount(rule.params)} · D ${formatCount(rule.tokens)}`,
    },
  ];

  const subtitle = [
    'Every split of the same budget: D = C / 6N',
    ...(skipped.length ? [SKIPPED_NOTE] : []),
  ];
  const config = {
    type: 'line' as const,
    data: { datasets },
    options: {
      layout: { padding: LAYOUT_PADDING },
      plugins: basePlugins(`Iso-FLOP curve at C = ${formatFlops(C)}`, subtitle),
      scales: {
        x: logAxis('Model size N (parameters, log scale)', lo, hi),
        y: linearAxis('Predicted loss (nats per token)', yBounds),
      },
    },
  };

  const alt = altText([
    `Iso-FLOP chart at C = ${formatFlops(C)}: predicted loss against model size N on a log axis, each N trained on D = C/6N tokens.`,
    ...drawn.map((fit, i) => {
      const o = optima[i]!;
      return `${shortFitName(fit)} optimum: N = ${formatCount(o.params)}, D = ${formatCount(o.tokens)}, loss ${formatLoss(o.loss)}.`;
    }),
    `${k}:1 rule: N = ${formatCount(rule.params)}, D = ${formatCount(rule.tokens)} (loss ${drawn
      .map((fit) => `${formatLoss(lossOf(fit, rule.params, rule.tokens))} ${shortFitName(fit)}`)
      .join(', ')}).`,
    ...(skipped.length ? [`${SKIPPED_NOTE}.`] : []),
  ]);

  return { config, marks, guides, alt, filename: `isoflop-${fileNumber(C)}.png` } as ChartSpec;
}
