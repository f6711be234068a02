/** Split a random budget: the 20:1 rule for N or D, or the Epoch closed form (harder). */
import { CITATIONS } from '../../scaling/citations.js';
import { FLOPS_PER_PARAM_TOKEN as SIX } from '../../scaling/compute.js';
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
import { assemble, COUNT } from './assemble.js';
import { extrapolationFlag } from './extrapolation.js';
import { MANTISSAS, type Generator } from './types.js';

const budget = (rng: Rng): number => pick(rng, MANTISSAS) * 10 ** randomInt(rng, 20, 25);

const ruleSteps = (C: number) => {
  const rule = ruleAllocation(C);
  return [
    {
      title: `Put D = ${K}N into C = ${SIX}ND`,
      formula: `C = ${SIX}·N·${K}N = ${SIX * K}·N²  ⇒  N = √(C / ${SIX * K})`,
      substitution: `N = √(${formatSci(C)} / ${SIX * K})`,
      result: `N ≈ ${formatCount(rule.params)} parameters`,
    },
    {
      title: 'Tokens',
      formula: `D = ${K}·N`,
      substitution: `D = ${K} × ${formatCount(rule.params)}`,
      result: `D ≈ ${formatCount(rule.tokens)} tokens`,
    },
  ];
};

/** The 20:1 rule comes from Hoffmann's runs, so its answers extrapolate where theirs do. */
const ruleFlag = (C: number): string | undefined => {
  const r = ruleAllocation(C);
  return extrapolationFlag(FITS.hoffmann2022, r.params, r.tokens);
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
      prompt: `Your budget is ${formatFlops(C)}. Using C ≈ ${SIX}ND and ${K} tokens per parameter, how many parameters should the compute-optimal model have?`,
      answer: { value: N },
      display: COUNT,
      mistakes: [
        { value: Math.sqrt(C / K), why: `forgets the ${SIX} in ${SIX}ND (N = √(C/${K}))` },
        { value: Math.sqrt(C / SIX), why: 'assumes D = N' },
        {
          value: Math.sqrt(C / (2 * K)),
          why: 'uses C = 2ND, which counts only the forward pass',
        },
        { value: kaplanAllocation(C).params, why: "uses Kaplan's allocation" },
        { value: C / (SIX * K), why: 'forgets the square root' },
      ],
      fallbacks: [
        { value: Math.sqrt((K * C) / SIX), why: `turns the ratio upside down (N = ${K}D)` },
        {
          value: Math.sqrt(C) / (SIX * K),
          why: `takes the root of C alone, then divides by ${SIX * K}`,
        },
      ],
      explanation: `With D = ${K}N, the budget is C = ${SIX * K}·N², so N = √(C/${SIX * K}) ≈ ${formatCount(N)} and D ≈ ${formatCount(K * N)}.`,
      note: ruleFlag(C),
      steps: ruleSteps(C),
      source: `${CITATIONS.hoffmann2022}; rule of thumb D ≈ ${K}N`,
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
      prompt: `Your budget is ${formatFlops(C)}. Using C ≈ ${SIX}ND and ${K} tokens per parameter, how many training tokens should the compute-optimal run use?`,
      answer: { value: D },
      display: COUNT,
      mistakes: [
        { value: K * Math.sqrt(C / K), why: `forgets the ${SIX} in ${SIX}ND` },
        { value: Math.sqrt(C / SIX), why: 'assumes D = N' },
        {
          value: K * Math.sqrt(C / (2 * K)),
          why: 'uses C = 2ND, which counts only the forward pass',
        },
        {
          value: kaplanAllocation(C).tokens,
          why: "uses Kaplan's allocation (a bigger share of compute to parameters)",
        },
        { value: ruleAllocation(C).params, why: `stops at N and forgets D = ${K}N` },
      ],
      fallbacks: [
        { value: K * Math.sqrt(C / SIX), why: `takes N from D = N, then multiplies by ${K}` },
        { value: ruleAllocation(10 * C).tokens, why: 'reads the budget ten times too big' },
        { value: ruleAllocation(C / 10).tokens, why: 'reads the budget ten times too small' },
      ],
      explanation: `N = √(C/${SIX * K}) ≈ ${formatCount(D / K)} parameters, and D = ${K}N ≈ ${formatCount(D)} tokens.`,
      note: ruleFlag(C),
      steps: ruleSteps(C),
      source: `${CITATIONS.hoffmann2022}; rule of thumb D ≈ ${K}N`,
    });
    return { question, inputs: { compute: C }, value: D };
  },
};

/** G to four significant figures and a to four decimals: shown, and used for the key. */
const roundedConstants = () => {
  const { a, G } = optimumConstants(FITS.epoch2024);
  return { a: Number(a.toFixed(4)), G: Number(G.toPrecision(4)) };
};

export const optimalFit: Generator = {
  kind: 'optimal-fit',
  topic: 'compute-optimal',
  difficulty: 'hard',
  make(seed) {
    const rng = rngFrom(seed);
    const C = budget(rng);
    const fit = FITS.epoch2024;
    // The key is computed from the constants as printed, so the prompt alone solves it.
    const { a, G } = roundedConstants();
    const N = G * (C / SIX) ** a;
    const D = C / (SIX * N);
    const question = assemble(rng, {
      id: `gen:optimal-fit:${seed}`,
      topic: 'compute-optimal',
      difficulty: 'hard',
      prompt: `Epoch AI's re-fit of the Chinchilla loss puts the compute-optimal model size at N_opt = G·(C/${SIX})^a with G = ${G} and a = ${a}. What is N_opt for ${formatFlops(C)}?`,
      answer: { value: N },
      display: COUNT,
      mistakes: [
        { value: G * C ** a, why: `forgets to divide C by ${SIX}` },
        { value: G * (C / SIX) ** 0.5, why: 'uses the exponent 0.5 instead of a' },
        { value: kaplanAllocation(C).params, why: "uses Kaplan's allocation" },
        {
          value: parametricOptimum(FITS.hoffmann2022, C).params,
          why: "uses Hoffmann's printed coefficients instead",
        },
        { value: D, why: 'gives D_opt instead of N_opt' },
      ],
      fallbacks: [
        { value: G * (C / SIX) ** (1 - a), why: "uses D's exponent b = 1 − a" },
        { value: G * C ** 0.5, why: `uses the exponent 0.5 and forgets to divide C by ${SIX}` },
      ],
      explanation: `N_opt = ${G} × (${formatSci(C / SIX)})^${a} ≈ ${formatCount(N)}, on D = C/(${SIX}N) ≈ ${formatCount(D)} tokens (${sig3(D / N)} tokens per parameter).`,
      note: extrapolationFlag(fit, N, D),
      steps: [
        {
          title: 'Closed-form optimum (Epoch AI re-fit)',
          formula: `N_opt = G·(C/${SIX})^a`,
          substitution: `N_opt = ${G} × (${formatSci(C / SIX)})^${a}`,
          result: `${formatCount(N)} parameters`,
        },
        {
          title: 'Tokens',
          formula: `D_opt = C / (${SIX}·N_opt)`,
          substitution: `D_opt = ${formatSci(C)} / (${SIX} × ${formatCount(N)})`,
          result: `${formatCount(D)} tokens`,
        },
      ],
      source: `${CITATIONS.epoch2024}; ${CITATIONS.hoffmann2022}, eq. 4`,
    });
    return { question, inputs: { compute: C, fit: 'epoch2024' }, value: N };
  },
};
