import { z } from 'zod';
import { DEFAULT_OPTIMAL_FITS } from '../src/scaling/fits.js';
import { parseLoss, solveTarget } from '../src/scaling/solve-target.js';
import { CHART_COOLDOWN, defineCommand } from './define.js';
import { chooseFitsFor, defaultFits, fitRef, suggestFitsFor } from './fit-choice.js';
import { fitOption } from './options.js';
import { lifetimeOptions, readLifetime } from './lifetime-options.js';
import { withLifetimeCost } from './lifetime-cost.js';

export default defineCommand({
  name: 'target',
  description: 'Least training compute (and model size and tokens) that reaches a target loss',
  options: z.object({
    loss: z.string().max(50).describe('Target loss in nats per token, e.g. 2.0'),
    fit: fitOption,
    ...lifetimeOptions,
  }),
  positional: ['loss'],
  examples: [
    '/target 2.0',
    '/target 1.95 fit:hoffmann2022',
    '/target 2.0 requests:1e9 input_tokens:500 output_tokens:200',
  ],
  policy: { visibility: 'public', chart: true, cooldown: CHART_COOLDOWN },
  async run({ loss, fit, ...rest }, ctx) {
    const target = parseLoss(loss);
    const fits = await chooseFitsFor(ctx, fit, await defaultFits(ctx, DEFAULT_OPTIMAL_FITS, true));
    const lifetime = readLifetime(rest);
    const solution = solveTarget(target, fits);
    if (lifetime) return withLifetimeCost(solution, fits, target, lifetime);
    const reached = Object.values(solution.data.fits).find((f) => 'compute' in f);
    return {
      ...solution,
      visibility: 'public',
      chart:
        reached && 'compute' in reached
          ? {
              kind: 'isoflop',
              compute: reached.compute,
              fits: fits.filter((f) => f.kind === 'parametric').map(fitRef),
              tokensPerParam: 20,
            }
          : undefined,
    };
  },
  suggest: { fit: suggestFitsFor },
});
