// Course files out, and back in: ids and GUIDs survive; spreadsheet formulas never run.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportAnki } from '../../src/course/export/anki.js';
import {
  exportCourseCsv,
  exportResultsCsv,
  neutralise,
  RESULT_COLUMNS,
} from '../../src/course/export/csv.js';
import { importCourse } from '../../src/course/import/index.js';
import type { CourseItem } from '../../src/course/import/item.js';

const fixture = (name: string) =>
  importCourse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)), { filename: name });

describe('round trips', () => {
  it.each(['practice-cards.txt', 'questions.csv', 'questions.gift'])(
    '%s → CSV → the same items',
    (name) => {
      const first = fixture(name);
      expect(first.problems).toEqual([]);
      const again = importCourse(exportCourseCsv(first.items), { format: 'csv' });
      expect(again.problems).toEqual([]);
      expect(again.items).toEqual(first.items);
    },
  );

  it('questions.csv → TSV → the same items', () => {
    const first = fixture('questions.csv').items;
    const again = importCourse(exportCourseCsv(first, '\t'));
    expect(again.format).toBe('tsv');
    expect(again.items).toEqual(first);
  });

  it('the practice deck → Anki text → the same cards, GUIDs and markup', () => {
    const first = fixture('practice-cards.txt').items;
    const out = exportAnki(first);
    expect(out.text.split('\n').slice(0, 7)).toContain('#guid column:1');
    expect(out).toMatchObject({ cards: 9, skippedQuestions: 0 });
    const again = importCourse(out.text);
    expect(again.problems).toEqual([]);
    expect(again.items).toEqual(first);
    expect(again.items.map((i) => i.id)).toEqual(first.map((i) => i.id));
  });

  it('an Anki export leaves questions out and says how many', () => {
    const out = exportAnki(fixture('questions.csv').items);
    expect(out).toMatchObject({ cards: 1, skippedQuestions: 4 });
    expect(importCourse(out.text).items.map((i) => i.id)).toEqual(['card-exponent']);
  });

  it('an edit in Anki re-imports onto the same GUID', () => {
    const out = exportAnki(fixture('practice-cards.txt').items).text;
    const edited = out.replace(
      'What shape does a scaling law for loss take?',
      'Which shape does a loss scaling law take?',
    );
    const again = importCourse(edited).items;
    expect(again[0]).toMatchObject({
      id: 'f1Xq&Zr.0a',
      prompt: 'Which shape does a loss scaling law take?',
    });
  });

  it('choices holding | and formula-like text survive the CSV round trip', () => {
    const items: CourseItem[] = [
      {
        id: 'q1',
        kind: 'choice',
        prompt: '=SUM(A1) is a formula, not a prompt',
        choices: ['a|b', '-1', '@home', '+x'],
        answer: 2,
        tags: [],
      },
      {
        id: 'q2',
        kind: 'numeric',
        prompt: 'A negative answer?',
        value: -3,
        tolerance: 0,
        tags: [],
      },
    ];
    expect(importCourse(exportCourseCsv(items)).items).toEqual(items);
  });

  // Text with markup, HTML and CSV specials (edges trimmed, as the model trims): it must come back.
  const plain = fc
    .string({
      unit: fc.constantFrom(...'abc XYZ09<>&"\'\t;,|@#=\n-.:/!*_`\\'.split('')),
      minLength: 1,
      maxLength: 40,
    })
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);

  it('any plain card text round-trips through Anki and CSV (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(plain, { minLength: 1, maxLength: 5, selector: (s) => s.toLowerCase() }),
        plain,
        (fronts, back) => {
          const items: CourseItem[] = fronts.map((front, i) => ({
            id: `c${i}`,
            kind: 'card',
            prompt: front,
            back,
            tags: [],
          }));
          expect(importCourse(exportAnki(items).text, { format: 'anki' }).items).toEqual(items);
          expect(importCourse(exportCourseCsv(items), { format: 'csv' }).items).toEqual(items);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('CSV injection', () => {
  it.each(["=cmd|'/c calc'!A1", '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'])(
    'neutralises %j',
    (cell) => {
      expect(neutralise(cell)).toBe(`'${cell}`);
    },
  );

  it('adds one more quote to a cell that already starts with one', () => {
    expect(neutralise("'=x")).toBe("''=x");
  });

  it.each(['-1', '42', '2.5e10', 'plain text', "O'Brien"])('leaves %j alone', (cell) => {
    expect(neutralise(cell)).toBe(cell);
  });

  it('results CSV: the columns, one row per member, hostile names neutralised', () => {
    const text = exportResultsCsv([
      {
        userId: '123456789012345678',
        displayName: 'Ada',
        questionsAnswered: 12,
        correct: 9,
        points: 31,
        cardsReviewed: 40,
      },
      {
        userId: 'U0ABC',
        displayName: '=HYPERLINK("http://x","y")',
        questionsAnswered: 3,
        correct: 0,
        points: -2,
        cardsReviewed: 0,
      },
    ]);
    const rows = parse(text) as string[][];
    expect(rows[0]).toEqual([...RESULT_COLUMNS]);
    expect(rows[1]).toEqual(['123456789012345678', 'Ada', '12', '9', '31', '40']);
    expect(rows[2]).toEqual(['U0ABC', '\'=HYPERLINK("http://x","y")', '3', '0', '-2', '0']);
  });

  it('course CSV: no exported cell starts a formula', () => {
    const items: CourseItem[] = [
      {
        id: 'x',
        kind: 'card',
        prompt: '=1+2 looks like maths',
        back: '@everyone -rm',
        tags: ['=tag'],
      },
    ];
    const cells = (parse(exportCourseCsv(items)) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});
