/**
 * Claims in the course content rest on cited sections (issue 13): every bank question and card
 * cites a known paper with a section, table, figure, equation or appendix; every paper or model
 * its text names is among those citations; numbers quoted from a paper carry the section; and
 * loss exponents (α, β) are never called by the name of allocation exponents (a, b).
 */
import { describe, expect, it } from 'vitest';
import { claimProblems, exponentNamingProblems, parseSource } from '../../src/content/claims.js';
import { loadDeck } from '../../src/flashcards/deck.js';
import { loadBank } from '../../src/quiz/bank.js';

const items = [
  ...loadBank().map((q) => ({
    id: `quiz ${q.id}`,
    text: [q.prompt, ...q.choices, q.explanation].join('\n'),
    source: q.source,
    checks: q.checks ?? [],
  })),
  ...loadDeck().map((c) => ({
    id: `card ${c.id}`,
    text: `${c.front}\n${c.back}`,
    source: c.source,
    checks: c.checks ?? [],
  })),
];

const byId = new Map(items.map((i) => [i.id, i]));
const ids = [...byId.keys()];

describe('claims in the bank and the deck', () => {
  it.each(ids)('%s: cites a section for every paper it names', (id) => {
    const item = byId.get(id)!;
    expect(claimProblems(item.text, item.source)).toEqual([]);
  });

  it.each(ids)('%s: quotes printed numbers with their section', (id) => {
    const item = byId.get(id)!;
    for (const check of item.checks) {
      if (check.quoted) expect(parseSource(check.quoted).problems, check.fn).toEqual([]);
    }
  });

  it.each(ids)('%s: says which kind of exponent it means', (id) => {
    const item = byId.get(id)!;
    expect(exponentNamingProblems(item.text)).toEqual([]);
  });
});

describe('the claim rules', () => {
  const H = 'Hoffmann et al. 2022 (arXiv:2203.15556)';

  it('accepts a paper with a section and a model card as a whole', () => {
    expect(parseSource(`${H}, §4.1; Meta, Llama 2 model card`)).toEqual({
      docs: ['hoffmann2022', 'llama2card'],
      problems: [],
    });
  });

  it('rejects a citation without a section, and a source that is not a paper', () => {
    expect(parseSource(H).problems).toEqual([
      `"${H}" names no section, table, figure, equation or appendix`,
    ]);
    expect(parseSource('Course practice sheet, question 5').problems[0]).toMatch(
      /not a known paper/,
    );
  });

  it('requires every named paper or model to be cited', () => {
    const text = 'Kaplan et al. found the opposite of what Chinchilla showed.';
    expect(claimProblems(text, `${H}, §2`)).toEqual([
      'the text names "Kaplan" but the source cites none of kaplan2020',
    ]);
    expect(claimProblems(text, `${H}, §2; Kaplan et al. 2020 (arXiv:2001.08361), §6.1`)).toEqual(
      [],
    );
  });

  it('tells loss exponents from allocation exponents', () => {
    expect(exponentNamingProblems('In Epoch’s fit the parameter exponent is a ≈ 0.51.')).toEqual([
      'ambiguous "parameter exponent": In Epoch’s fit the parameter exponent is a ≈ 0.51.',
      'a or b named without "allocation exponent": In Epoch’s fit the parameter exponent is a ≈ 0.51.',
    ]);
    expect(exponentNamingProblems('The exponent α ≈ 0.35 is small.')).toHaveLength(1);
    expect(exponentNamingProblems('The loss exponent α ≈ 0.35 is small.')).toEqual([]);
    expect(exponentNamingProblems('The allocation exponent a ≈ 0.51 (N_opt ∝ C^a).')).toEqual([]);
  });
});
