import { CITATIONS } from './citations.js';
import { InputError } from '../input-error.js';
import {
  checkRange,
  formatCount,
  formatFlops,
  parseQuantity,
  readNumber,
  sig3,
} from './quantity.js';

/** Training compute of a dense transformer: about 6 FLOPs per parameter per token. */
export const FLOPS_PER_PARAM_TOKEN = 6;
export const trainingFlops = (N: number, D: number): number => FLOPS_PER_PARAM_TOKEN * N * D;

/**
 * Peak dense BF16 tensor throughput, FLOP/s. The 2:4-sparse figures are twice these.
 * Default prices only where a source gives one (Sardana et al. 2024's cost calculator:
 * $2.00 per H100-hour, $1.50 per A100-80GB-hour); H200 and B200 dollar budgets need `price`.
 */
export const GPUS: Record<
  'A100' | 'H100' | 'H200' | 'B200',
  { peak: number; pricePerHour?: number }
> = {
  A100: { peak: 312e12, pricePerHour: 1.5 },
  H100: { peak: 989e12, pricePerHour: 2.0 },
  H200: { peak: 989e12 },
  B200: { peak: 2250e12 },
};
/** Where the default prices come from. */
export const PRICE_SOURCE = `${CITATIONS.sardana2024}, default GPU-hour prices of its cost_calculator.py`;
export type GpuName = keyof typeof GPUS;
export const GPU_NAMES = Object.keys(GPUS) as GpuName[];

export const DEFAULT_GPU: GpuName = 'H100';
export const DEFAULT_MFU = 0.4;
/** One petaflop/s sustained for a day, Kaplan's unit of compute. */
export const PF_DAY = 1e15 * 24 * 3600;

export interface BudgetOptions {
  gpu?: GpuName;
  mfu?: number;
  pricePerHour?: number;
}

export interface Budget {
  flops: number;
  /** How the budget was given. */
  source: 'flops' | 'gpu-time' | 'dollars' | 'pf-days';
  gpu?: GpuName;
  gpuHours?: number;
  dollars?: number;
  /** Lines for the worked solution: the conversion and what it assumed. */
  conversion?: string;
  assumptions: string[];
}

const EXAMPLES = '6e22, 10000 H100-hours, 500 A100-days or $2M';

export function parseGpu(text: string): GpuName {
  const key = text.trim().toUpperCase();
  if (key in GPUS) return key as GpuName;
  throw new InputError(
    'unknown_option',
    `Unknown GPU; choose one of ${GPU_NAMES.join(', ')}`,
    text,
    'H100',
  );
}

export function checkMfu(mfu: number): number {
  if (!(mfu > 0 && mfu <= 1)) {
    throw new InputError(
      'out_of_range',
      'Utilisation (MFU) must be between 0 and 1, e.g. 0.4 for 40%',
      String(mfu),
      '0.4',
    );
  }
  return mfu;
}

/** FLOPs delivered by some GPU-hours at a model-FLOPs utilisation. */
export const gpuHoursToFlops = (hours: number, gpu: GpuName, mfu: number): number =>
  hours * 3600 * GPUS[gpu].peak * mfu;
export const flopsToGpuHours = (flops: number, gpu: GpuName, mfu: number): number =>
  flops / (3600 * GPUS[gpu].peak * mfu);

const GPU_TIME =
  /^(?<n>.+?)\s*(?<gpu>a100|h100|h200|b200|gpu)s?[\s-]*(?<unit>hours?|hrs?|h|days?|d)$/;
const DOLLARS = /^(?:\$\s*(?<a>.+?)|(?<b>.+?)\s*(?:\$|usd|dollars?))$/;
const PF_DAYS = /^(?<n>.+?)\s*(?:pf|pfs|petaflop)[\s/-]*(?:s[\s-]*)?days?$/;

/**
 * A compute budget as people state it: FLOPs (`6e22`), GPU time (`10000 H100-hours`,
 * `500 A100-days`), dollars (`$2M`, at a price per GPU-hour) or PF-days.
 */
export function parseBudget(input: string, options: BudgetOptions = {}): Budget {
  const text = input.trim().toLowerCase();
  const mfu = checkMfu(options.mfu ?? DEFAULT_MFU);
  const mfuText = `${Math.round(mfu * 1000) / 10}% model-FLOPs utilisation (MFU)`;
  const bad = (what: string): never => {
    throw new InputError(
      'not_a_number',
      `I can't read the ${what} in that budget`,
      input,
      EXAMPLES,
    );
  };

  const time = GPU_TIME.exec(text)?.groups;
  if (time) {
    const amount = readNumber(time.n ?? '') ?? bad('amount');
    const named = time.gpu === 'gpu' ? undefined : (time.gpu?.toUpperCase() as GpuName);
    const gpu = named ?? options.gpu ?? DEFAULT_GPU;
    const hours = time.unit?.startsWith('d') ? amount * 24 : amount;
    const flops = gpuHoursToFlops(hours, gpu, mfu);
    return {
      flops: check(flops, input),
      source: 'gpu-time',
      gpu,
      gpuHours: hours,
      conversion: `C = GPU-hours × 3600 s × peak × MFU = ${formatCount(hours)} × 3600 × ${sig3(GPUS[gpu].peak / 1e12)} TFLOP/s × ${mfu} = ${formatFlops(flops)}`,
      assumptions: [
        `${gpu} peak of ${sig3(GPUS[gpu].peak / 1e12)} TFLOP/s dense BF16 (${CITATIONS.nvidia}); sparse figures are twice this and would overstate the budget`,
        mfuText,
      ],
    };
  }

  const money = DOLLARS.exec(text)?.groups;
  if (money) {
    const dollars = readNumber(money.a ?? money.b ?? '') ?? bad('dollar amount');
    const gpu = options.gpu ?? DEFAULT_GPU;
    const price = options.pricePerHour ?? GPUS[gpu].pricePerHour;
    if (price === undefined) {
      throw new InputError(
        'missing_option',
        `A dollar budget on ${gpu} needs its price per GPU-hour: I have no sourced default for ${gpu}, so give it with price:`,
        input,
        `/optimal ${input.trim()} gpu:${gpu} price:3.50`,
      );
    }
    if (!(price > 0)) bad('price per GPU-hour');
    const hours = dollars / price;
    const flops = gpuHoursToFlops(hours, gpu, mfu);
    return {
      flops: check(flops, input),
      source: 'dollars',
      gpu,
      gpuHours: hours,
      dollars,
      conversion: `GPU-hours = $${formatCount(dollars)} ÷ $${price.toFixed(2)}/h = ${formatCount(hours)}; C = ${formatCount(hours)} × 3600 × ${sig3(GPUS[gpu].peak / 1e12)} TFLOP/s × ${mfu} = ${formatFlops(flops)}`,
      assumptions: [
        options.pricePerHour === undefined
          ? `$${price.toFixed(2)} per ${gpu}-hour, the default of ${PRICE_SOURCE}; set your own with price:`
          : `$${price.toFixed(2)} per ${gpu}-hour, the price you gave`,
        `${gpu} peak of ${sig3(GPUS[gpu].peak / 1e12)} TFLOP/s dense BF16 (${CITATIONS.nvidia})`,
        mfuText,
      ],
    };
  }

  const pf = PF_DAYS.exec(text)?.groups;
  if (pf) {
    const days = readNumber(pf.n ?? '') ?? bad('amount');
    const flops = days * PF_DAY;
    return {
      flops: check(flops, input),
      source: 'pf-days',
      conversion: `1 PF-day = 10¹⁵ FLOP/s × 86,400 s = 8.64 × 10¹⁹ FLOPs, so ${formatCount(days)} PF-days = ${formatFlops(flops)}`,
      assumptions: [],
    };
  }

  return { flops: parseQuantity(input, 'compute'), source: 'flops', assumptions: [] };
}

function check(flops: number, input: string): number {
  return checkRange(flops, 'compute', input);
}
