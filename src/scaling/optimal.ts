import { PF_DAY, trainingFlops } from './compute.js';
import { lossOf, type ParametricFit } from './fits.js';

export interface Allocation {
  params: number;
  tokens: number;
}

export const DEFAULT_TOKENS_PER_PARAM = 20;

/** The rule of thumb D = k·N under C = 6ND, so C = 6kN² and N = √(C/6k). */
export function ruleAllocation(C: number, k = DEFAULT_TOKENS_PER_PARAM): Allocation {
  const params = Math.sqrt(C / (6 * k));
  return { params, tokens: k * params };
}

/** Exponents and prefactor of a parametric fit's optimum (Hoffmann et al. 2022, eq. 4). */
export function optimumConstants(fit: ParametricFit) {
  const { A, B, alpha, beta } = fit;
  const a = beta / (alpha + beta);
  const b = alpha / (alpha + beta);
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  return { a, b, G };
}

/**
 * The closed-form minimum of L = E + A/N^α + B/D^β along 6ND = C:
 * N_opt = G·(C/6)^a, D_opt = C/(6·N_opt).
 */
export function parametricOptimum(fit: ParametricFit, C: number): Allocation & { loss: number } {
  const { a, G } = optimumConstants(fit);
  const params = G * (C / 6) ** a;
  const tokens = C / (6 * params);
  return { params, tokens, loss: lossOf(fit, params, tokens) };
}

/**
 * Kaplan et al. 2020's compute-efficient allocation (App. A): N = 1.3e9·(C_min/PF-day)^0.73,
 * with C_min = C/2 because their runs trained at the critical batch size (eq. 6.7).
 */
export const KAPLAN_ALLOCATION = { Ne: 1.3e9, pN: 0.73 } as const;
export function kaplanAllocation(C: number): Allocation {
  const cMinPfDays = C / 2 / PF_DAY;
  const params = KAPLAN_ALLOCATION.Ne * cMinPfDays ** KAPLAN_ALLOCATION.pN;
  return { params, tokens: C / (6 * params) };
}

/** The budget at which Kaplan's allocation asks for N parameters (the inverse of the above). */
export const kaplanBudgetFor = (N: number): number =>
  2 * PF_DAY * (N / KAPLAN_ALLOCATION.Ne) ** (1 / KAPLAN_ALLOCATION.pN);

/** Compute of an allocation, for checks: 6·N·D. */
export const allocationCompute = (a: Allocation): number => trainingFlops(a.params, a.tokens);
