/** Tokens per parameter of a published model, and what that says about how it was trained. */
import { KNOWN_MODELS } from '../../scaling/models.js';
import { formatCount } from '../../scaling/quantity.js';
import { verdictFor, type Verdict } from '../../scaling/verdict.js';
import { pick, rngFrom } from '../random.js';
import { assemble } from './assemble.js';
import type { Generator } from './types.js';

const VERDICTS: Verdict[] = ['under-trained', 'near compute-optimal', 'over-trained'];

/** Ratios from 0.0005 to 2,000 all need to read distinctly. */
export const formatTokensPerParam = (x: number): string =>
  x >= 100
    ? Math.round(x).toLocaleString('en-US')
    : x >= 1
      ? x.toFixed(1)
      : String(Number(x.toPrecision(2)));

const choice = (ratio: number, verdict: Verdict) =>
  `${formatTokensPerParam(ratio)} tokens/param: ${verdict}`;

export const modelRatio: Generator = {
  kind: 'model-ratio',
  topic: 'compute-optimal',
  difficulty: 'easy',
  make(seed) {
    const rng = rngFrom(seed);
    const model = pick(rng, KNOWN_MODELS);
    const ratio = model.tokens / model.params;
    const verdict = verdictFor(ratio);
    const others = VERDICTS.filter((v) => v !== verdict);
    const question = assemble(rng, {
      id: `gen:model-ratio:${seed}`,
      topic: 'compute-optimal',
      difficulty: 'easy',
      prompt: `${model.name} has ${formatCount(model.params)} parameters trained on ${formatCount(model.tokens)} tokens. How many tokens per parameter is that, and how does it compare with the compute-optimal 20?`,
      answer: choice(ratio, verdict),
      mistakes: [
        { text: choice(1 / ratio, verdictFor(1 / ratio)), why: 'divides the wrong way (N/D)' },
        { text: choice(ratio, others[0]!), why: 'has the ratio right but misreads the verdict' },
        { text: choice(ratio, others[1]!), why: 'has the ratio right but misreads the verdict' },
        {
          text: choice(ratio * 20, verdictFor(ratio * 20)),
          why: 'multiplies by 20 instead of comparing with it',
        },
      ],
      explanation: `D/N = ${formatCount(model.tokens)} / ${formatCount(model.params)} ≈ ${formatTokensPerParam(ratio)}. Within a factor of 2 of 20 (10 to 40) counts as near compute-optimal; below is under-trained, above is over-trained, often on purpose for cheaper inference.`,
      steps: [
        {
          title: 'Tokens per parameter',
          formula: 'D / N',
          substitution: `${formatCount(model.tokens)} / ${formatCount(model.params)}`,
          result: `${formatTokensPerParam(ratio)} → ${verdict}`,
        },
      ],
      source: model.source,
    });
    return { question, inputs: { model: model.id }, value: ratio };
  },
};
