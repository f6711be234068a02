/** Tokens per parameter of a published model, and what that says about how it was trained. */
import { KNOWN_MODELS } from '../../scaling/models.js';
import { DEFAULT_TOKENS_PER_PARAM as K } from '../../scaling/optimal.js';
import { formatCount } from '../../scaling/quantity.js';
import { VERDICT_BAND, verdictFor, type Verdict } from '../../scaling/verdict.js';
import { pick, rngFrom } from '../random.js';
import { assemble, type Display } from './assemble.js';
import type { Generator } from './types.js';

const VERDICTS: Verdict[] = ['under-trained', 'near compute-optimal', 'over-trained'];
const LOW = K / VERDICT_BAND;
const HIGH = K * VERDICT_BAND;

/**
 * A model this close to an edge of the band (LLaMA 33B at 43.1, Llama 3.1 405B at 38.5) can be
 * argued either way, so it is not asked.
 */
const EDGE_MARGIN = 1.15;
const clearOfEdges = (ratio: number): boolean =>
  [LOW, HIGH].every((edge) => ratio / edge > EDGE_MARGIN || edge / ratio > EDGE_MARGIN);
export const ASKABLE_MODELS = KNOWN_MODELS.filter((m) => clearOfEdges(m.tokens / m.params));

/** Three significant figures at every size, so 1.07 and its inverse 0.933 read alike. */
const shownRatio = (x: number): number => Number(x.toPrecision(3));
export const formatTokensPerParam = (x: number): string =>
  shownRatio(x).toLocaleString('en-US', { maximumFractionDigits: 20 });

const RATIO: Display = {
  show: (c) => `${formatTokensPerParam(c.value)} tokens/param: ${c.label ?? ''}`,
  shown: shownRatio,
  gap: 'relative',
};

export const modelRatio: Generator = {
  kind: 'model-ratio',
  topic: 'compute-optimal',
  difficulty: 'easy',
  make(seed) {
    const rng = rngFrom(seed);
    const model = pick(rng, ASKABLE_MODELS);
    const ratio = model.tokens / model.params;
    const verdict = verdictFor(ratio);
    const others = VERDICTS.filter((v) => v !== verdict);
    const at = (value: number) => ({ value, label: verdictFor(value) });
    const question = assemble(rng, {
      id: `gen:model-ratio:${seed}`,
      topic: 'compute-optimal',
      difficulty: 'easy',
      prompt: `${model.name} has ${formatCount(model.params)} parameters trained on ${formatCount(model.tokens)} tokens. How many tokens per parameter is that, and how does it compare with the compute-optimal ${K}? Count ${LOW} to ${HIGH} tokens per parameter (within a factor of ${VERDICT_BAND} of ${K}) as near compute-optimal, fewer as under-trained, more as over-trained.`,
      answer: { value: ratio, label: verdict },
      display: RATIO,
      mistakes: [
        { ...at(1 / ratio), why: 'divides the wrong way (N/D)' },
        { value: ratio, label: others[0]!, why: 'has the ratio right but misreads the verdict' },
        { value: ratio, label: others[1]!, why: 'has the ratio right but misreads the verdict' },
        { ...at(ratio * K), why: `multiplies by ${K} instead of comparing with it` },
      ],
      fallbacks: [
        { ...at(ratio / 1000), why: 'reads the tokens a thousand times too few' },
        { ...at(ratio * 1000), why: 'reads the parameters a thousand times too few' },
      ],
      explanation: `D/N = ${formatCount(model.tokens)} / ${formatCount(model.params)} ≈ ${formatTokensPerParam(ratio)}. Within a factor of ${VERDICT_BAND} of ${K} (${LOW} to ${HIGH}) counts as near compute-optimal; below is under-trained, above is over-trained, often on purpose for cheaper inference.`,
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
