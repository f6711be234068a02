import { z } from 'zod';
import { DEFAULT_LOSS_FITS } from '../src/scaling/fits.js';
import { parseQuantity } from '../src/scaling/quantity.js';
import { solveLoss } from '../src/scaling/solve-loss.js';
import { withUniqueTokens } from './unique-tokens.js';
import { CHART_COOLDOWN, defineCommand } from './define.js';
import { chooseFitsFor, defaultFits, fitRef, suggestFitsFor } from './fit-choice.js';
import { fitOption, quantityText } from './options.js';
import { uniqueTokensOption } from './unique-tokens.js';

export default defineCommand({
  name: 'loss',
  description: 'Predicted loss for a model of N parameters trained on D tokens',
  options: z.object({
    params: quantityText('Parameters, e.g. 70B'),
    tokens: quantityText('Training tokens, e.g. 1.4T'),
    fit: fitOption,
    unique_tokens: uniqueTokensOption,
  }),
  positional: ['params', 'tokens'],
  examples: [
    '/loss 70B 1.4T',
    '/loss 175B 300B',
    '/loss 8B 15T fit:epoch2024',
    '/loss 8.67B 178B unique_tokens:25B',
  ],
  policy: { visibility: 'public', chart: true, cooldown: CHART_COOLDOWN },
  async run({ params, tokens, fit, unique_tokens }, ctx) {
    const N = parseQuantity(params, 'params');
    const D = parseQuantity(tokens, 'tokens');
    const fits = await chooseFitsFor(ctx, fit, await defaultFits(ctx, DEFAULT_LOSS_FITS));
    const solution = withUniqueTokens(solveLoss(N, D, fits), unique_tokens, { N, D });
    const chartFits = fits.filter((f) => f.kind === 'parametric').map(fitRef);
    return {
      ...solution,
      visibility: 'public',
      chart:
        chartFits.length > 0
          ? { kind: 'loss-landscape', params: N, tokens: D, fits: chartFits }
          : undefined,
    };
  },
  suggest: { fit: suggestFitsFor },
});
