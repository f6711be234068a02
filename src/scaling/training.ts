/**
 * Training time, GPU count and memory for a dense transformer (reference §13): compute from
 * C ≈ 6ND, time from peak × MFU, model-state memory for mixed-precision Adam, weight memory
 * and the KV cache for inference. Activations, parallelism overheads and failures are left out.
 */
import { CITATIONS } from './citations.js';
import { flopsToGpuHours, GPUS, trainingFlops, type GpuName } from './compute.js';
import { InputError } from '../input-error.js';

/** HBM per GPU in bytes (NVIDIA datasheets; B200 per the HGX B200 table). */
export const GPU_MEMORY: Record<GpuName, number> = {
  A100: 80e9,
  H100: 80e9,
  H200: 141e9,
  B200: 180e9,
};

/**
 * Rental prices with a published source (Sardana et al. 2024, `cost_calculator.py` defaults).
 * Other GPUs have no sourced price, so the user is asked for one.
 */
export const SOURCED_PRICES: Partial<Record<GpuName, { perHour: number; source: string }>> = {
  H100: { perHour: 2.0, source: `${CITATIONS.sardana2024}, cost_calculator.py default` },
  A100: {
    perHour: 1.5,
    source: `${CITATIONS.sardana2024}, cost_calculator.py default for A100-80GB`,
  },
};

/** The price to use: the user's, or a sourced default; undefined means ask for one. */
export function priceFor(
  gpu: GpuName,
  price: number | undefined,
): { perHour: number; source: string } | undefined {
  if (price !== undefined) {
    if (!(price > 0 && Number.isFinite(price)))
      throw new InputError(
        'out_of_range',
        'A price is dollars per GPU-hour, greater than zero',
        String(price),
        'price:2.5',
      );
    return { perHour: price, source: 'the price you gave' };
  }
  return SOURCED_PRICES[gpu];
}

/**
 * Mixed-precision Adam model states per parameter, ZeRO §3.1 (Rajbhandari et al. 2019):
 * 2 + 2 + (4 + 4 + 4) = 16 bytes. Other accountings keep fp32 gradients too (18–20 bytes).
 */
export const ADAM_BYTES = [
  { item: 'BF16 weights', bytes: 2 },
  { item: 'BF16 gradients', bytes: 2 },
  { item: 'FP32 master weights', bytes: 4 },
  { item: 'Adam first moment (FP32)', bytes: 4 },
  { item: 'Adam second moment (FP32)', bytes: 4 },
] as const;
export const ADAM_BYTES_PER_PARAM = ADAM_BYTES.reduce((s, x) => s + x.bytes, 0);

/** Bytes per value for weights or the KV cache. */
export const DTYPE_BYTES = { bf16: 2, fp8: 1, int8: 1 } as const;
export type Dtype = keyof typeof DTYPE_BYTES;

/** Enough of a model's shape to size its KV cache. */
export interface Shape {
  layers: number;
  kvHeads: number;
  headDim: number;
}

/** K and V for every layer and KV head: 2·n_layers·n_kv_heads·d_head·bytes per token. */
export const kvBytesPerToken = (shape: Shape, bytes = DTYPE_BYTES.bf16): number =>
  2 * shape.layers * shape.kvHeads * shape.headDim * bytes;

export interface TrainingInput {
  params: number;
  tokens: number;
  gpu: GpuName;
  gpus: number;
  mfu: number;
  price?: number;
  shape?: Shape;
}

export interface TrainingPlan {
  params: number;
  tokens: number;
  flops: number;
  gpu: GpuName;
  gpus: number;
  mfu: number;
  peak: number;
  gpuHours: number;
  days: number;
  /** Dollars, or null when no sourced price is known and none was given. */
  cost: number | null;
  pricePerHour: number | null;
  priceSource: string | null;
  memory: {
    trainingBytes: number;
    bytesPerParam: number;
    items: { item: string; bytes: number }[];
    gpuMemory: number;
    minGpus: number;
    /** Model states per GPU with ZeRO-3 sharding over `gpus`. */
    perGpuSharded: number;
    weights: { bf16: number; fp8: number };
    kvCachePer1000Tokens?: number;
    kvBytesPerToken?: number;
  };
}

export function trainingPlan(input: TrainingInput): TrainingPlan {
  const { params, tokens, gpu, gpus, mfu, shape } = input;
  const flops = trainingFlops(params, tokens);
  const gpuHours = flopsToGpuHours(flops, gpu, mfu);
  const days = gpuHours / gpus / 24;
  const price = priceFor(gpu, input.price);
  const trainingBytes = params * ADAM_BYTES_PER_PARAM;
  const gpuMemory = GPU_MEMORY[gpu];
  const kvPerToken = shape ? kvBytesPerToken(shape) : undefined;
  return {
    params,
    tokens,
    flops,
    gpu,
    gpus,
    mfu,
    peak: GPUS[gpu].peak,
    gpuHours,
    days,
    cost: price ? gpuHours * price.perHour : null,
    pricePerHour: price?.perHour ?? null,
    priceSource: price?.source ?? null,
    memory: {
      trainingBytes,
      bytesPerParam: ADAM_BYTES_PER_PARAM,
      items: ADAM_BYTES.map((x) => ({ ...x })),
      gpuMemory,
      minGpus: Math.ceil(trainingBytes / gpuMemory),
      perGpuSharded: trainingBytes / gpus,
      weights: { bf16: params * DTYPE_BYTES.bf16, fp8: params * DTYPE_BYTES.fp8 },
      ...(kvPerToken === undefined
        ? {}
        : { kvBytesPerToken: kvPerToken, kvCachePer1000Tokens: kvPerToken * 1000 }),
    },
  };
}

/** 1.12e12 → "1.12 TB", 3.3e5 → "330 KB" (decimal units, as GPU datasheets use). */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1e15, 'PB'],
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (Number(bytes.toPrecision(3)) >= size)
      return `${Number((bytes / size).toPrecision(3))} ${unit}`;
  }
  return `${Math.round(bytes)} B`;
}
