/**
 * CSV/TSV course files: a header row naming the columns below (any order, case-insensitive),
 * then one item per row. Parsed by csv-parse (quoted fields, embedded newlines, BOM); this
 * file only maps cells to the item model and says, per line, what to fix.
 */
import { parse } from 'csv-parse/sync';
import { readNumber } from '../../scaling/quantity.js';
import { ITEM_DIFFICULTIES, ITEM_KINDS, MAX_CHOICES, normaliseTag } from './item.js';
import {
  contentId,
  problem,
  recordStartLine,
  shown,
  type Draft,
  type Problem,
  type ReaderResult,
} from './problems.js';

export const CSV_COLUMNS = [
  'id',
  'type',
  'prompt',
  'choices',
  'answer',
  'tolerance',
  'explanation',
  'topic',
  'difficulty',
  'source',
  'deck',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: Column[] = ['type', 'prompt', 'answer'];
const LETTERS = 'ABCDEF';

interface Row {
  record: string[];
  raw: string;
  info: { lines: number };
}

export function readCsv(text: string, delimiter: ',' | '\t'): ReaderResult {
  let rows: Row[];
  try {
    rows = parse(text, {
      bom: true,
      delimiter,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as Row[];
  } catch (error) {
    const e = error as { message: string; lines?: number };
    const what = e.message.replace(/ at line \d+/, '').replace(/\s*\(if activated\)/, '');
    return {
      drafts: [],
      problems: [
        problem(
          e.lines ?? 0,
          `${what}. Put a field with quotes in double quotes and double the quotes inside: "say ""hi"""`,
        ),
      ],
    };
  }
  const problems: Problem[] = [];
  const drafts: Draft[] = [];
  const [head, ...body] = rows;
  if (!head) return { drafts, problems: [problem(0, 'the file is empty')] };
  const startLine = (r: Row) => recordStartLine(r.info.lines, r.raw);
  const names = head.record.map((c) => c.trim().toLowerCase());
  const headLine = startLine(head);
  names.forEach((name, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(name))
      problems.push(
        problem(
          headLine,
          `unknown column ${shown(name)} (column ${i + 1}); the columns are ${CSV_COLUMNS.join(', ')}`,
        ),
      );
    else if (names.indexOf(name) !== i)
      problems.push(problem(headLine, `column ${shown(name)} appears twice`));
  });
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length) {
    problems.push(
      problem(
        headLine,
        `the header row lacks ${missing.join(', ')}; start the file with: ${CSV_COLUMNS.join(delimiter === '\t' ? '\\t' : ',')}`,
      ),
    );
  }
  if (problems.length) return { drafts, problems };
  for (const row of body) {
    const line = startLine(row);
    if (row.record.every((c) => c.trim() === '')) continue;
    if (row.record.length > names.length) {
      problems.push(
        problem(
          line,
          `${row.record.length} fields but the header has ${names.length}; quote a field that contains a ${delimiter === '\t' ? 'tab' : 'comma'}`,
        ),
      );
      continue;
    }
    const cell = (c: Column) => unneutralise(row.record[names.indexOf(c)]?.trim() ?? '');
    const result = rowToItem(cell);
    if (typeof result === 'string') problems.push(problem(line, result));
    else drafts.push({ line, item: result });
  }
  return { drafts, problems };
}

/** One row → a candidate item, or what is wrong with it. */
function rowToItem(cell: (c: Column) => string): Record<string, unknown> | string {
  const type = cell('type').toLowerCase();
  if (!(ITEM_KINDS as readonly string[]).includes(type))
    return `type ${shown(type)} is not one of ${ITEM_KINDS.join(', ')}`;
  const difficulty = cell('difficulty').toLowerCase();
  if (difficulty && !(ITEM_DIFFICULTIES as readonly string[]).includes(difficulty))
    return `difficulty ${shown(difficulty)} is not one of ${ITEM_DIFFICULTIES.join(', ')} (or leave it empty)`;
  const prompt = cell('prompt');
  const answer = cell('answer');
  const item: Record<string, unknown> = {
    id: cell('id') || contentId(type === 'card' ? 'card' : 'q', type, prompt),
    kind: type,
    prompt,
    tags: cell('topic')
      .split(/[\s;]+/)
      .filter(Boolean)
      .map(normaliseTag),
    ...(cell('explanation') && { explanation: cell('explanation') }),
    ...(difficulty && { difficulty }),
    ...(cell('source') && { source: cell('source') }),
    ...(cell('deck') && { deck: cell('deck') }),
  };
  if (cell('choices') && type !== 'choice')
    return `choices are only for choice questions; empty that cell or set type to choice`;
  if (cell('tolerance') && type !== 'numeric')
    return `tolerance is only for numeric questions; empty that cell or set type to numeric`;
  if (!answer) return `answer is empty; ${ANSWER_HELP[type as keyof typeof ANSWER_HELP]}`;
  switch (type) {
    case 'card':
      return { ...item, back: answer };
    case 'truefalse': {
      const t = answer.toLowerCase();
      if (!/^(true|false|t|f)$/.test(t)) return `answer ${shown(answer)} is not true or false`;
      return { ...item, answer: t.startsWith('t') ? 0 : 1 };
    }
    case 'numeric': {
      const value = readNumber(answer);
      if (value === undefined)
        return `answer ${shown(answer)} is not a number; ${ANSWER_HELP.numeric}`;
      const tol = cell('tolerance');
      const tolerance = tol === '' ? 0 : readNumber(tol);
      if (tolerance === undefined || tolerance < 0)
        return `tolerance ${shown(tol)} is not a number of 0 or more (an absolute margin, e.g. 0.5e10)`;
      return { ...item, value, tolerance };
    }
    default: {
      const choices = splitChoices(cell('choices'));
      if (choices.length < 2 || choices.some((c) => c === ''))
        return `choices ${shown(cell('choices'))} must be 2 to ${MAX_CHOICES} non-empty options separated by | (write \\| for a bar inside one), e.g. 20|6|120`;
      const index = answerIndex(answer, choices);
      if (index === undefined)
        return `answer ${shown(answer)} is not one of the ${choices.length} choices; give a letter A–${LETTERS[choices.length - 1] ?? 'F'}, a number 1–${choices.length} or the choice's text`;
      return { ...item, choices, answer: index };
    }
  }
}

const ANSWER_HELP = {
  card: "a card's answer column holds the back of the card",
  truefalse: 'write true or false',
  numeric: 'write the number, e.g. 2.24e10 or 22.4B, and a tolerance',
  choice: 'write the letter of the right choice, e.g. B',
} as const;

/** The choice's own text, a letter (B) or a 1-based number (2) picks the right choice. */
function answerIndex(answer: string, choices: string[]): number | undefined {
  // Text first: exports write the text, which stays right when choices are letters or numbers.
  const exact = choices.findIndex((c) => c.toLowerCase() === answer.toLowerCase());
  if (exact >= 0) return exact;
  const letter = LETTERS.indexOf(answer.toUpperCase());
  if (answer.length === 1 && letter >= 0) return letter < choices.length ? letter : undefined;
  if (/^\d+$/.test(answer)) {
    const n = Number(answer);
    if (n >= 1 && n <= choices.length) return n - 1;
  }
  return undefined;
}

/** `a|b\|c` → ['a', 'b|c']: a choice may hold a bar if it is written `\|`. */
export const splitChoices = (cell: string): string[] =>
  cell.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').trim());

/** Undo the export's CSV-injection guard: `'=x` → `=x` (src/course/export/csv.ts). */
const unneutralise = (cell: string): string => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
