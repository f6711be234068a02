import { z } from 'zod';
import { checkMfu, GPU_NAMES, parseBudget, parseGpu } from '../src/scaling/compute.js';
import { DEFAULT_OPTIMAL_FITS } from '../src/scaling/fits.js';
import { DEFAULT_TOKENS_PER_PARAM } from '../src/scaling/optimal.js';
import { parseQuantity } from '../src/scaling/quantity.js';
import { InputError } from '../src/input-error.js';
import { solveOptimal } from '../src/scaling/solve-optimal.js';
import { CHART_COOLDOWN, defineCommand } from './define.js';
import { chooseFitsFor, defaultFits, fitRef, suggestFitsFor } from './fit-choice.js';
import { fitOption, quantityText } from './options.js';
import { uniqueTokensOption, withUniqueTokens } from './unique-tokens.js';

export default defineCommand({
  name: 'optimal',
  description: 'Compute-optimal model size and token count for a compute budget',
  options: z.object({
    compute: quantityText('Budget: FLOPs (6e22), GPU time (10000 H100-hours) or dollars ($2M)'),
    fit: fitOption,
    tokens_per_param: z
      .number()
      .min(1)
      .max(10000)
      .optional()
      .describe('Tokens per parameter for the rule of thumb (default 20)'),
    inference_tokens: z
      .string()
      .max(200)
      .optional()
      .describe('Lifetime inference tokens, to size a model trained past optimal (e.g. 2T)'),
    gpu: z
      .enum(GPU_NAMES)
      .optional()
      .describe('GPU for GPU-time and dollar budgets (default H100)'),
    mfu: z
      .number()
      .min(0.01)
      .max(1)
      .optional()
      .describe('Model-FLOPs utilisation, 0–1 (default 0.4)'),
    price: z
      .number()
      .min(0.01)
      .max(1000)
      .optional()
      .describe('Dollars per GPU-hour for dollar budgets'),
    unique_tokens: uniqueTokensOption,
  }),
  positional: ['compute'],
  examples: [
    '/optimal 6e22',
    '/optimal 10000 H100-hours',
    '/optimal $2M gpu:A100',
    '/optimal 5.76e23 inference_tokens:2T',
    '/optimal 1e22 unique_tokens:25B',
  ],
  policy: { visibility: 'public', chart: true, cooldown: CHART_COOLDOWN },
  async run(
    { compute, fit, tokens_per_param, inference_tokens, gpu, mfu, price, unique_tokens },
    ctx,
  ) {
    const budget = parseBudget(compute, {
      gpu: gpu ? parseGpu(gpu) : undefined,
      mfu: mfu === undefined ? undefined : checkMfu(mfu),
      pricePerHour: price,
    });
    const fits = await chooseFitsFor(ctx, fit, await defaultFits(ctx, DEFAULT_OPTIMAL_FITS, true));
    if (!fits.some((f) => f.kind === 'parametric')) {
      throw new InputError(
        'unsupported',
        'The compute-optimal split needs a Chinchilla-style fit (E + A/N^α + B/D^β); Kaplan’s allocation is shown with every answer',
        fit,
        '/optimal 6e22 fit:epoch2024',
      );
    }
    const inferenceTokens =
      inference_tokens === undefined ? undefined : parseQuantity(inference_tokens, 'tokens');
    const k = tokens_per_param ?? DEFAULT_TOKENS_PER_PARAM;
    const solution = withUniqueTokens(
      solveOptimal({ budget, fits, tokensPerParam: k, inferenceTokens }),
      unique_tokens,
      { C: budget.flops },
    );
    return {
      ...solution,
      visibility: 'public',
      chart: {
        kind: 'isoflop',
        compute: budget.flops,
        fits: fits.filter((f) => f.kind === 'parametric').map(fitRef),
        tokensPerParam: k,
      },
    };
  },
  suggest: { fit: suggestFitsFor },
});
