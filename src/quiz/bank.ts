/**
 * The question bank: JSON files in ./bank, one per topic, validated with zod on load. The
 * files are data so that teachers can add questions without touching code; the test suite
 * checks every number in them against the scaling core (see checks.ts).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { claimProblems } from '../content/claims.js';
import { loadJsonDir } from '../content/json-dir.js';
import { checkSchema } from '../course/checks.js';
import { questionSchema } from './question.js';

export const bankQuestionSchema = questionSchema
  .extend({
    /** Core computations behind every number the question states. */
    checks: z.array(checkSchema).optional(),
    /** Numbers that appear only as wrong answers (a student's mistake, not a fact). */
    wrongNumbers: z.array(z.string().min(1)).optional(),
  })
  .refine((q) => new Set(q.choices).size === 4, { message: 'choices must be distinct' })
  // Every claim rests on a cited section (src/content/claims.ts), checked as the file loads.
  .superRefine((q, ctx) => {
    const text = [q.prompt, ...q.choices, q.explanation].join('\n');
    for (const message of claimProblems(text, q.source)) {
      ctx.addIssue({ code: 'custom', path: ['source'], message });
    }
  });

export type BankQuestion = z.infer<typeof bankQuestionSchema>;

export const BANK_DIR = fileURLToPath(new URL('./bank/', import.meta.url));

export class BankError extends Error {
  override readonly name = 'BankError';
}

/** Read and validate every bank file; throws BankError naming the file and the question. */
export function loadBankFrom(dir: string): BankQuestion[] {
  return loadJsonDir(dir, bankQuestionSchema, (m) => new BankError(m), 'question');
}

let cached: BankQuestion[] | undefined;

/** The bank, loaded once. */
export function loadBank(): BankQuestion[] {
  cached ??= loadBankFrom(BANK_DIR);
  return cached;
}
