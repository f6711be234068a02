/** Predicted loss at (N, D) with the Epoch re-fit; the prompt states every coefficient used. */
import { CITATIONS } from '../../scaling/citations.js';
import { FITS, lossOf, parametricTerms } from '../../scaling/fits.js';
import { formatCount, formatLoss, formatSci } from '../../scaling/quantity.js';
import { pick, randomInt, rngFrom } from '../random.js';
import { assemble, LOSS } from './assemble.js';
import { extrapolationFlag } from './extrapolation.js';
import type { Generator } from './types.js';
import { withArticle } from './words.js';

const SIZES = [1, 2, 3, 5, 7] as const;
const RATIOS = [5, 10, 20, 40, 100] as const;

export const lossAt: Generator = {
  kind: 'loss',
  topic: 'scaling-laws',
  difficulty: 'medium',
  make(seed) {
    const rng = rngFrom(seed);
    const N = pick(rng, SIZES) * 10 ** randomInt(rng, 8, 10);
    const D = N * pick(rng, RATIOS);
    const fit = FITS.epoch2024;
    const { E, A, B, alpha, beta } = fit;
    const t = parametricTerms(fit, N, D);
    const question = assemble(rng, {
      id: `gen:loss:${seed}`,
      topic: 'scaling-laws',
      difficulty: 'medium',
      prompt: `With Epoch AI's fit L = E + A/N^α + B/D^β, where E = ${E}, A = ${A}, B = ${B}, α = ${alpha} and β = ${beta}, what loss does ${withArticle(formatCount(N))}-parameter model trained on ${formatCount(D)} tokens reach?`,
      answer: { value: t.loss },
      display: LOSS,
      mistakes: [
        { value: t.loss - E, why: 'leaves out the irreducible loss E' },
        {
          value: lossOf({ ...fit, alpha: beta, beta: alpha }, N, D),
          why: 'swaps the exponents α and β',
        },
        { value: t.E + t.paramTerm, why: 'leaves out the data term' },
        { value: t.E + t.dataTerm, why: 'leaves out the model-size term' },
        { value: lossOf(FITS.hoffmann2022, N, D), why: "uses Hoffmann's printed coefficients" },
      ],
      fallbacks: [
        { value: lossOf(fit, D, N), why: 'swaps N and D' },
        { value: lossOf(fit, N, N), why: 'uses N for both counts' },
        { value: lossOf(fit, D, D), why: 'uses D for both counts' },
      ],
      explanation: `L = E + A/N^α + B/D^β = ${E} + ${t.paramTerm.toFixed(3)} + ${t.dataTerm.toFixed(3)} ≈ ${formatLoss(t.loss)} nats per token.`,
      note: extrapolationFlag(fit, N, D),
      steps: [
        {
          title: 'Loss',
          formula: 'L = E + A/N^α + B/D^β',
          substitution: `${E} + ${A}/(${formatSci(N)})^${alpha} + ${B}/(${formatSci(D)})^${beta}`,
          result: `${E} + ${t.paramTerm.toFixed(4)} + ${t.dataTerm.toFixed(4)} = ${formatLoss(t.loss)}`,
        },
      ],
      source: CITATIONS.epoch2024,
    });
    return { question, inputs: { fit: 'epoch2024', params: N, tokens: D }, value: t.loss };
  },
};
