import { trainingFlops } from '../../scaling/compute.js';
import { findModel, KNOWN_MODELS, modelCompute, type KnownModel } from '../../scaling/models.js';
import { DEFAULT_TOKENS_PER_PARAM } from '../../scaling/optimal.js';
import { formatCount, formatFlops, formatRatio } from '../../scaling/quantity.js';
import { altText, formatPowerOfTen, slug } from '../format.js';
import type { Mark } from '../marks.js';
import { basePlugins, LAYOUT_PADDING, logAxis } from '../options.js';
import type { ChartRequest } from '../request.js';
import { curve, type ChartSpec } from '../spec.js';
import { HIGHLIGHT_COLOUR, MODEL_COLOUR, MUTED_INK, RULE_COLOUR, USER_COLOUR } from '../theme.js';

type ModelsRequest = Extract<ChartRequest, { kind: 'models' }>;

const decadeBelow = (x: number): number => 10 ** Math.floor(Math.log10(x));
const decadeAbove = (x: number): number => 10 ** Math.ceil(Math.log10(x));

/**
 * Models drawn on top of each other (GPT-3 175B and Jurassic-1 178B, both on 300B tokens) share
 * one label. The highlighted model always keeps a label of its own.
 */
function groupCoincident(models: KnownModel[], highlight?: KnownModel): KnownModel[][] {
  const groups: KnownModel[][] = [];
  const close = (a: KnownModel, b: KnownModel): boolean =>
    Math.abs(Math.log10(a.params / b.params)) < 0.045 &&
    Math.abs(Math.log10(a.tokens / b.tokens)) < 0.045;
  for (const m of models) {
    const group =
      m === highlight ? undefined : groups.find((g) => g[0] !== highlight && close(g[0]!, m));
    if (group) group.push(m);
    else groups.push([m]);
  }
  return groups;
}

/** Known models on log N × log D, with D = 20N and iso-FLOP lines C = 6ND. */
export function modelsSpec(req: ModelsRequest): ChartSpec {
  const k = DEFAULT_TOKENS_PER_PARAM;
  const highlight = req.highlight ? findModel(req.highlight) : undefined;
  const user = req.user;
  const points = [...KNOWN_MODELS.map((m) => ({ x: m.params, y: m.tokens }))];
  if (user) points.push({ x: user.params, y: user.tokens });
  const xMin = decadeBelow(Math.min(...points.map((p) => p.x)) / 1.5);
  const xMax = decadeAbove(Math.max(...points.map((p) => p.x)) * 1.5);
  const yMin = decadeBelow(Math.min(...points.map((p) => p.y)) / 1.5);
  const yMax = decadeAbove(Math.max(...points.map((p) => p.y)) * 1.5);

  // Iso-FLOP lines at the powers of ten that cross the plot; D = C/6N is a straight line here.
  const cLo = Math.ceil(Math.log10(trainingFlops(xMin, yMin)));
  const cHi = Math.floor(Math.log10(trainingFlops(xMax, yMax)));
  const step = cHi - cLo > 5 ? 2 : 1;
  const isoLines = [];
  const marks: Mark[] = [];
  for (let e = cLo; e <= cHi; e += step) {
    const C = 10 ** e;
    // Clip to the plot so the label can sit at the line's visible end.
    const n0 = Math.max(xMin, C / (6 * yMax));
    const n1 = Math.min(xMax, C / (6 * yMin));
    if (n1 / n0 < 1.5) continue;
    isoLines.push(
      curve(
        isoLines.length ? '' : 'Same compute C = 6ND',
        '#9aa4ae',
        [
          { x: n0, y: C / (6 * n0) },
          { x: n1, y: C / (6 * n1) },
        ],
        [5, 5],
        1.5,
      ),
    );
    const labelN = n1 / (n1 / n0) ** 0.12;
    marks.push({
      id: `iso:${e}`,
      x: labelN,
      y: C / (6 * labelN),
      colour: MUTED_INK,
      shape: 'none',
      size: 0,
      label: [`${formatPowerOfTen(C)} FLOPs`],
      labelColour: MUTED_INK,
      priority: 3,
      prefer: 'left',
      nearOnly: true,
    });
  }

  const datasets = [
    curve(
      `D = ${k}N (Chinchilla rule)`,
      RULE_COLOUR,
      [
        { x: xMin, y: k * xMin },
        { x: xMax, y: k * xMax },
      ],
      [],
      2.5,
    ),
    ...isoLines,
    {
      type: 'line' as const,
      label: 'Published models',
      data: KNOWN_MODELS.map((m) => ({ x: m.params, y: m.tokens })),
      showLine: false,
      pointRadius: 6,
      pointStyle: 'circle' as const,
      pointBackgroundColor: MODEL_COLOUR,
      pointBorderColor: '#ffffff',
      pointBorderWidth: 1.5,
      borderColor: MODEL_COLOUR,
      backgroundColor: MODEL_COLOUR,
      parsing: false as const,
    },
  ];

  for (const group of groupCoincident(KNOWN_MODELS, highlight)) {
    const m = group[0]!;
    const isHighlight = m === highlight;
    marks.push({
      id: `model:${m.id}`,
      x: m.params,
      y: m.tokens,
      colour: isHighlight ? HIGHLIGHT_COLOUR : MODEL_COLOUR,
      shape: isHighlight ? 'circle' : 'none',
      size: isHighlight ? 10 : 6,
      label: [group.map((g) => g.name).join(' · ')],
      labelColour: isHighlight ? '#8a5a00' : '#3d4c5a',
      bold: isHighlight,
      priority: isHighlight ? 0 : 2,
      mustLabel: isHighlight,
      nearOnly: !isHighlight,
    });
  }
  if (user) {
    marks.push({
      id: 'user',
      x: user.params,
      y: user.tokens,
      colour: USER_COLOUR,
      shape: 'diamond',
      size: 10,
      label: [user.label, `${formatCount(user.params)} · ${formatCount(user.tokens)} tokens`],
      labelColour: USER_COLOUR,
      bold: true,
      priority: 0,
      mustLabel: true,
    });
  }

  const sentences = [
    `Published language models on log–log axes: parameters N across, training tokens D up. A solid line marks D = ${k}N (the compute-optimal rule of thumb); dashed lines mark equal training compute C = 6ND from ${formatPowerOfTen(10 ** cLo)} to ${formatPowerOfTen(10 ** cHi)} FLOPs. Models above the line got more than ${k} tokens per parameter.`,
  ];
  if (highlight) {
    sentences.push(
      `Highlighted: ${highlight.name}, N = ${formatCount(highlight.params)}, D = ${formatCount(highlight.tokens)} (${formatRatio(highlight.tokens / highlight.params)} tokens/param, ${formatFlops(modelCompute(highlight))}).`,
    );
  }
  if (user) {
    sentences.push(
      `${user.label}: N = ${formatCount(user.params)}, D = ${formatCount(user.tokens)} (${formatRatio(user.tokens / user.params)} tokens/param, ${formatFlops(trainingFlops(user.params, user.tokens))}).`,
    );
  }
  sentences.push(
    `Models: ${KNOWN_MODELS.map((m) => `${m.name} ${formatRatio(m.tokens / m.params)}`).join(', ')} tokens/param.`,
  );

  const title = highlight
    ? `Where models sit: ${highlight.name}`
    : 'Where models sit: parameters vs tokens';
  const config = {
    type: 'line' as const,
    data: { datasets },
    options: {
      layout: { padding: LAYOUT_PADDING },
      plugins: {
        ...basePlugins(title, `Above the line: more than ${k} tokens per parameter`),
        legend: {
          ...basePlugins(title)!.legend,
          labels: {
            ...basePlugins(title)!.legend!.labels,
            filter: (item: { text: string }) => item.text !== '',
          },
        },
      },
      scales: {
        x: logAxis('Parameters N (log scale)', xMin, xMax),
        y: logAxis('Training tokens D (log scale)', yMin, yMax),
      },
    },
  };
  const name = highlight?.id ?? (user ? slug(user.label) : 'all');
  return {
    config,
    marks,
    guides: [],
    alt: altText(sentences),
    filename: `models-${name}.png`,
  } as ChartSpec;
}
