import { z } from 'zod';
import { parseRunsCsv } from '../src/scaling/fit-csv.js';
import { solveFit } from '../src/scaling/solve-fit.js';
import { CHART_COOLDOWN, defineCommand } from './define.js';

export default defineCommand({
  name: 'fit',
  description: 'Fit L = E + A/N^α + B/D^β to your own runs (params,tokens,loss rows)',
  options: z.object({
    runs: z
      .string()
      .max(6000)
      .describe('CSV rows params,tokens,loss (header optional), e.g. 151M,3.02e9,3.498'),
  }),
  positional: ['runs'],
  fileOption: 'runs',
  examples: [
    '/fit params,tokens,loss 151M,1.51B,3.683 151M,15.1B,3.254 367M,3.67B,3.358 367M,36.7B,2.949 749M,7.49B,3.152 749M,74.9B,2.758 1.26B,12.6B,3.084 1.26B,126B,2.651',
  ],
  policy: { visibility: 'public', chart: true, cooldown: CHART_COOLDOWN },
  run({ runs }) {
    const parsed = parseRunsCsv(runs);
    const solution = solveFit(parsed);
    const d = solution.data;
    return {
      ...solution,
      visibility: 'public',
      chart: {
        kind: 'fit-runs',
        runs: parsed.slice(0, 500),
        coefficients: { E: d.E, A: d.A, B: d.B, alpha: d.alpha, beta: d.beta },
      },
    };
  },
});
