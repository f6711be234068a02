import type { ParametricFit } from './fits.js';

/**
 * Inference-aware sizing (Sardana et al. 2024): for a target loss ℓ and a lifetime of
 * D_inf inference tokens, the (N, D) on L(N, D) = ℓ that minimises 6ND + 2N·D_inf.
 * The Lagrange conditions leave one equation in D:
 *   f(D) = (βB/α + B)·D^-β + (D_inf·βB/(3α))·D^(-β-1) + (E − ℓ) = 0,
 * then N = (A / (ℓ − E − B/D^β))^(1/α). f falls monotonically from +∞ to E − ℓ < 0, so a
 * bisection in log D finds the one root.
 */
export interface InferenceAware {
  targetLoss: number;
  inferenceTokens: number;
  params: number;
  tokens: number;
  trainFlops: number;
  inferenceFlops: number;
  totalFlops: number;
  /** The model a compute-optimal trainer would pick for the same loss. */
  baseline: {
    params: number;
    tokens: number;
    trainFlops: number;
    inferenceFlops: number;
    totalFlops: number;
  };
  /** total / baseline total: below 1 means the smaller, longer-trained model is cheaper. */
  ratio: number;
}

/** The compute-optimal (N, D) that reaches loss ℓ: α·A/N^α = β·B/D^β on L = ℓ. */
export function optimalForLoss(
  fit: ParametricFit,
  loss: number,
): { params: number; tokens: number } {
  const { E, A, B, alpha, beta } = fit;
  const gap = loss - E;
  return {
    params: ((A * (1 + alpha / beta)) / gap) ** (1 / alpha),
    tokens: ((B * (1 + beta / alpha)) / gap) ** (1 / beta),
  };
}

export function inferenceAware(
  fit: ParametricFit,
  targetLoss: number,
  inferenceTokens: number,
): InferenceAware {
  const { E, A, B, alpha, beta } = fit;
  if (!(targetLoss > E)) throw new RangeError('target loss must exceed the irreducible loss E');
  const c1 = (beta * B) / alpha + B;
  const c2 = (inferenceTokens * beta * B) / (3 * alpha);
  const f = (logD: number): number => {
    const D = Math.exp(logD);
    return c1 * D ** -beta + c2 * D ** (-beta - 1) + (E - targetLoss);
  };
  let lo = Math.log(1);
  let hi = Math.log(1e30);
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  const tokens = Math.exp((lo + hi) / 2);
  const params = (A / (targetLoss - E - B / tokens ** beta)) ** (1 / alpha);
  const base = optimalForLoss(fit, targetLoss);
  const cost = (N: number, D: number) => {
    const trainFlops = 6 * N * D;
    const inferenceFlops = 2 * N * inferenceTokens;
    return { trainFlops, inferenceFlops, totalFlops: trainFlops + inferenceFlops };
  };
  const mine = cost(params, tokens);
  const baseline = { ...base, ...cost(base.params, base.tokens) };
  return {
    targetLoss,
    inferenceTokens,
    params,
    tokens,
    ...mine,
    baseline,
    ratio: mine.totalFlops / baseline.totalFlops,
  };
}
