/** The inference-demand and hardware options of `/target <loss> requests:R …`. */
import { z } from 'zod';
import { checkMfu, DEFAULT_GPU, GPU_NAMES, parseGpu } from '../src/scaling/compute.js';
import { InputError } from '../src/input-error.js';
import {
  COST_DEFAULTS,
  COST_DTYPES,
  type CostDtype,
  type CostInput,
} from '../src/scaling/lifetime-cost.js';
import { readNumber } from '../src/scaling/quantity.js';

const gpu = (what: string) =>
  z
    .string()
    .max(20)
    .optional()
    .describe(`${what}: ${GPU_NAMES.join(', ')}`);
const dtype = (what: string) =>
  z
    .string()
    .max(10)
    .optional()
    .describe(`${what}: ${COST_DTYPES.join(', ')}`);
const mfu = (what: string) => z.number().min(0.001).max(1).optional().describe(what);
const price = (what: string) => z.number().min(0.01).max(1000).optional().describe(what);

export const lifetimeOptions = {
  requests: z
    .string()
    .max(50)
    .optional()
    .describe('Lifetime inference requests, e.g. 1e9 (turns on lifetime cost)'),
  input_tokens: z
    .number()
    .min(0)
    .max(1e7)
    .optional()
    .describe('Input tokens per request (default 70)'),
  output_tokens: z
    .number()
    .min(0)
    .max(1e7)
    .optional()
    .describe('Output tokens per request (default 215)'),
  gpu: gpu('Training GPU (default H100)'),
  inference_gpu: gpu('Inference GPU (default: the training GPU)'),
  price: price('Training dollars per GPU-hour'),
  inference_price: price('Inference dollars per GPU-hour'),
  train_dtype: dtype('Training dtype (default bf16)'),
  inference_dtype: dtype('Inference dtype (default fp8)'),
  mfu: mfu('Training MFU, 0–1 (default 0.5)'),
  prefill_mfu: mfu('Prefill MFU, 0–1 (default 0.5)'),
  decode_mfu: mfu('Decoding MFU, 0–1 (default 0.01)'),
};

type Raw = { [K in keyof typeof lifetimeOptions]?: string | number };

function parseDtype(text: string, option: string): CostDtype {
  const key = text.trim().toLowerCase();
  if ((COST_DTYPES as readonly string[]).includes(key)) return key as CostDtype;
  throw new InputError(
    'unknown_option',
    `${option} should be one of ${COST_DTYPES.join(', ')}`,
    text,
    `${option}:bf16`,
  );
}

/** The cost inputs, or undefined without requests; `defaulted` lists what was assumed. */
export function readLifetime(raw: Raw): { input: CostInput; defaulted: string[] } | undefined {
  if (raw.requests === undefined) {
    const extra = Object.entries(raw).find(([, v]) => v !== undefined);
    if (extra)
      throw new InputError(
        'missing_option',
        `${extra[0]}: only applies with requests: (the lifetime inference demand)`,
        `${extra[0]}:${extra[1]}`,
        '/target 2.0 requests:1e9',
      );
    return undefined;
  }
  const requests = readNumber(String(raw.requests));
  if (requests === undefined || !(requests > 0) || requests > 1e16)
    throw new InputError(
      'not_a_number',
      'requests is a positive number of lifetime inference requests',
      String(raw.requests),
      '/target 2.0 requests:1e9',
    );
  const defaulted: string[] = [];
  const pick = <T>(v: T | undefined, d: T, name: string): T => {
    if (v !== undefined) return v;
    defaulted.push(`${name} ${String(d)}`);
    return d;
  };
  const trainGpu = raw.gpu === undefined ? DEFAULT_GPU : parseGpu(String(raw.gpu));
  return {
    input: {
      requests,
      inputTokens: pick(
        raw.input_tokens as number | undefined,
        COST_DEFAULTS.inputTokens,
        'input_tokens',
      ),
      outputTokens: pick(
        raw.output_tokens as number | undefined,
        COST_DEFAULTS.outputTokens,
        'output_tokens',
      ),
      gpu: trainGpu,
      inferenceGpu:
        raw.inference_gpu === undefined ? trainGpu : parseGpu(String(raw.inference_gpu)),
      price: raw.price as number | undefined,
      inferencePrice: raw.inference_price as number | undefined,
      trainDtype:
        raw.train_dtype === undefined
          ? pick(undefined, COST_DEFAULTS.trainDtype, 'train_dtype')
          : parseDtype(String(raw.train_dtype), 'train_dtype'),
      inferenceDtype:
        raw.inference_dtype === undefined
          ? pick(undefined, COST_DEFAULTS.inferenceDtype, 'inference_dtype')
          : parseDtype(String(raw.inference_dtype), 'inference_dtype'),
      mfu: checkMfu(pick(raw.mfu as number | undefined, COST_DEFAULTS.mfu, 'mfu')),
      prefillMfu: checkMfu(
        pick(raw.prefill_mfu as number | undefined, COST_DEFAULTS.prefillMfu, 'prefill_mfu'),
      ),
      decodeMfu: checkMfu(
        pick(raw.decode_mfu as number | undefined, COST_DEFAULTS.decodeMfu, 'decode_mfu'),
      ),
    },
    defaulted,
  };
}
