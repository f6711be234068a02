/** The lifetime-cost part of `/target <loss> requests:R …`, as a worked solution. */
import { CITATIONS } from './citations.js';
import type { ParametricFit } from './fits.js';
import { COST_DEFAULTS, costOptimal, type CostInput, type CostOptimal } from './lifetime-cost.js';
import {
  formatCount,
  formatLoss,
  formatPercent,
  formatRatio,
  formatSci,
  sig3,
} from './quantity.js';
import type { Field, Step } from '../worked.js';

const dollars = (x: number): string => `$${formatCount(x)}`;

export interface LifetimeSection {
  steps: Step[];
  fields: Field[];
  notes: string[];
  citations: string[];
  data: Record<
    string,
    Omit<CostOptimal, 'rates'> & { prefillFlopsPerToken: number; decodeFlopsPerToken: number }
  >;
  results: { fit: ParametricFit; result: ReturnType<typeof costOptimal> }[];
}

/** `defaulted` names the options the user left out, so the answer can say what it assumed. */
export function lifetimeCost(
  fits: ParametricFit[],
  loss: number,
  c: CostInput,
  defaulted: string[],
): LifetimeSection {
  const steps: Step[] = [];
  const fields: Field[] = [];
  const data: LifetimeSection['data'] = {};
  const results: LifetimeSection['results'] = [];
  const reachable = fits.filter((f) => loss > f.E);
  for (const fit of reachable) {
    const r = costOptimal(fit, loss, c);
    results.push({ fit, result: r });
    const { rates, ...rest } = r;
    data[fit.name] = {
      ...rest,
      prefillFlopsPerToken: 2 * r.params,
      decodeFlopsPerToken: 2 * r.params,
    };
    if (results.length === 1) {
      steps.push({
        title: 'Dollars per FLOP',
        formula: '$/FLOP = price per hour / 3600 s / peak / MFU',
        substitution: `training ${c.gpu} ${c.trainDtype}: $${rates.trainPrice.perHour.toFixed(2)} / 3600 / ${sig3(rates.trainPeak / 1e12)} TFLOP/s / ${c.mfu};  inference ${c.inferenceGpu} ${c.inferenceDtype}: $${rates.inferencePrice.perHour.toFixed(2)} / 3600 / ${sig3(rates.inferencePeak / 1e12)} TFLOP/s / (prefill ${c.prefillMfu}, decode ${c.decodeMfu})`,
        result: `training ${formatSci(rates.train)}, prefill ${formatSci(rates.prefill)}, decoding ${formatSci(rates.decode)} dollars per FLOP`,
      });
      steps.push({
        title: 'Lifetime cost of a model',
        formula:
          'cost = 6·N·D·$train + 2·N·R·(T_in·$prefill + T_out·$decode)  (6N FLOPs per training token; 2N per prefill and per decoded token)',
        substitution: `R = ${formatCount(c.requests)} requests × (${c.inputTokens} input + ${c.outputTokens} output tokens)`,
        result: `inference costs as much as training on ${formatCount(rates.equivalentTokens)} more tokens would`,
      });
    }
    steps.push({
      title: `Least lifetime dollars for loss ${formatLoss(loss)}: ${fit.label}`,
      formula:
        'minimise cost along L(N, D) = ℓ: (βB/α + B)·D^−β + (βB·D_eq/(3α))·D^(−β−1) + E − ℓ = 0, then N = (A/(ℓ − E − B/D^β))^(1/α)',
      substitution: `D_eq = ${formatCount(rates.equivalentTokens)}: ${formatCount(r.params)} params on ${formatCount(r.tokens)} tokens (${formatRatio(r.tokens / r.params)} tokens/param); prefill and decoding ${formatSci(2 * r.params)} FLOPs per token`,
      result: `training ${dollars(r.trainCost)} + inference ${dollars(r.inferenceCost)} = ${dollars(r.totalCost)}, vs the Chinchilla-style ${formatCount(r.baseline.params)} on ${formatCount(r.baseline.tokens)}: ${dollars(r.baseline.trainCost)} + ${dollars(r.baseline.inferenceCost)} = ${dollars(r.baseline.totalCost)} → ratio ${r.ratio.toFixed(3)} (saves ${formatPercent(1 - r.ratio)})`,
    });
    fields.push({
      label: `${fit.label}: cheapest over its lifetime`,
      value: `${formatCount(r.params)} params · ${formatCount(r.tokens)} tokens · ${dollars(r.totalCost)} (Chinchilla-style ${formatCount(r.baseline.params)}: ${dollars(r.baseline.totalCost)})`,
      inline: false,
    });
  }
  const first = results[0]?.result.rates;
  const notes: string[] = [];
  if (defaulted.length)
    notes.push(`Defaults used for ${defaulted.join(', ')}: ${COST_DEFAULTS.source}.`);
  if (first)
    notes.push(
      `Prices: training $${first.trainPrice.perHour.toFixed(2)}/GPU-hour (${first.trainPrice.source}); inference $${first.inferencePrice.perHour.toFixed(2)}/GPU-hour (${first.inferencePrice.source}). Peaks are dense tensor figures (${CITATIONS.nvidia}).`,
    );
  notes.push(
    'Left out, as in Sardana et al.: attention FLOPs and KV-cache traffic (decode being memory-bound enters only through its low MFU), memory capacity, batching and idle time. The Chinchilla-style model is the one with the least training compute for the same loss.',
  );
  return { steps, fields, notes, citations: [CITATIONS.sardana2024], data, results };
}
