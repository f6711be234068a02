/** The least training compute that reaches a target loss (Epoch re-fit). */
import { CITATIONS } from '../../scaling/citations.js';
import { FITS } from '../../scaling/fits.js';
import { optimalForLoss } from '../../scaling/inference.js';
import { formatCount, formatFlops } from '../../scaling/quantity.js';
import { pick, rngFrom } from '../random.js';
import { assemble } from './assemble.js';
import type { Generator } from './types.js';

const TARGETS = [1.95, 2.0, 2.05, 2.1, 2.15, 2.2, 2.3, 2.4, 2.5] as const;

export const targetCompute: Generator = {
  kind: 'target',
  topic: 'prediction',
  difficulty: 'hard',
  make(seed) {
    const rng = rngFrom(seed);
    const loss = pick(rng, TARGETS);
    const fit = FITS.epoch2024;
    const { params: N, tokens: D } = optimalForLoss(fit, loss);
    const C = 6 * N * D;
    const swapped = optimalForLoss({ ...fit, alpha: fit.beta, beta: fit.alpha }, loss);
    const question = assemble(rng, {
      id: `gen:target:${seed}`,
      topic: 'prediction',
      difficulty: 'hard',
      prompt: `With Epoch AI's fit (E ≈ ${fit.E}), what is the least training compute that reaches a loss of ${loss.toFixed(2)}?`,
      answer: formatFlops(C),
      mistakes: [
        { text: formatFlops(N * D), why: 'forgets the 6 in 6ND' },
        { text: formatFlops(2 * N * D), why: 'uses 2ND' },
        {
          text: formatFlops(6 * N * 20 * N),
          why: 'keeps N but takes D = 20N instead of the optimal D',
        },
        {
          text: formatFlops(6 * swapped.params * swapped.tokens),
          why: 'swaps the exponents α and β',
        },
        { text: formatFlops(6 * N * N), why: 'assumes D = N' },
      ],
      explanation: `The cheapest run balances the two terms (α·A/N^α = β·B/D^β) on L = ${loss.toFixed(2)}: N ≈ ${formatCount(N)}, D ≈ ${formatCount(D)}, so C = 6ND ≈ ${formatFlops(C)}.`,
      steps: [
        {
          title: 'Compute-optimal (N, D) for the target loss',
          formula: 'N = (A(1 + α/β)/(L − E))^(1/α),  D = (B(1 + β/α)/(L − E))^(1/β)',
          substitution: `L − E = ${loss.toFixed(2)} − ${fit.E} = ${(loss - fit.E).toFixed(4)}`,
          result: `N ≈ ${formatCount(N)} parameters, D ≈ ${formatCount(D)} tokens`,
        },
        { title: 'Compute', formula: 'C = 6·N·D', result: formatFlops(C) },
      ],
      source: `${CITATIONS.epoch2024}; ${CITATIONS.sardana2024}`,
    });
    return { question, inputs: { fit: 'epoch2024', loss }, value: C };
  },
};
