/** `unique_tokens:U` on /loss and /optimal: adds the data-constrained law to the answer. */
import { parseQuantity } from '../src/scaling/quantity.js';
import {
  lossWithUniqueTokens,
  optimalWithUniqueTokens,
} from '../src/scaling/solve-data-constrained.js';
import type { Solution } from '../src/scaling/solution.js';
import { quantityText } from './options.js';

export const uniqueTokensOption = quantityText(
  'Unique tokens available, to apply the repeated-data law (e.g. 500B)',
).optional();

type At = { N: number; D: number } | { C: number };

export function withUniqueTokens<S extends Solution & { data: object }>(
  solution: S,
  text: string | undefined,
  at: At,
): S {
  if (text === undefined || text.trim() === '') return solution;
  const U = parseQuantity(text, 'tokens');
  const dc = 'C' in at ? optimalWithUniqueTokens(at.C, U) : lossWithUniqueTokens(at.N, at.D, U);
  const first = Object.values(dc.data)[0]!;
  return {
    ...solution,
    summary: `${solution.summary} With ${text.trim()} unique tokens: ${first.epochs.toFixed(1)} epochs, loss ${first.loss.toFixed(3)} (${'C' in at ? 'best split under the data limit' : `${first.lossWithoutPenalty.toFixed(3)} if every token were fresh`}).`,
    steps: [...(solution.steps ?? []), ...dc.steps],
    notes: [...dc.notes, ...(solution.notes ?? [])],
    citations: [...(solution.citations ?? []), dc.citation],
    data: { ...solution.data, dataConstrained: dc.data },
  };
}
