// Course files in: the three formats, read from fixtures written for these tests.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, importCourse } from '../../src/course/import/index.js';
import type { CourseItem } from '../../src/course/import/item.js';
import { ruleAllocation, DEFAULT_TOKENS_PER_PARAM } from '../../src/scaling/optimal.js';
import { FLOPS_PER_PARAM_TOKEN } from '../../src/scaling/compute.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const ok = (name: string, format?: 'csv' | 'tsv' | 'anki' | 'gift') => {
  const result = importCourse(fixture(name), { filename: name, format });
  expect(result.problems).toEqual([]);
  return result;
};
const byId = (items: CourseItem[], id: string) => items.find((i) => i.id === id)!;
const N_BILLIONS = ruleAllocation(6e22).params / 1e9;

describe('CSV course files', () => {
  it('reads a file with a BOM, quoted fields and an embedded newline', () => {
    const bytes = fixture('questions.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { format, items } = ok('questions.csv');
    expect(format).toBe('csv');
    expect(items.map((i) => i.kind)).toEqual(['choice', 'choice', 'truefalse', 'numeric', 'card']);
    expect(items[0]!.id).toBe('rule-ratio'); // the BOM did not stick to the first column
    expect(byId(items, 'flops-per')).toMatchObject({
      prompt: 'In C ≈ 6ND, what does the 6 count?',
      answer: 0,
    });
    expect(byId(items, 'card-exponent')).toMatchObject({
      back: 'A one-size win can shrink with scale;\na better exponent widens the gap as models grow.',
      tags: ['exponents'],
    });
  });

  it('reads numeric answers in /optimal notation, checked against the scaling core', () => {
    const item = byId(ok('questions.csv').items, 'n-opt-6e22');
    expect(item).toMatchObject({ kind: 'numeric', value: 22.4e9, tolerance: 0.5e9 });
    if (item.kind !== 'numeric') throw new Error('kind');
    expect(Math.abs(ruleAllocation(6e22).params - item.value)).toBeLessThanOrEqual(item.tolerance);
  });

  it('reads the same rows as TSV, and CRLF line endings', () => {
    const csv = ok('questions.csv').items;
    const tsv = [
      'id\ttype\tprompt\tchoices\tanswer\ttopic',
      'rule-ratio\tchoice\t"About how many training tokens per parameter does the Chinchilla rule give?"\t20|6|120\tA\tcompute-optimal',
    ].join('\r\n');
    const { format, items } = importCourse(tsv);
    expect(format).toBe('tsv');
    expect(items[0]).toMatchObject({
      id: 'rule-ratio',
      choices: csv[0]!.kind === 'choice' ? csv[0]!.choices : [],
      answer: 0,
    });
  });

  it('gives an item without an id a stable one from its text', () => {
    const text = 'type,prompt,answer\ncard,What does C ≈ 6ND count?,Training FLOPs\n';
    const a = importCourse(text).items[0]!.id;
    expect(a).toMatch(/^card-/);
    expect(importCourse(text).items[0]!.id).toBe(a);
    expect(importCourse(text.replace('count', 'measure')).items[0]!.id).not.toBe(a);
  });
});

describe('Anki "Notes in Plain Text"', () => {
  it('reads the practice flashcards: GUIDs, decks, tags, HTML as markup', () => {
    const { format, items } = ok('practice-cards.txt');
    expect(format).toBe('anki');
    expect(items).toHaveLength(9);
    expect(items.every((i) => i.kind === 'card' && i.deck === 'Scaling Practice')).toBe(true);
    expect(items[0]).toMatchObject({
      id: 'f1Xq&Zr.0a',
      back: 'A **power law**: loss falls as a power of compute, of parameters or of data, a straight line on _log-log_ axes.',
      tags: ['scaling-laws'],
    });
    expect(byId(items, 'f1Xq&Zr.0c')).toMatchObject({ back: expect.stringContaining('`C ≈ 6ND`') });
    expect(byId(items, 'f1Xq&Zr.0d').tags).toEqual(['inference', 'economics']);
    expect(byId(items, 'f1Xq&Zr.0f')).toMatchObject({
      prompt: 'Why is "better at our size" weaker than "better exponent"?',
      back: expect.stringContaining('with scale;\na better exponent'),
    });
    expect(byId(items, 'f1Xq&Zr.0e')).toMatchObject({ back: expect.stringMatching(/^- the loss/) });
  });

  it('states only numbers the scaling core recomputes', () => {
    const numbers = ok('practice-cards.txt')
      .items.flatMap(
        (i) => `${i.prompt} ${i.kind === 'card' ? i.back : ''}`.match(/\d+(\.\d+)?/g) ?? [],
      )
      .map(Number);
    const core = new Set([
      DEFAULT_TOKENS_PER_PARAM,
      FLOPS_PER_PARAM_TOKEN,
      FLOPS_PER_PARAM_TOKEN * DEFAULT_TOKENS_PER_PARAM,
    ]);
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.filter((n) => !core.has(n))).toEqual([]);
  });

  it('reads other separators, #html:false, fixed decks and tags, and no GUID column', () => {
    const text = [
      '#separator:Semicolon',
      '#html:false',
      '#deck:Exam prep',
      '#tags:week1',
      'What is N?;The parameter count, <b> kept as typed;extra',
    ].join('\n');
    const { items, problems } = importCourse(text);
    expect(problems).toEqual([]);
    expect(items[0]).toMatchObject({
      kind: 'card',
      prompt: 'What is N?',
      back: 'The parameter count, <b> kept as typed',
      deck: 'Exam prep',
      tags: ['week1'],
    });
    expect(items[0]!.id).toMatch(/^anki-/);
  });
});

describe('Moodle GIFT', () => {
  it('reads choice, true/false and numeric questions with names, ids, tags, feedback and category', () => {
    const { format, items } = ok('questions.gift');
    expect(format).toBe('gift');
    expect(items.map((i) => [i.id, i.kind])).toEqual([
      ['rule-ratio', 'choice'],
      ['straight-line', 'truefalse'],
      ['not-smooth', 'truefalse'],
      ['n-for-6e22', 'numeric'],
      ['n-range', 'numeric'],
    ]);
    expect(items[0]).toMatchObject({
      choices: ['20', '6', '120'],
      answer: 0,
      tags: ['compute-optimal'],
      deck: 'Scaling Practice',
      explanation: 'Size and data grow together.',
    });
    expect(items[1]).toMatchObject({ answer: 0, explanation: 'Right: the exponent is the slope.' });
    expect(items[2]).toMatchObject({
      answer: 1,
      explanation: 'They predict loss; benchmark gains can jump.',
    });
  });

  it('reads {#value:tolerance} and {#low..high}, both containing what the core computes', () => {
    const { items } = ok('questions.gift');
    const tol = byId(items, 'n-for-6e22');
    const range = byId(items, 'n-range');
    expect(tol).toMatchObject({ value: 22.4, tolerance: 0.5 });
    expect(range).toMatchObject({ value: 22.5, tolerance: 0.5 });
    for (const item of [tol, range]) {
      if (item.kind !== 'numeric') throw new Error('kind');
      expect(Math.abs(N_BILLIONS - item.value)).toBeLessThanOrEqual(item.tolerance);
    }
    // Moodle's documented example range reads back without floating-point dust.
    expect(importCourse('::r::Range? {#1.9..2.0}', { format: 'gift' }).items[0]).toMatchObject({
      value: 1.95,
      tolerance: 0.05,
    });
  });
});

describe('format detection', () => {
  it.each([
    ['#separator:tab\nfront\tback\n', 'x.txt', 'anki'],
    ['id,type,prompt,answer\n', 'x.txt', 'csv'],
    ['id\ttype\tprompt\tanswer\n', undefined, 'tsv'],
    ['::a:: Q? {=x ~y}\n', undefined, 'gift'],
    ['Q? {T}\n', 'quiz.gift', 'gift'],
    ['a,b\n', 'cards.csv', 'csv'],
    ['just some words\n', undefined, undefined],
  ])('%j named %s is %s', (text, name, expected) => {
    expect(detectFormat(text, name)).toBe(expected);
  });

  it('an explicit format overrides detection', () => {
    const text = 'id,type,prompt,answer\nq1,card,Front text?,Back text\n';
    expect(importCourse(text, { format: 'csv' }).format).toBe('csv');
    const asTsv = importCourse(text, { format: 'tsv' });
    expect(asTsv.format).toBe('tsv');
    expect(asTsv.problems[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining('unknown column'),
    });
  });
});
