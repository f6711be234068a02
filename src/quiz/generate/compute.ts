/** Compute of an (N, D): 6ND, with the slips people make on the way. */
import { CITATIONS } from '../../scaling/citations.js';
import { trainingFlops } from '../../scaling/compute.js';
import { formatCount, formatFlops } from '../../scaling/quantity.js';
import { pick, randomInt, rngFrom } from '../random.js';
import { assemble } from './assemble.js';
import type { Generator } from './types.js';

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
      prompt: `How much training compute does a ${formatCount(N)}-parameter model trained on ${formatCount(D)} tokens need?`,
      answer: formatFlops(C),
      mistakes: [
        { text: formatFlops(N * D), why: 'forgets the 6 (N·D)' },
        { text: formatFlops(2 * N * D), why: 'uses 2ND, the forward pass only' },
        { text: formatFlops(C / 1000), why: 'reads one of the counts a thousand times too small' },
        { text: formatFlops(C * 1000), why: 'reads one of the counts a thousand times too big' },
        { text: formatFlops(6 * (N + D)), why: 'adds N and D instead of multiplying' },
      ],
      explanation: `C ≈ 6·N·D = 6 × ${formatCount(N)} × ${formatCount(D)} ≈ ${formatFlops(C)}: about 2N FLOPs per token forward and 4N backward.`,
      steps: [
        {
          title: 'Training compute',
          formula: 'C ≈ 6·N·D',
          substitution: `6 × ${formatCount(N)} × ${formatCount(D)}`,
          result: formatFlops(C),
        },
      ],
      source: `${CITATIONS.kaplan2020}, §2.1`,
    });
    return { question, inputs: { params: N, tokens: D }, value: C };
  },
};
