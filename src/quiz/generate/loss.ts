/** Predicted loss at (N, D) with the Epoch re-fit. */
import { CITATIONS } from '../../scaling/citations.js';
import { FITS, lossOf, parametricTerms } from '../../scaling/fits.js';
import { formatCount, formatLoss, formatSci } from '../../scaling/quantity.js';
import { pick, randomInt, rngFrom } from '../random.js';
import { assemble } from './assemble.js';
import type { Generator } from './types.js';

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
    const t = parametricTerms(fit, N, D);
    const swapped = { ...fit, alpha: fit.beta, beta: fit.alpha };
    const question = assemble(rng, {
      id: `gen:loss:${seed}`,
      topic: 'scaling-laws',
      difficulty: 'medium',
      prompt: `With Epoch AI's fit L = ${fit.E} + ${fit.A}/N^${fit.alpha} + ${fit.B}/D^${fit.beta}, what loss does a ${formatCount(N)}-parameter model trained on ${formatCount(D)} tokens reach?`,
      answer: formatLoss(t.loss),
      mistakes: [
        { text: formatLoss(t.loss - fit.E), why: 'leaves out the irreducible loss E' },
        { text: formatLoss(lossOf(swapped, N, D)), why: 'swaps the exponents α and β' },
        { text: formatLoss(t.E + t.paramTerm), why: 'leaves out the data term' },
        { text: formatLoss(t.E + t.dataTerm), why: 'leaves out the model-size term' },
        {
          text: formatLoss(lossOf(FITS.hoffmann2022, N, D)),
          why: "uses Hoffmann's printed coefficients",
        },
      ],
      explanation: `L = E + A/N^α + B/D^β = ${fit.E} + ${t.paramTerm.toFixed(3)} + ${t.dataTerm.toFixed(3)} ≈ ${formatLoss(t.loss)} nats per token.`,
      steps: [
        {
          title: 'Loss',
          formula: 'L = E + A/N^α + B/D^β',
          substitution: `${fit.E} + ${fit.A}/(${formatSci(N)})^${fit.alpha} + ${fit.B}/(${formatSci(D)})^${fit.beta}`,
          result: `${fit.E} + ${t.paramTerm.toFixed(4)} + ${t.dataTerm.toFixed(4)} = ${formatLoss(t.loss)}`,
        },
      ],
      source: CITATIONS.epoch2024,
    });
    return { question, inputs: { fit: 'epoch2024', params: N, tokens: D }, value: t.loss };
  },
};
