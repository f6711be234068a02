/** Compute of an (N, D): 6ND, with the slips people make on the way. */
import { CITATIONS } from '../../scaling/citations.js';
import { FLOPS_PER_PARAM_TOKEN as SIX, trainingFlops } from '../../scaling/compute.js';
import { formatCount, formatFlops } from '../../scaling/quantity.js';
import { pick, randomInt, rngFrom } from '../random.js';
import { assemble, FLOPS } from './assemble.js';
import type { Generator } from './types.js';
import { withArticle } from './words.js';

const SIZES = [1, 1.5, 2, 3, 4, 5, 7, 8] as const;
const RATIOS = [1, 2, 5, 10, 20, 50, 100, 200] as const;

export const computeOf: Generator = {
  kind: 'compute',
  topic: 'n-d-c',
  difficulty: 'easy',
  make(seed) {
    const rng = rngFrom(seed);
    const N = pick(rng, SIZES) * 10 ** randomInt(rng, 8, 11);
    const D = N * pick(rng, RATIOS);
    const C = trainingFlops(N, D);
    const question = assemble(rng, {
      id: `gen:compute:${seed}`,
      topic: 'n-d-c',
      difficulty: 'easy',
      prompt: `Using C ≈ ${SIX}ND, how much training compute does ${withArticle(formatCount(N))}-parameter model trained on ${formatCount(D)} tokens need?`,
      answer: { value: C },
      display: FLOPS,
      mistakes: [
        { value: N * D, why: `forgets the ${SIX} (N·D)` },
        { value: 2 * N * D, why: 'uses 2ND, which counts only the forward pass' },
        { value: C / 1000, why: 'reads one of the counts a thousand times too small' },
        { value: C * 1000, why: 'reads one of the counts a thousand times too big' },
        { value: SIX * (N + D), why: 'adds N and D instead of multiplying' },
      ],
      fallbacks: [
        { value: 4 * N * D, why: 'uses 4ND, which counts only the backward pass' },
        { value: trainingFlops(N, N), why: 'uses N for both counts (6N²)' },
        { value: trainingFlops(D, D), why: 'uses D for both counts (6D²)' },
      ],
      explanation: `C ≈ ${SIX}·N·D = ${SIX} × ${formatCount(N)} × ${formatCount(D)} ≈ ${formatFlops(C)}: about 2N FLOPs per token forward and 4N backward.`,
      steps: [
        {
          title: 'Training compute',
          formula: `C ≈ ${SIX}·N·D`,
          substitution: `${SIX} × ${formatCount(N)} × ${formatCount(D)}`,
          result: formatFlops(C),
        },
      ],
      source: `${CITATIONS.kaplan2020}, §2.1`,
    });
    return { question, inputs: { params: N, tokens: D }, value: C };
  },
};
