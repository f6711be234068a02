/**
 * Data-constrained scaling (Muennighoff et al. 2023, arXiv:2305.16264), with the constants and
 * the allocation search of the authors' README (`huggingface/datablations`, "Parametric Fit").
 * Repeated tokens and excess parameters decay in value: D′ = U + U·R_D*·(1 − e^(−R_D/R_D*)),
 * N′ likewise with R_N*, and L = E + A/N′^α + B/D′^β.
 */
import type { ParametricFit } from './fits.js';

export const MUENNIGHOFF_CITATION =
  'Muennighoff et al. 2023, "Scaling Data-Constrained Language Models", arXiv:2305.16264 (constants from the authors\' repository, huggingface/datablations)';

/** Their C4 fit with α tied to β, then R_D* and R_N* fitted on 182 runs. */
export const MUENNIGHOFF_FIT: ParametricFit & { rdStar: number; rnStar: number } = {
  kind: 'parametric',
  name: 'muennighoff2023',
  label: 'Muennighoff 2023 (data-constrained, C4)',
  E: Math.exp(0.6254804),
  A: Math.exp(6.255414),
  B: Math.exp(7.3049974),
  alpha: 0.3526596,
  beta: 0.3526596,
  rdStar: 15.387756,
  rnStar: 5.309743,
  citation: MUENNIGHOFF_CITATION,
};

/** The paper's runs went up to about this many epochs; beyond it the law is a projection. */
export const TESTED_EPOCHS = 16;

type DcFit = ParametricFit & { rdStar: number; rnStar: number };

const G = (f: ParametricFit) => ((f.alpha * f.A) / (f.beta * f.B)) ** (1 / (f.alpha + f.beta));

/** The compute-optimal N for U unique tokens under the base law (README `D_to_N`). */
export const uniqueParams = (f: ParametricFit, U: number): number =>
  (U * G(f)) ** (f.beta / f.alpha) * G(f);

/** Effective count after repeats: U + U·R*·(1 − e^(−R/R*)). */
export const effective = (unique: number, repeats: number, rStar: number): number =>
  unique + unique * rStar * (1 - Math.exp(-repeats / rStar));

export interface DataConstrained {
  params: number;
  tokens: number;
  uniqueTokens: number;
  epochs: number;
  /** Repeats beyond the first epoch, R_D. */
  repeats: number;
  effectiveTokens: number;
  uniqueParams: number;
  effectiveParams: number;
  /** With the decay. */
  loss: number;
  /** The same N and D as if every token were fresh (R* → ∞). */
  lossWithoutPenalty: number;
  penalty: number;
}

/** L(N, D, U) as in the README's `scaling_law`; U is capped at D. */
export function dataConstrainedLoss(
  N: number,
  D: number,
  U: number,
  f: DcFit = MUENNIGHOFF_FIT,
): DataConstrained {
  const uniqueTokens = Math.min(U, D);
  const repeats = Math.max(D / uniqueTokens - 1, 0);
  const UN = Math.min(N, uniqueParams(f, uniqueTokens));
  const RN = Math.max(N / UN - 1, 0);
  const effectiveTokens = effective(uniqueTokens, repeats, f.rdStar);
  const effectiveParams = effective(UN, RN, f.rnStar);
  const loss = f.E + f.A / effectiveParams ** f.alpha + f.B / effectiveTokens ** f.beta;
  const lossWithoutPenalty = f.E + f.A / N ** f.alpha + f.B / D ** f.beta;
  return {
    params: N,
    tokens: D,
    uniqueTokens,
    epochs: D / uniqueTokens,
    repeats,
    effectiveTokens,
    uniqueParams: UN,
    effectiveParams,
    loss,
    lossWithoutPenalty,
    penalty: loss - lossWithoutPenalty,
  };
}

/** The base law's compute-optimal point (α = β, so N = G·√(C/6)). */
export function baseOptimum(C: number, f: DcFit = MUENNIGHOFF_FIT) {
  const a = f.beta / (f.alpha + f.beta);
  const params = G(f) * (C / 6) ** a;
  return { params, tokens: C / (6 * params) };
}

/**
 * The README's `optimal_allocation`: from the base optimum, try (D·i, N/i) and (D/i, N·i)
 * for 500 values of i in [1.0001, 3] at fixed 6ND and keep the lowest loss. Quantised
 * (~0.4% steps) and never more than 3× from the base point, as the authors' search is.
 */
export function dataConstrainedOptimum(C: number, U: number, f: DcFit = MUENNIGHOFF_FIT) {
  const base = baseOptimum(C, f);
  let best = dataConstrainedLoss(base.params, base.tokens, Math.min(U, base.tokens), f);
  let bestLoss = Infinity;
  const steps = 500;
  for (let k = 0; k < steps; k++) {
    const i = 1.0001 + ((3 - 1.0001) * k) / (steps - 1);
    for (const [D, N] of [
      [base.tokens * i, base.params / i],
      [base.tokens / i, base.params * i],
    ] as const) {
      const r = dataConstrainedLoss(N, D, Math.min(U, D), f);
      if (r.loss < bestLoss) {
        bestLoss = r.loss;
        best = r;
      }
    }
  }
  return {
    optimum: best,
    base,
    baseWithLimit: dataConstrainedLoss(base.params, base.tokens, U, f),
  };
}

/** Epochs after which one more pass is worth less than `fraction` of a fresh one: dD′/dR = U·e^(−R/R*). */
export const epochsUntilWorth = (fraction: number, f: DcFit = MUENNIGHOFF_FIT): number =>
  1 + f.rdStar * Math.log(1 / fraction);
