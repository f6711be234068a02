/**
 * `scaling-tutor course check FILE [--format auto|csv|tsv|anki|gift] [--json]`: the import's
 * validation without a database, so a TA can fix a file before uploading it. Exit 0 when the
 * file would import, 2 when it has problems (the JSON is printed either way).
 */
import { readFile, stat } from 'node:fs/promises';
import {
  FORMATS,
  importCourse,
  type CourseFormat,
  type ImportResult,
} from '../../course/import/index.js';
import { MAX_BYTES, formatProblem, tooLarge } from '../../course/import/problems.js';
import { courseExport, courseImport } from './course-db.js';
import type { CliResult } from './index.js';

const USAGE = 'Usage: scaling-tutor course check FILE [--format auto|csv|tsv|anki|gift] [--json]';

export interface CourseCheckJson {
  format: CourseFormat | null;
  questions: number;
  cards: number;
  errors: { line: number; message: string }[];
}

export async function runCourseCli(args: string[], json: boolean): Promise<CliResult> {
  const [sub, ...rest] = args;
  if (sub === 'import') return courseImport(rest, json);
  if (sub === 'export') return courseExport(rest);
  if (sub !== 'check') return fail(`${sub ? `Unknown course command "${sub}". ` : ''}${USAGE}`);
  const formatAt = rest.indexOf('--format');
  let format: CourseFormat | 'auto' = 'auto';
  if (formatAt >= 0) {
    const value = rest[formatAt + 1] ?? '';
    if (value !== 'auto' && !(FORMATS as readonly string[]).includes(value))
      return fail(`--format must be auto, csv, tsv, anki or gift, not "${value}". ${USAGE}`);
    format = value as CourseFormat | 'auto';
    rest.splice(formatAt, 2);
  }
  const [file, ...extra] = rest;
  if (!file || extra.length)
    return fail(
      `${file ? `Unexpected "${extra.join(' ')}". ` : 'Give the file to check. '}${USAGE}`,
    );
  let result: ImportResult;
  try {
    result = await check(file, format);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail(
      `Cannot read ${file}: ${code}. Example: scaling-tutor course check questions.csv --json`,
    );
  }
  const report: CourseCheckJson = {
    format: result.format ?? (format === 'auto' ? null : format),
    questions: result.items.filter((i) => i.kind !== 'card').length,
    cards: result.items.filter((i) => i.kind === 'card').length,
    errors: result.problems.map(({ line, message }) => ({ line, message })),
  };
  const code = report.errors.length ? 2 : 0;
  return {
    code,
    stdout: json ? JSON.stringify(report, null, 2) : readable(file, report, result),
    stderr: '',
  };
}

/** A file past the limit is refused by its size, without reading it into memory. */
async function check(file: string, format: CourseFormat | 'auto'): Promise<ImportResult> {
  const { size } = await stat(file);
  if (size > MAX_BYTES) return { format: undefined, items: [], problems: [tooLarge(size)] };
  return importCourse(await readFile(file), { format, filename: file });
}

function readable(file: string, r: CourseCheckJson, result: ImportResult): string {
  const what = `${r.questions} question${r.questions === 1 ? '' : 's'}, ${r.cards} card${r.cards === 1 ? '' : 's'}`;
  if (!r.errors.length) return `${file}: ${r.format} file, ${what}. It would import as it is.`;
  const head = `${file}: ${r.format ?? 'unknown format'}, ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}; nothing would be imported until they are fixed:`;
  return [head, ...result.problems.map((p) => `  ${formatProblem(p)}`)].join('\n');
}

const fail = (stderr: string): CliResult => ({ code: 2, stdout: '', stderr });
