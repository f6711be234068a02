import type { Question } from '../question.js';
import type { Difficulty, Topic } from '../topics.js';

/** A generated problem and what it was computed from (tests recompute it with the core). */
export interface Generated {
  question: Question;
  inputs: Record<string, number | string>;
  /** The exact value behind the correct choice. */
  value: number | string;
}

export interface Generator {
  kind: string;
  topic: Topic;
  difficulty: Difficulty;
  make(seed: number): Generated;
}

/** "m × 10^e" budgets and counts that read naturally: 3 × 10²², 5 × 10²⁴. */
export const MANTISSAS = [1, 2, 3, 4, 5, 6, 8] as const;
