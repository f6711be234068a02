import { DEFAULT_TOKENS_PER_PARAM } from './optimal.js';

export type Verdict = 'under-trained' | 'near compute-optimal' | 'over-trained';

/** Within a factor of two of the 20:1 rule counts as near compute-optimal. */
export const VERDICT_BAND = 2;

/** How a model's tokens per parameter compare with the compute-optimal 20:1. */
export function verdictFor(tokensPerParam: number, k = DEFAULT_TOKENS_PER_PARAM): Verdict {
  if (tokensPerParam < k / VERDICT_BAND) return 'under-trained';
  if (tokensPerParam > k * VERDICT_BAND) return 'over-trained';
  return 'near compute-optimal';
}

export function verdictExplanation(verdict: Verdict): string {
  switch (verdict) {
    case 'under-trained':
      return 'too few tokens for its size: the same compute would give a lower loss with a smaller model trained on more data';
    case 'near compute-optimal':
      return 'close to the loss-minimising split of its compute';
    case 'over-trained':
      return 'more tokens than compute-optimal: a deliberate choice when the model will serve many inference tokens, since a smaller model is cheaper to run';
  }
}
