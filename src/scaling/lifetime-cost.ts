/**
 * Lifetime dollars for a target loss (Sardana et al. 2024, `cost_optimal.py`): training at 6N
 * FLOPs per token, prefill and decoding at 2N per token, each at its own GPU, dtype, price and
 * MFU. Dollars per FLOP turn inference into an equivalent number of training-priced tokens,
 * so the FLOP-optimal solver of `inference.ts` finds the least-dollar model as well.
 */
import { CITATIONS } from './citations.js';
import type { GpuName } from './compute.js';
import { InputError } from '../input-error.js';
import type { ParametricFit } from './fits.js';
import { inferenceAware, optimalForLoss } from './inference.js';
import { priceFor } from './training.js';

export type CostDtype = 'bf16' | 'fp8' | 'int8';
export const COST_DTYPES: readonly CostDtype[] = ['bf16', 'fp8', 'int8'];

/**
 * Dense tensor peaks in FLOP/s (OP/s for int8), as in reference §7, §12.2 and §13.5. A100 has
 * no FP8; no int8 figure for B200 was sourced, so those combinations are refused.
 */
export const DTYPE_PEAKS: Record<GpuName, Partial<Record<CostDtype, number>>> = {
  A100: { bf16: 312e12, int8: 624e12 },
  H100: { bf16: 989e12, fp8: 1979e12, int8: 1979e12 },
  H200: { bf16: 989e12, fp8: 1979e12, int8: 1979e12 },
  B200: { bf16: 2250e12, fp8: 4500e12 },
};

/** Sardana et al.'s defaults (`cost_optimal.py`), with the source each answer states. */
export const COST_DEFAULTS = {
  inputTokens: 70,
  outputTokens: 215,
  trainDtype: 'bf16' as CostDtype,
  inferenceDtype: 'fp8' as CostDtype,
  mfu: 0.5,
  prefillMfu: 0.5,
  decodeMfu: 0.01,
  source: `${CITATIONS.sardana2024}, cost_optimal.py defaults (70 input / 215 output tokens per request are LMSys averages)`,
};

export interface CostInput {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  gpu: GpuName;
  inferenceGpu: GpuName;
  price?: number;
  inferencePrice?: number;
  trainDtype: CostDtype;
  inferenceDtype: CostDtype;
  mfu: number;
  prefillMfu: number;
  decodeMfu: number;
}

export interface CostRates {
  /** Dollars per FLOP actually delivered, after MFU. */
  train: number;
  prefill: number;
  decode: number;
  trainPeak: number;
  inferencePeak: number;
  trainPrice: { perHour: number; source: string };
  inferencePrice: { perHour: number; source: string };
  /** Inference dollars per parameter, in training FLOPs' worth of tokens (the D_inf of the solver). */
  equivalentTokens: number;
}

function peakOf(gpu: GpuName, dtype: CostDtype, which: string): number {
  const peak = DTYPE_PEAKS[gpu][dtype];
  if (peak === undefined)
    throw new InputError(
      'unsupported',
      `No ${dtype.toUpperCase()} peak for the ${gpu} (${gpu === 'A100' ? 'the A100 has no FP8 tensor cores' : 'none sourced'}); choose another ${which}`,
      `${gpu} ${dtype}`,
      `${which}:bf16`,
    );
  return peak;
}

function sourcedPrice(gpu: GpuName, price: number | undefined, option: string) {
  const p = priceFor(gpu, price);
  if (!p)
    throw new InputError(
      'missing_option',
      `There is no sourced rental price for the ${gpu}, so I won't guess one; give ${option}:<dollars per GPU-hour>`,
      undefined,
      `/target 2.0 requests:1e9 gpu:${gpu} ${option}:3.5`,
    );
  return p;
}

export function costRates(c: CostInput): CostRates {
  const trainPeak = peakOf(c.gpu, c.trainDtype, 'train_dtype');
  const inferencePeak = peakOf(c.inferenceGpu, c.inferenceDtype, 'inference_dtype');
  const trainPrice = sourcedPrice(c.gpu, c.price, 'price');
  // The same GPU type rents at the same price unless told otherwise.
  const inferencePrice =
    c.inferencePrice === undefined && c.inferenceGpu === c.gpu && c.price !== undefined
      ? trainPrice
      : sourcedPrice(c.inferenceGpu, c.inferencePrice, 'inference_price');
  const perFlop = (price: number, peak: number, mfu: number) => price / 3600 / peak / mfu;
  const train = perFlop(trainPrice.perHour, trainPeak, c.mfu);
  const prefill = perFlop(inferencePrice.perHour, inferencePeak, c.prefillMfu);
  const decode = perFlop(inferencePrice.perHour, inferencePeak, c.decodeMfu);
  const equivalentTokens =
    (c.requests * (c.inputTokens * prefill + c.outputTokens * decode)) / train;
  return {
    train,
    prefill,
    decode,
    trainPeak,
    inferencePeak,
    trainPrice,
    inferencePrice,
    equivalentTokens,
  };
}

export interface Costed {
  params: number;
  tokens: number;
  trainCost: number;
  inferenceCost: number;
  totalCost: number;
}

export function costOf(N: number, D: number, c: CostInput, r: CostRates): Costed {
  const trainCost = 6 * N * D * r.train;
  const inferenceCost =
    2 * N * c.requests * (c.inputTokens * r.prefill + c.outputTokens * r.decode);
  return { params: N, tokens: D, trainCost, inferenceCost, totalCost: trainCost + inferenceCost };
}

/** Tokens that bring a model of N params to loss ℓ, or undefined if N alone cannot. */
export function tokensForLoss(fit: ParametricFit, loss: number, N: number): number | undefined {
  const gap = loss - fit.E - fit.A / N ** fit.alpha;
  return gap > 0 ? (fit.B / gap) ** (1 / fit.beta) : undefined;
}

export interface CostOptimal extends Costed {
  baseline: Costed;
  ratio: number;
}

/** The least-dollar (N, D) on L = ℓ, beside the Chinchilla-style (least training FLOPs) model. */
export function costOptimal(
  fit: ParametricFit,
  loss: number,
  c: CostInput,
): CostOptimal & { rates: CostRates } {
  const rates = costRates(c);
  const ia = inferenceAware(fit, loss, rates.equivalentTokens);
  const base = optimalForLoss(fit, loss);
  const mine = costOf(ia.params, ia.tokens, c, rates);
  const baseline = costOf(base.params, base.tokens, c, rates);
  return { ...mine, baseline, ratio: mine.totalCost / baseline.totalCost, rates };
}
