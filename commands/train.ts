import { z } from 'zod';
import { checkMfu, DEFAULT_GPU, DEFAULT_MFU, GPU_NAMES, parseGpu } from '../src/scaling/compute.js';
import { InputError } from '../src/input-error.js';
import { parseQuantity } from '../src/scaling/quantity.js';
import { solveTrain } from '../src/scaling/solve-train.js';
import { defineCommand } from './define.js';
import { quantityText } from './options.js';

/** An example cluster when none is given (reference §13.1, T-1); the answer says so. */
export const DEFAULT_GPUS = 1024;

const count = (description: string, max: number) =>
  z.number().int().min(1).max(max).optional().describe(description);

export default defineCommand({
  name: 'train',
  description: 'Training FLOPs, GPU-hours, days, cost and memory for N params on D tokens',
  options: z.object({
    params: quantityText('Parameters, e.g. 70B'),
    tokens: quantityText('Training tokens, e.g. 15T'),
    gpu: z
      .string()
      .max(20)
      .optional()
      .describe(`GPU: ${GPU_NAMES.join(', ')} (default H100)`),
    gpus: count('How many GPUs (default 1024)', 10_000_000),
    mfu: z
      .number()
      .min(0.01)
      .max(1)
      .optional()
      .describe('Model-FLOPs utilisation, 0–1 (default 0.4)'),
    price: z.number().min(0.01).max(1000).optional().describe('Dollars per GPU-hour'),
    layers: count('Layers, to size the KV cache', 1000),
    kv_heads: count('KV heads (with grouped-query attention, fewer than heads)', 1000),
    head_dim: count('Dimension per head, e.g. 128', 100_000),
  }),
  positional: ['params', 'tokens'],
  examples: [
    '/train 70B 15T gpus:1024',
    '/train 7B 2T gpu:A100 gpus:256 mfu:0.45',
    '/train 70B 15T layers:80 kv_heads:8 head_dim:128',
  ],
  policy: { visibility: 'public', chart: false },
  run({ params, tokens, gpu, gpus, mfu, price, layers, kv_heads, head_dim }) {
    const shapeParts = [layers, kv_heads, head_dim];
    const given = shapeParts.filter((x) => x !== undefined).length;
    if (given !== 0 && given !== 3) {
      throw new InputError(
        'missing_option',
        'The KV cache needs all three of layers:, kv_heads: and head_dim:',
        `layers:${layers ?? '?'} kv_heads:${kv_heads ?? '?'} head_dim:${head_dim ?? '?'}`,
        '/train 70B 15T layers:80 kv_heads:8 head_dim:128',
      );
    }
    return {
      ...solveTrain(
        {
          params: parseQuantity(params, 'params'),
          tokens: parseQuantity(tokens, 'tokens'),
          gpu: gpu ? parseGpu(gpu) : DEFAULT_GPU,
          gpus: gpus ?? DEFAULT_GPUS,
          mfu: checkMfu(mfu ?? DEFAULT_MFU),
          price,
          shape:
            given === 3 ? { layers: layers!, kvHeads: kv_heads!, headDim: head_dim! } : undefined,
        },
        { gpu: gpu === undefined, gpus: gpus === undefined, mfu: mfu === undefined },
      ),
      visibility: 'public',
    };
  },
});
