/**
 * Named computations of the scaling core that bank questions cite for their numbers. A bank
 * question that states a number carries a check: the core computes the value, a test
 * compares it with what the question says and confirms the text shows it. Numbers in the
 * bank therefore cannot drift from the core (or copy a seed's mistake).
 */
import { z } from 'zod';
import {
  DEFAULT_MFU,
  FLOPS_PER_PARAM_TOKEN,
  flopsToGpuHours,
  GPUS,
  parseGpu,
  PF_DAY,
  trainingFlops,
} from '../scaling/compute.js';
import {
  FITS,
  lossOf,
  parametricTerms,
  PARAMETRIC_FIT_NAMES,
  type ParametricFit,
} from '../scaling/fits.js';
import { inferenceAware } from '../scaling/inference.js';
import { findModel, modelCompute, type KnownModel } from '../scaling/models.js';
import {
  DEFAULT_TOKENS_PER_PARAM,
  KAPLAN_ALLOCATION,
  kaplanAllocation,
  optimumConstants,
  parametricOptimum,
  ruleAllocation,
} from '../scaling/optimal.js';
import { VERDICT_BAND, verdictFor } from '../scaling/verdict.js';

type Args = Record<string, string | number>;

const model = (args: Args, key = 'model'): KnownModel => {
  const found = findModel(String(args[key]));
  if (!found) throw new Error(`check: unknown model ${String(args[key])}`);
  return found;
};
const fit = (args: Args): ParametricFit => {
  const name = String(args.fit ?? 'epoch2024');
  if (!(PARAMETRIC_FIT_NAMES as string[]).includes(name)) throw new Error(`check: fit ${name}`);
  return FITS[name as keyof typeof FITS] as ParametricFit;
};
const num = (args: Args, key: string): number => {
  const v = Number(args[key]);
  if (!Number.isFinite(v)) throw new Error(`check: ${key} must be a number`);
  return v;
};

/** The k:1 rule, optionally with a student's slip in k or in the FLOPs per parameter-token. */
const ruleSlip = (a: Args) => {
  const k = a.tokensPerParam === undefined ? DEFAULT_TOKENS_PER_PARAM : num(a, 'tokensPerParam');
  const f = a.flopsPerToken === undefined ? FLOPS_PER_PARAM_TOKEN : num(a, 'flopsPerToken');
  // ruleAllocation solves C = 6kN²; rescaling C solves C = f·k·N² instead.
  return ruleAllocation((num(a, 'compute') * FLOPS_PER_PARAM_TOKEN) / f, k);
};

const inferenceAwareFor = (a: Args) => {
  const f = fit(a);
  const target = lossOf(f, num(a, 'params'), num(a, 'tokens'));
  return inferenceAware(f, target, num(a, 'inferenceTokens'));
};

const CHECKS_BASE = {
  /** 6 FLOPs per parameter per training token (C ≈ 6ND). */
  flopsPerParamToken: () => FLOPS_PER_PARAM_TOKEN,
  /** 2 FLOPs per parameter per token for a forward pass, as the inference-aware sizing counts it. */
  inferenceFlopsPerParamToken: () => {
    const r = inferenceAware(FITS.epoch2024, 2.2, 1e12);
    return r.inferenceFlops / (r.params * 1e12);
  },
};

export const CHECKS = {
  ...CHECKS_BASE,
  /** The backward pass: the rest of the 6, about twice the forward pass. */
  backwardFlopsPerParamToken: () =>
    FLOPS_PER_PARAM_TOKEN - (CHECKS_BASE.inferenceFlopsPerParamToken() as number),
  trainingFlops: (a: Args) => trainingFlops(num(a, 'params'), num(a, 'tokens')),
  modelParams: (a: Args) => model(a).params,
  modelTokens: (a: Args) => model(a).tokens,
  modelCompute: (a: Args) => modelCompute(model(a)),
  modelTokensPerParam: (a: Args) => model(a).tokens / model(a).params,
  modelVerdict: (a: Args) => verdictFor(model(a).tokens / model(a).params),
  /** How many times bigger model `a` is than model `b` in params (or tokens with of=tokens). */
  modelRatio: (a: Args) => {
    const of = a.of === 'tokens' ? 'tokens' : 'params';
    return model(a, 'a')[of] / model(a, 'b')[of];
  },
  /** Compute of model a over model b, both by 6ND. */
  modelComputeRatio: (a: Args) => modelCompute(model(a, 'a')) / modelCompute(model(a, 'b')),
  ruleTokensPerParam: () => DEFAULT_TOKENS_PER_PARAM,
  /** The constant in C = 6·k·N² for the k:1 rule (120 for k = 20). */
  ruleConstant: () => FLOPS_PER_PARAM_TOKEN * DEFAULT_TOKENS_PER_PARAM,
  /**
   * N (or D) of the k:1 rule. A distractor's slip can be computed too: tokensPerParam=1 is
   * "D = N", flopsPerToken=1 "dropping the 6", flopsPerToken=2 "counting only the forward pass".
   */
  ruleParams: (a: Args) => ruleSlip(a).params,
  ruleTokens: (a: Args) => ruleSlip(a).tokens,
  /** N² under the k:1 rule, C/(6k): the intermediate step of the worked solution. */
  ruleParamsSquared: (a: Args) => ruleSlip(a).params ** 2,
  /** Growth of N under the k:1 rule when compute grows by `factor`. */
  ruleGrowth: (a: Args) =>
    ruleAllocation(num(a, 'factor') * 1e22).params / ruleAllocation(1e22).params,
  kaplanParams: (a: Args) => kaplanAllocation(num(a, 'compute')).params,
  /** Growth of Kaplan's N (or D with of=tokens) when compute grows by `factor`. */
  kaplanGrowth: (a: Args) => {
    const of = a.of === 'tokens' ? 'tokens' : 'params';
    return kaplanAllocation(num(a, 'factor') * 1e22)[of] / kaplanAllocation(1e22)[of];
  },
  /** Kaplan's allocation exponent for N, or for D with of=tokens (D = C/6N grows as C^(1−0.73)). */
  kaplanExponent: (a: Args) =>
    a.of === 'tokens' ? 1 - KAPLAN_ALLOCATION.pN : KAPLAN_ALLOCATION.pN,
  /** a in N_opt ∝ C^a for a fit (b = 1 − a for tokens with of=tokens). */
  optimumExponent: (a: Args) => {
    const { a: exp } = optimumConstants(fit(a));
    return a.of === 'tokens' ? 1 - exp : exp;
  },
  fitCoefficient: (a: Args) => {
    const key = String(a.key) as 'E' | 'A' | 'B' | 'alpha' | 'beta';
    return fit(a)[key];
  },
  loss: (a: Args) => lossOf(fit(a), num(a, 'params'), num(a, 'tokens')),
  /** L − E: the part of the loss that scale can still remove. */
  reducibleLoss: (a: Args) => lossOf(fit(a), num(a, 'params'), num(a, 'tokens')) - fit(a).E,
  /** The model-size (or data, with of=data) term of the loss. */
  lossTerm: (a: Args) => {
    const t = parametricTerms(fit(a), num(a, 'params'), num(a, 'tokens'));
    return a.of === 'data' ? t.dataTerm : t.paramTerm;
  },
  /** What multiplying N (or D) by `factor` does to its reducible term: factor^-α. */
  termFactor: (a: Args) => {
    const f = fit(a);
    const n = num(a, 'factor');
    const t0 = parametricTerms(f, 1e9, 1e11);
    const t1 =
      a.of === 'data' ? parametricTerms(f, 1e9, 1e11 * n) : parametricTerms(f, 1e9 * n, 1e11);
    return a.of === 'data' ? t1.dataTerm / t0.dataTerm : t1.paramTerm / t0.paramTerm;
  },
  optimumParams: (a: Args) => parametricOptimum(fit(a), num(a, 'compute')).params,
  optimumTokens: (a: Args) => parametricOptimum(fit(a), num(a, 'compute')).tokens,
  optimumTokensPerParam: (a: Args) => {
    const o = parametricOptimum(fit(a), num(a, 'compute'));
    return o.tokens / o.params;
  },
  /** Lifetime compute of the inference-aware model as a fraction of the compute-optimal one. */
  inferenceAwareRatio: (a: Args) => {
    const f = fit(a);
    const target = lossOf(f, num(a, 'params'), num(a, 'tokens'));
    return inferenceAware(f, target, num(a, 'inferenceTokens')).ratio;
  },
  /** N of the inference-aware model over N of the compute-optimal model at the same loss. */
  inferenceAwareSizeRatio: (a: Args) => {
    const f = fit(a);
    const target = lossOf(f, num(a, 'params'), num(a, 'tokens'));
    const r = inferenceAware(f, target, num(a, 'inferenceTokens'));
    return r.params / r.baseline.params;
  },
  /** N (params) or D (of=tokens) of the inference-aware model for the loss of (params, tokens). */
  inferenceAwareModel: (a: Args) => {
    const r = inferenceAwareFor(a);
    return a.of === 'tokens' ? r.tokens : r.params;
  },
  /** The inference-aware N over the given model's N (e.g. 34.5B / 70B), not over the fit's optimum. */
  inferenceAwareSizeVsModel: (a: Args) => inferenceAwareFor(a).params / num(a, 'params'),
  /**
   * Lifetime compute of the inference-aware model over that of the given plan: training
   * (params, tokens) and then serving the same inference tokens at 2N FLOPs each.
   */
  inferenceAwareVsPlan: (a: Args) => {
    const r = inferenceAwareFor(a);
    const N = num(a, 'params');
    const perToken = r.inferenceFlops / (r.params * r.inferenceTokens);
    const plan = trainingFlops(N, num(a, 'tokens')) + perToken * N * r.inferenceTokens;
    return r.totalFlops / plan;
  },
  pfDay: () => PF_DAY,
  defaultMfu: () => DEFAULT_MFU,
  /** Dense BF16 peak in TFLOP/s. */
  gpuPeakTflops: (a: Args) => GPUS[parseGpu(String(a.gpu))].peak / 1e12,
  gpuHours: (a: Args) => flopsToGpuHours(num(a, 'compute'), parseGpu(String(a.gpu)), num(a, 'mfu')),
  fitRangeCompute: (a: Args) => {
    const range = fit(a).range;
    if (!range) throw new Error('check: fit has no range');
    return a.side === 'upper' ? range.compute[1] : range.compute[0];
  },
  /** Edges of the runs behind a fit (params): side=lower|upper. */
  fitRangeParams: (a: Args) => {
    const range = fit(a).range;
    if (!range) throw new Error('check: fit has no range');
    return a.side === 'upper' ? range.params[1] : range.params[0];
  },
  verdictBand: () => VERDICT_BAND,
  /** Inclusive lower and upper edges of "near compute-optimal" in tokens per parameter. */
  verdictEdge: (a: Args) =>
    a.side === 'upper'
      ? DEFAULT_TOKENS_PER_PARAM * VERDICT_BAND
      : DEFAULT_TOKENS_PER_PARAM / VERDICT_BAND,
} as const satisfies Record<string, (args: Args) => number | string>;

export type CheckName = keyof typeof CHECKS;
export const CHECK_NAMES = Object.keys(CHECKS) as [CheckName, ...CheckName[]];

export const checkSchema = z.object({
  fn: z.enum(CHECK_NAMES),
  args: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** The value as the question states it. */
  value: z.union([z.number(), z.string()]),
  /** Relative tolerance for numbers (the question rounds for reading); default 0.5%. */
  tol: z.number().min(0).max(0.2).optional(),
  /** Where the value appears in the text, exactly as written there. */
  shown: z.array(z.string().min(1)).min(1),
  /**
   * The value as a paper prints it ("Hoffmann et al. 2022, §1"): the text quotes a rounding
   * the paper chose, and the check confirms the core's value agrees within `tol`.
   */
  quoted: z.string().min(3).optional(),
});
export type Check = z.infer<typeof checkSchema>;

export const DEFAULT_TOLERANCE = 0.005;

/** Run a check against the core: the computed value and whether the stated value agrees. */
export function runCheck(check: Check): { computed: number | string; ok: boolean } {
  const computed = (CHECKS[check.fn] as (a: Args) => number | string)(check.args ?? {});
  if (typeof check.value === 'string' || typeof computed === 'string') {
    return { computed, ok: computed === check.value };
  }
  const tol = check.tol ?? DEFAULT_TOLERANCE;
  const ok = Math.abs(computed - check.value) <= tol * Math.abs(check.value);
  return { computed, ok };
}

/**
 * Facts so common in the course that every question may state them without its own check:
 * each is still checked against the core, once, in the bank test.
 */
export const SHARED_FACTS: Check[] = [
  { fn: 'flopsPerParamToken', value: 6, shown: ['6ND', '6·N·D', '6 FLOPs', '6N', 'the 6'] },
  {
    fn: 'ruleTokensPerParam',
    value: 20,
    shown: ['20 tokens per parameter', '20:1', '≈ 20', 'D = 20N', 'D ≈ 20N', '20N'],
  },
  { fn: 'inferenceFlopsPerParamToken', value: 2, shown: ['2N'] },
];
