/** `/fit`: the fitted law as a worked solution. */
import { CITATIONS } from './citations.js';
import {
  fitRuns,
  GRID_KEEP,
  hoffmannGrid,
  HUBER_DELTA,
  type FitResult,
  type Run,
} from './fit-runs.js';
import { formatCount, formatFlops, formatRatio, sig3 } from './quantity.js';
import { coef, type Solution } from './solution.js';
import type { Field, Step } from '../worked.js';

const ci = ([lo, hi]: [number, number]) => `[${sig3(lo)}, ${sig3(hi)}]`;

export function solveFit(runs: Run[]): Solution & { data: FitResult } {
  const r = fitRuns(runs);
  const Ns = runs.map((x) => x.params);
  const Ds = runs.map((x) => x.tokens);
  const steps: Step[] = [
    {
      title: 'Objective (Hoffmann et al. 2022, App. D.2)',
      formula: `minimise Σᵢ Huber_δ( LSE(a − α·ln Nᵢ, b − β·ln Dᵢ, e) − ln Lᵢ ),  δ = ${HUBER_DELTA};  A = eᵃ, B = eᵇ, E = eᵉ`,
      substitution: `${r.runs} runs: N ${formatCount(Math.min(...Ns))}–${formatCount(Math.max(...Ns))}, D ${formatCount(Math.min(...Ds))}–${formatCount(Math.max(...Ds))}`,
      result: `summed Huber loss at the minimum ${r.huber.toPrecision(6)}`,
    },
    {
      title: 'Optimiser',
      formula:
        'L-BFGS with the analytic gradient, from Hoffmann’s grid α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}',
      substitution: `all ${hoffmannGrid().length.toLocaleString('en-US')} grid points ranked by the objective; the best ${GRID_KEEP} refined`,
      result: `E ${coef(r.E)}, A ${coef(r.A)}, B ${coef(r.B)}, α ${coef(r.alpha)}, β ${coef(r.beta)}`,
    },
    {
      title: `Uncertainty: ${r.bootstrap} bootstrap resamples (Besiroglu et al. 2024)`,
      formula:
        'resample the runs with replacement, refit from the best fit, take the 2.5th and 97.5th percentiles',
      result: `95% intervals: E ${ci(r.intervals.E)}, A ${ci(r.intervals.A)}, B ${ci(r.intervals.B)}, α ${ci(r.intervals.alpha)}, β ${ci(r.intervals.beta)}`,
    },
    {
      title: 'Implied allocation',
      formula:
        'N_opt ∝ C^a with a = β/(α+β);  D/N at the optimum = (C/6)^(b−a) / G²,  G = (αA/(βB))^(1/(α+β))',
      substitution: `a = ${coef(r.beta)}/(${coef(r.alpha)} + ${coef(r.beta)}); C = ${formatFlops(r.atCompute)} (your largest run)`,
      result: `a = ${r.a.toFixed(3)} ${ci(r.intervals.a)}; ${formatRatio(r.tokensPerParam)} tokens per parameter ${ci(r.intervals.tokensPerParam)}`,
    },
    {
      title: 'How well it fits',
      formula: 'log-residual = ln L̂ − ln L per run',
      result: `RMS ${r.residuals.rms.toFixed(4)}, worst ${r.residuals.max.toFixed(4)} (about ${(r.residuals.rms * 100).toFixed(1)}% typical error in loss)`,
    },
  ];
  const fields: Field[] = [
    {
      label: 'Law',
      value: `L = ${coef(r.E)} + ${coef(r.A)}/N^${coef(r.alpha)} + ${coef(r.B)}/D^${coef(r.beta)}`,
    },
    {
      label: 'Allocation',
      value: `a = ${r.a.toFixed(3)} · ${formatRatio(r.tokensPerParam)} tokens/param`,
      inline: true,
    },
  ];
  const notes = [
    'The minimum lies along a long, flat ridge: quite different (α, A, E) give almost the same objective and the same predictions inside your runs. Trust predictions within the range of your runs more than any one coefficient, and read the intervals before quoting them.',
    'Predictions far beyond your largest run are extrapolations; the tokens-per-parameter figure depends on the compute unless α = β.',
    'Pass the coefficients to other commands as fit:E,A,B,α,β; a TA can save the fit for this server with save:<name>, then anyone uses fit:<name>.',
  ];
  return {
    title: `Scaling law fitted to ${r.runs} runs`,
    summary: `L = ${coef(r.E)} + ${coef(r.A)}/N^${coef(r.alpha)} + ${coef(r.B)}/D^${coef(r.beta)}; a = ${r.a.toFixed(3)}, ${formatRatio(r.tokensPerParam)} tokens/param at ${formatFlops(r.atCompute)}. Use it: fit:${[r.E, r.A, r.B, r.alpha, r.beta].map(coef).join(',')}`,
    steps,
    fields,
    notes,
    citations: [`${CITATIONS.hoffmann2022}, App. D.2`, CITATIONS.epoch2024],
    data: r,
  };
}
