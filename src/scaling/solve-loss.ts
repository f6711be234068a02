import { CITATIONS } from './citations.js';
import { trainingFlops } from './compute.js';
import {
  extrapolationWarningsFor,
  lossOf,
  parametricTerms,
  type ExtrapolationWarning,
  type Fit,
} from './fits.js';
import { parametricOptimum } from './optimal.js';
import { formatCount, formatFlops, formatLoss, formatRatio, formatSci } from './quantity.js';
import { coef, extrapolationNotes, rangeSources, type Solution } from './solution.js';
import { verdictExplanation, verdictFor, type Verdict } from './verdict.js';
import type { Field, Step } from '../worked.js';

export interface LossData {
  params: number;
  tokens: number;
  compute: number;
  tokensPerParam: number;
  verdict: Verdict;
  loss: Record<string, number>;
  /** Per Chinchilla-style fit: the best split of the same compute and how much lower its loss is. */
  optimalSameCompute: Record<
    string,
    { params: number; tokens: number; loss: number; improvement: number }
  >;
  /** Where (N, D) lies outside each fit's runs; empty when inside all of them. */
  warnings: ExtrapolationWarning[];
}

export function solveLoss(
  N: number,
  D: number,
  fits: Fit[],
  name?: string,
): Solution & { data: LossData } {
  const C = trainingFlops(N, D);
  const ratio = D / N;
  const verdict = verdictFor(ratio);
  const steps: Step[] = [];
  const fields: Field[] = [];
  const notes: string[] = [];
  const citations = new Set<string>([`${CITATIONS.kaplan2020} (C ≈ 6ND)`]);
  const data: LossData = {
    params: N,
    tokens: D,
    compute: C,
    tokensPerParam: ratio,
    verdict,
    loss: {},
    optimalSameCompute: {},
    warnings: [],
  };
  const model = name ?? `${formatCount(N)} params on ${formatCount(D)} tokens`;

  steps.push({
    title: 'Training compute',
    formula: 'C ≈ 6·N·D',
    substitution: `6 × ${formatCount(N)} × ${formatCount(D)}`,
    result: formatFlops(C),
  });
  steps.push({
    title: 'Tokens per parameter',
    formula: 'D / N',
    substitution: `${formatCount(D)} / ${formatCount(N)}`,
    result: `${formatRatio(ratio)} → ${verdict} (compute-optimal is about 20): ${verdictExplanation(verdict)}`,
  });

  for (const fit of fits) {
    const loss = lossOf(fit, N, D);
    data.loss[fit.name] = loss;
    citations.add(fit.citation);
    if (fit.kind === 'parametric') {
      const t = parametricTerms(fit, N, D);
      steps.push({
        title: `Loss: ${fit.label}`,
        formula: 'L = E + A/N^α + B/D^β',
        substitution: `${coef(fit.E)} + ${coef(fit.A)}/(${formatSci(N)})^${coef(fit.alpha)} + ${coef(fit.B)}/(${formatSci(D)})^${coef(fit.beta)} = ${coef(fit.E)} + ${t.paramTerm.toFixed(4)} + ${t.dataTerm.toFixed(4)}`,
        result: `${formatLoss(loss)} nats/token (irreducible ${coef(fit.E)}, model-size term ${t.paramTerm.toFixed(3)}, data term ${t.dataTerm.toFixed(3)})`,
      });
      const opt = parametricOptimum(fit, C);
      const improvement = loss - opt.loss;
      data.optimalSameCompute[fit.name] = {
        params: opt.params,
        tokens: opt.tokens,
        loss: opt.loss,
        improvement,
      };
      fields.push({
        label: fit.label,
        value: `loss ${formatLoss(loss)} · best split of the same compute: ${formatLoss(opt.loss)}`,
        inline: true,
      });
    } else {
      steps.push({
        title: `Loss: ${fit.label}`,
        formula: 'L = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D',
        substitution: `[(${formatSci(fit.Nc)}/${formatSci(N)})^(${fit.alphaN}/${fit.alphaD}) + ${formatSci(fit.Dc)}/${formatSci(D)}]^${fit.alphaD}`,
        result: `${formatLoss(loss)} nats/token on WebText2 — not comparable with the lines above`,
      });
      fields.push({
        label: fit.label,
        value: `loss ${formatLoss(loss)} (WebText2, non-embedding N)`,
        inline: true,
      });
      notes.push(fit.note);
    }
  }

  data.warnings = extrapolationWarningsFor(fits, () => ({ params: N, tokens: D }));
  notes.unshift(...extrapolationNotes(fits, data.warnings));
  for (const source of rangeSources(fits, data.warnings)) citations.add(source);

  const optimal = Object.entries(data.optimalSameCompute);
  if (optimal.length > 0) {
    const lines = optimal.map(([fitName, o]) => {
      const fit = fits.find((f) => f.name === fitName)!;
      const change =
        o.improvement > 0.0005
          ? `${o.improvement.toFixed(3)} lower`
          : 'no better: this split is already at the optimum';
      return `${fit.label}: ${formatCount(o.params)} params on ${formatCount(o.tokens)} tokens → ${formatLoss(o.loss)} (${change})`;
    });
    steps.push({
      title: 'The same compute, split optimally',
      formula: 'N_opt = G·(C/6)^a,  D_opt = C/(6·N_opt)',
      substitution: `C = ${formatFlops(C)}`,
      result: lines.join(';  '),
    });
  }

  const main =
    fits.find((f) => f.name === 'epoch2024') ??
    fits.find((f) => f.kind === 'parametric') ??
    fits[0]!;
  const summary = `${model}: ${formatFlops(C)}, ${formatRatio(ratio)} tokens/param (${verdict}); predicted loss ${formatLoss(data.loss[main.name]!)} by ${main.label}.`;
  return {
    title: `Predicted loss for ${model}`,
    summary,
    steps,
    fields,
    notes,
    citations: [...citations],
    data,
  };
}
