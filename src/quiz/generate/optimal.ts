/** Split a random budget: the 20:1 rule for N or D, or the Epoch closed form (harder). */
import { CITATIONS } from '../../scaling/citations.js';
import { FITS } from '../../scaling/fits.js';
import {
  DEFAULT_TOKENS_PER_PARAM as K,
  kaplanAllocation,
  optimumConstants,
  parametricOptimum,
  ruleAllocation,
} from '../../scaling/optimal.js';
import { formatCount, formatFlops, formatSci, sig3 } from '../../scaling/quantity.js';
import { pick, randomInt, rngFrom, type Rng } from '../random.js';
import { assemble } from './assemble.js';
import { MANTISSAS, type Generator } from './types.js';

const budget = (rng: Rng): number => pick(rng, MANTISSAS) * 10 ** randomInt(rng, 20, 25);

const ruleSteps = (C: number) => {
  const rule = ruleAllocation(C);
  return [
    {
      title: 'Put D = 20N into C = 6ND',
      formula: 'C = 6·N·20N = 120·N²  ⇒  N = √(C / 120)',
      substitution: `N = √(${formatSci(C)} / 120)`,
      result: `N ≈ ${formatCount(rule.params)} parameters`,
    },
    {
      title: 'Tokens',
      formula: 'D = 20·N',
      substitution: `D = 20 × ${formatCount(rule.params)}`,
      result: `D ≈ ${formatCount(rule.tokens)} tokens`,
    },
  ];
};

export const optimalParams: Generator = {
  kind: 'optimal-params',
  topic: 'compute-optimal',
  difficulty: 'medium',
  make(seed) {
    const rng = rngFrom(seed);
    const C = budget(rng);
    const N = ruleAllocation(C).params;
    const question = assemble(rng, {
      id: `gen:optimal-params:${seed}`,
      topic: 'compute-optimal',
      difficulty: 'medium',
      prompt: `Your budget is ${formatFlops(C)}. Using C ≈ 6ND and ${K} tokens per parameter, how many parameters should the compute-optimal model have?`,
      answer: formatCount(N),
      mistakes: [
        { text: formatCount(Math.sqrt(C / K)), why: 'forgets the 6 in 6ND (N = √(C/20))' },
        { text: formatCount(Math.sqrt(C / 6)), why: 'assumes D = N' },
        { text: formatCount(Math.sqrt(C / (2 * K))), why: 'uses C = 2ND, the inference cost' },
        { text: formatCount(kaplanAllocation(C).params), why: "uses Kaplan's allocation" },
        { text: formatCount(C / (6 * K)), why: 'forgets the square root' },
      ],
      explanation: `With D = 20N, the budget is C = 120·N², so N = √(C/120) ≈ ${formatCount(N)} and D ≈ ${formatCount(20 * N)}.`,
      steps: ruleSteps(C),
      source: `${CITATIONS.hoffmann2022}; rule of thumb D ≈ 20N`,
    });
    return { question, inputs: { compute: C }, value: N };
  },
};

export const optimalTokens: Generator = {
  kind: 'optimal-tokens',
  topic: 'compute-optimal',
  difficulty: 'medium',
  make(seed) {
    const rng = rngFrom(seed);
    const C = budget(rng);
    const D = ruleAllocation(C).tokens;
    const question = assemble(rng, {
      id: `gen:optimal-tokens:${seed}`,
      topic: 'compute-optimal',
      difficulty: 'medium',
      prompt: `Your budget is ${formatFlops(C)}. Using C ≈ 6ND and ${K} tokens per parameter, how many training tokens should the compute-optimal run use?`,
      answer: formatCount(D),
      mistakes: [
        { text: formatCount(K * Math.sqrt(C / K)), why: 'forgets the 6 in 6ND' },
        { text: formatCount(Math.sqrt(C / 6)), why: 'assumes D = N' },
        { text: formatCount(K * Math.sqrt(C / (2 * K))), why: 'uses C = 2ND' },
        {
          text: formatCount(kaplanAllocation(C).tokens),
          why: "uses Kaplan's allocation (a big model on little data)",
        },
        { text: formatCount(Math.sqrt(C / 120)), why: 'stops at N and forgets D = 20N' },
      ],
      explanation: `N = √(C/120) ≈ ${formatCount(D / K)} parameters, and D = 20N ≈ ${formatCount(D)} tokens.`,
      steps: ruleSteps(C),
      source: `${CITATIONS.hoffmann2022}; rule of thumb D ≈ 20N`,
    });
    return { question, inputs: { compute: C }, value: D };
  },
};

export const optimalFit: Generator = {
  kind: 'optimal-fit',
  topic: 'compute-optimal',
  difficulty: 'hard',
  make(seed) {
    const rng = rngFrom(seed);
    const C = budget(rng);
    const fit = FITS.epoch2024;
    const { a, G } = optimumConstants(fit);
    const opt = parametricOptimum(fit, C);
    const question = assemble(rng, {
      id: `gen:optimal-fit:${seed}`,
      topic: 'compute-optimal',
      difficulty: 'hard',
      prompt: `With Epoch AI's re-fit of the Chinchilla loss (N_opt = G·(C/6)^a, G ≈ ${G.toPrecision(3)}, a ≈ ${a.toFixed(3)}), what is the compute-optimal model size for ${formatFlops(C)}?`,
      answer: formatCount(opt.params),
      mistakes: [
        { text: formatCount(G * C ** a), why: 'forgets to divide C by 6' },
        { text: formatCount(G * (C / 6) ** 0.5), why: 'uses the exponent 0.5 instead of a' },
        { text: formatCount(kaplanAllocation(C).params), why: "uses Kaplan's allocation" },
        {
          text: formatCount(parametricOptimum(FITS.hoffmann2022, C).params),
          why: "uses Hoffmann's printed coefficients instead",
        },
        { text: formatCount(opt.tokens), why: 'gives D_opt instead of N_opt' },
      ],
      explanation: `N_opt = ${G.toPrecision(3)} × (${formatSci(C / 6)})^${a.toFixed(3)} ≈ ${formatCount(opt.params)}, on D = C/(6N) ≈ ${formatCount(opt.tokens)} tokens (${sig3(opt.tokens / opt.params)} tokens per parameter).`,
      steps: [
        {
          title: 'Closed-form optimum (Epoch AI re-fit)',
          formula: 'N_opt = G·(C/6)^a',
          substitution: `N_opt = ${G.toPrecision(4)} × (${formatSci(C / 6)})^${a.toFixed(4)}`,
          result: `${formatCount(opt.params)} parameters`,
        },
        {
          title: 'Tokens',
          formula: 'D_opt = C / (6·N_opt)',
          substitution: `D_opt = ${formatSci(C)} / (6 × ${formatCount(opt.params)})`,
          result: `${formatCount(opt.tokens)} tokens`,
        },
      ],
      source: `${CITATIONS.epoch2024}; ${CITATIONS.hoffmann2022}, eq. 4`,
    });
    return { question, inputs: { compute: C, fit: 'epoch2024' }, value: opt.params };
  },
};
