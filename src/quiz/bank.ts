/**
 * The question bank: JSON files in ./bank, one per topic, validated with zod on load. The
 * files are data so that teachers can add questions without touching code; the test suite
 * checks every number in them against the scaling core (see checks.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { checkSchema } from './checks.js';
import { questionSchema } from './question.js';

export const bankQuestionSchema = questionSchema
  .extend({
    /** Core computations behind every number the question states. */
    checks: z.array(checkSchema).optional(),
    /** Numbers that appear only as wrong answers (a student's mistake, not a fact). */
    wrongNumbers: z.array(z.string().min(1)).optional(),
  })
  .refine((q) => new Set(q.choices).size === 4, { message: 'choices must be distinct' });

export type BankQuestion = z.infer<typeof bankQuestionSchema>;

export const BANK_DIR = fileURLToPath(new URL('./bank/', import.meta.url));

export class BankError extends Error {
  override readonly name = 'BankError';
}

/** Read and validate every bank file; throws BankError naming the file and the question. */
export function loadBankFrom(dir: string): BankQuestion[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const out: BankQuestion[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(dir + file, 'utf8'));
    } catch (error) {
      throw new BankError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = z.array(bankQuestionSchema).safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const at = issue.path.join('.');
      throw new BankError(`${file}: ${at}: ${issue.message}`);
    }
    for (const q of parsed.data) {
      if (seen.has(q.id)) throw new BankError(`${file}: duplicate question id ${q.id}`);
      seen.add(q.id);
      out.push(q);
    }
  }
  return out;
}

let cached: BankQuestion[] | undefined;

/** The bank, loaded once. */
export function loadBank(): BankQuestion[] {
  cached ??= loadBankFrom(BANK_DIR);
  return cached;
}
