/**
 * A question as a round asks it, from the bank, generated or from a course: multiple choice,
 * or numeric (`numeric` set, no choices: answered by typing a number, src/quiz/numeric.ts).
 */
import { z } from 'zod';
import { DIFFICULTIES, TOPIC_IDS } from './topics.js';

/** Bank questions have four choices; course questions two to six. */
export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

const step = z.object({
  title: z.string().min(1),
  formula: z.string().optional(),
  substitution: z.string().optional(),
  result: z.string().min(1),
});

export const questionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9:.-]*$/),
  topic: z.enum(TOPIC_IDS),
  difficulty: z.enum(DIFFICULTIES),
  prompt: z.string().min(10).max(600),
  choices: z.array(z.string().min(1).max(200)).length(4),
  correct: z.number().int().min(0).max(3),
  explanation: z.string().min(40).max(1200),
  source: z.string().min(3),
  /** The worked solution, shown on reveal (generated problems). */
  steps: z.array(step).max(6).optional(),
  /** A typed answer within `tolerance` (absolute) of `value` is right. */
  numeric: z
    .object({ value: z.number().finite(), tolerance: z.number().finite().min(0) })
    .optional(),
});

export type Question = z.infer<typeof questionSchema>;
