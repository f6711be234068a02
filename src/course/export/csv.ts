/**
 * CSV out: a course's items in the import's own columns (so the file re-imports as it was),
 * and members' results for a gradebook. Every cell that a spreadsheet would run as a formula
 * is neutralised (OWASP "CSV Injection"): a leading = + - @ tab or CR gets a ' before it
 * (plain numbers excepted). The importer removes that ' again, so course files round-trip.
 */
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS } from '../import/csv.js';
import { type CourseItem } from '../import/item.js';

/**
 * OWASP's rule for a cell a spreadsheet might read as a formula. A plain number (`-1`,
 * `2.5e10`) is left as it is: it is no formula, and a ' would turn it into text. A cell that
 * already starts with ' before such a character gets one more, so the import's undo is exact.
 */
export const neutralise = (cell: string): string =>
  /^'*[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell) ? `'${cell}` : cell;

const toCsv = (header: readonly string[], rows: string[][], delimiter: ',' | '\t'): string =>
  stringify([header as string[], ...rows.map((r) => r.map(neutralise))], {
    delimiter,
    record_delimiter: '\n',
  });

const number = (x: number): string => String(x);

function itemRow(item: CourseItem): Record<(typeof CSV_COLUMNS)[number], string> {
  const common = {
    id: item.id,
    type: item.kind,
    prompt: item.prompt,
    explanation: item.explanation ?? '',
    topic: item.tags.join(' '),
    difficulty: item.difficulty ?? '',
    source: item.source ?? '',
    deck: item.deck ?? '',
    choices: '',
    answer: '',
    tolerance: '',
  };
  switch (item.kind) {
    case 'card':
      return { ...common, answer: item.back };
    case 'truefalse':
      return { ...common, answer: item.answer === 0 ? 'true' : 'false' };
    case 'numeric':
      return { ...common, answer: number(item.value), tolerance: number(item.tolerance) };
    case 'choice':
      // The answer as the choice's text: the importer reads text before letters.
      return {
        ...common,
        choices: item.choices.map((c) => c.replace(/\|/g, '\\|')).join('|'),
        answer: item.choices[item.answer] ?? '',
      };
  }
}

/** Items as a course CSV (or TSV) with every column, ready to edit and import again. */
export function exportCourseCsv(items: readonly CourseItem[], delimiter: ',' | '\t' = ','): string {
  return toCsv(
    CSV_COLUMNS,
    items.map((item) => {
      const row = itemRow(item);
      return CSV_COLUMNS.map((c) => row[c]);
    }),
    delimiter,
  );
}

/** One member's results over the period or rounds a TA chose. */
export interface ResultRow {
  /** The platform's id (Discord snowflake, Slack user id), to join with a gradebook. */
  userId: string;
  displayName: string;
  questionsAnswered: number;
  correct: number;
  points: number;
  cardsReviewed: number;
}

export const RESULT_COLUMNS = [
  'user_id',
  'display_name',
  'questions_answered',
  'correct',
  'points',
  'cards_reviewed',
] as const;

/** Results as CSV, in the given order; a pure function over rows the store computes. */
export function exportResultsCsv(rows: readonly ResultRow[]): string {
  return toCsv(
    RESULT_COLUMNS,
    rows.map((r) => [
      r.userId,
      r.displayName,
      number(r.questionsAnswered),
      number(r.correct),
      number(r.points),
      number(r.cardsReviewed),
    ]),
    ',',
  );
}
