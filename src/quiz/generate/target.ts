/** The least training compute that reaches a target loss (Epoch re-fit), all coefficients given. */
import { CITATIONS } from '../../scaling/citations.js';
import { FLOPS_PER_PARAM_TOKEN as SIX, trainingFlops } from '../../scaling/compute.js';
import { FITS } from '../../scaling/fits.js';
import { optimalForLoss } from '../../scaling/inference.js';
import { DEFAULT_TOKENS_PER_PARAM as K } from '../../scaling/optimal.js';
import { formatCount, formatFlops, sig3 } from '../../scaling/quantity.js';
import { pick, rngFrom } from '../random.js';
import { assemble, FLOPS } from './assemble.js';
import { extrapolationFlag } from './extrapolation.js';
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
    const { E, A, B, alpha, beta } = fit;
    const { params: N, tokens: D } = optimalForLoss(fit, loss);
    const C = trainingFlops(N, D);
    const compute = (o: { params: number; tokens: number }) => trainingFlops(o.params, o.tokens);
    const gap = loss - E;
    const ratio = D / N;
    // The 20:1 rule lands within a few percent of this optimum: a fair approximation, so it is
    // named in the explanation rather than offered as a wrong answer.
    const rule = `That optimum is ${sig3(ratio)} tokens per parameter, close to the ${K}:1 rule of thumb.`;
    const question = assemble(rng, {
      id: `gen:target:${seed}`,
      topic: 'prediction',
      difficulty: 'hard',
      prompt: `With Epoch AI's fit L = E + A/N^α + B/D^β, where E = ${E}, A = ${A}, B = ${B}, α = ${alpha} and β = ${beta}, and C ≈ ${SIX}ND, what is the least training compute that reaches a loss of ${loss.toFixed(2)}?`,
      answer: { value: C },
      display: FLOPS,
      mistakes: [
        { value: N * D, why: `forgets the ${SIX} in ${SIX}ND` },
        { value: 2 * N * D, why: 'uses 2ND, which counts only the forward pass' },
        {
          value: compute(optimalForLoss({ ...fit, alpha: beta, beta: alpha }, loss)),
          why: 'swaps the exponents α and β',
        },
        { value: compute(optimalForLoss({ ...fit, E: 0 }, loss)), why: 'uses L instead of L − E' },
      ],
      fallbacks: [
        {
          value: compute(optimalForLoss(FITS.hoffmann2022, loss)),
          why: "uses Hoffmann's printed coefficients",
        },
        {
          value: trainingFlops((A / gap) ** (1 / alpha), (B / gap) ** (1 / beta)),
          why: 'leaves out the factors (1 + α/β) and (1 + β/α)',
        },
        { value: trainingFlops(N, N), why: 'keeps N but assumes D = N' },
      ],
      explanation: `The cheapest run balances the two terms (α·A/N^α = β·B/D^β) on L = ${loss.toFixed(2)}: N ≈ ${formatCount(N)}, D ≈ ${formatCount(D)}, so C = ${SIX}ND ≈ ${formatFlops(C)}. ${rule}`,
      note: extrapolationFlag(fit, N, D),
      steps: [
        {
          title: 'Compute-optimal (N, D) for the target loss',
          formula: 'N = (A(1 + α/β)/(L − E))^(1/α),  D = (B(1 + β/α)/(L − E))^(1/β)',
          substitution: `L − E = ${loss.toFixed(2)} − ${E} = ${gap.toFixed(4)}`,
          result: `N ≈ ${formatCount(N)} parameters, D ≈ ${formatCount(D)} tokens`,
        },
        { title: 'Compute', formula: `C = ${SIX}·N·D`, result: formatFlops(C) },
      ],
      source: `${CITATIONS.epoch2024}; ${CITATIONS.sardana2024}`,
    });
    return { question, inputs: { fit: 'epoch2024', loss }, value: C };
  },
};
