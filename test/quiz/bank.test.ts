import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BankError,
  bankQuestionSchema,
  loadBank,
  loadBankFrom,
  type BankQuestion,
} from '../../src/quiz/bank.js';
import { runCheck, SHARED_FACTS } from '../../src/course/checks.js';
import { DIFFICULTIES, TOPIC_IDS } from '../../src/quiz/topics.js';

const bank = loadBank();
const textOf = (q: BankQuestion) => [q.prompt, ...q.choices, q.explanation].join('\n');

/**
 * Names that contain digits but state no number: GPT-3, Llama 2, H100, Approach 3, 2:4
 * sparsity, the C4 dataset, and section references (§3.2.1, Fig. 14, App. D.2, eq. (2)).
 */
const NAMES =
  /\bGPT-\d|\bLlama \d(?:\.\d)?|\b[HAB]\d00\b|\bBF16\b|\bFP8\b|\b2:4\b|\bC4\b|\bApproach(?:es)?[- ]\d(?:(?: and |–)\d)?|§\d+(?:\.\d+)*|\b(?:Fig\.|Figure|Table|App\.|eq\.) \(?[A-Z]?\d+(?:\.\d+)*\)?/g;
const maskNames = (text: string) => text.replace(NAMES, (m) => m.replace(/\d/g, '#'));

/** Character ranges of `text` covered by any occurrence of any of `strings`. */
function covered(text: string, strings: string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of strings) {
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) out.push([i, i + s.length]);
  }
  return out;
}

describe('question bank', () => {
  it('validates and covers every topic and difficulty', () => {
    expect(bank.length).toBeGreaterThanOrEqual(60);
    for (const q of bank) expect(bankQuestionSchema.safeParse(q).success).toBe(true);
    for (const topic of TOPIC_IDS) {
      expect(bank.filter((q) => q.topic === topic).length, topic).toBeGreaterThanOrEqual(5);
    }
    for (const d of DIFFICULTIES) expect(bank.some((q) => q.difficulty === d)).toBe(true);
    expect(new Set(bank.map((q) => q.id)).size).toBe(bank.length);
  });

  it('puts the correct answer in every position somewhere', () => {
    const positions = new Set(bank.map((q) => q.correct));
    expect(positions.size).toBeGreaterThanOrEqual(3);
  });

  it('checks the shared facts against the core', () => {
    for (const fact of SHARED_FACTS) expect(runCheck(fact), fact.fn).toMatchObject({ ok: true });
  });

  it.each(bank.map((q) => [q.id, q] as const))('%s: its numbers agree with the core', (_id, q) => {
    const text = textOf(q);
    const scanned = maskNames(text);
    for (const check of q.checks ?? []) {
      const result = runCheck(check);
      expect(
        result.ok,
        `${check.fn} computed ${String(result.computed)}, the question says ${String(check.value)}`,
      ).toBe(true);
      for (const s of check.shown) expect(text, `${check.fn} shown "${s}"`).toContain(s);
    }
    const correctChoice = q.choices[q.correct]!;
    for (const wrong of q.wrongNumbers ?? []) {
      expect(text).toContain(wrong);
      expect(correctChoice, `wrong number ${wrong} in the correct answer`).not.toContain(wrong);
    }
    // Every number in the text is a checked fact, a shared fact, a labelled mistake, or a year.
    const ranges = covered(text, [
      ...(q.checks ?? []).flatMap((c) => c.shown),
      ...SHARED_FACTS.flatMap((c) => c.shown),
      ...(q.wrongNumbers ?? []),
    ]);
    for (const m of scanned.matchAll(/\d+(?:[.,]\d+)*/g)) {
      const start = m.index;
      const end = start + m[0].length;
      if (/^(19|20)\d\d$/.test(m[0])) continue;
      const ok = ranges.some(([a, b]) => a <= start && end <= b);
      expect(
        ok,
        `unchecked number "${m[0]}" in …${text.slice(Math.max(0, start - 30), end + 30)}…`,
      ).toBe(true);
    }
  });

  it('rejects a malformed bank file with the file and field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-'));
    const bad = { ...bank[0]!, choices: ['only', 'three', 'choices'] };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([bad]));
    expect(() => loadBankFrom(`${dir}/`)).toThrow(BankError);
    expect(() => loadBankFrom(`${dir}/`)).toThrow(/bad\.json: 0\.choices/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([bank[0], bank[0]]));
    expect(() => loadBankFrom(`${dir}/`)).toThrow(/duplicate/);
    const uncited = { ...bank[0]!, source: 'Hoffmann et al. 2022 (arXiv:2203.15556)' };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([uncited]));
    expect(() => loadBankFrom(`${dir}/`)).toThrow(/bad\.json: 0\.source: .*names no section/);
  });
});
