/**
 * Reading a course file, whatever its format: size, encoding and format checks first, then
 * the format's reader, then one validation for every format (the zod item model, choice
 * answers in range, duplicate ids and prompts, the item limit). All or nothing: any problem
 * and no item is returned, so a half-imported course never exists.
 */
import { readAnki } from './anki.js';
import { readCsv } from './csv.js';
import { readGift } from './gift.js';
import { courseItemSchema, type CourseItem } from './item.js';
import {
  MAX_BYTES,
  MAX_ITEMS,
  problem,
  shown,
  type Draft,
  type Problem,
  type ReaderResult,
} from './problems.js';

export const FORMATS = ['csv', 'tsv', 'anki', 'gift'] as const;
export type CourseFormat = (typeof FORMATS)[number];

export interface ImportResult {
  /** The format read (detected or given); undefined if the file was refused before that. */
  format: CourseFormat | undefined;
  /** Empty whenever `problems` is not. */
  items: CourseItem[];
  problems: Problem[];
}

export interface ImportOptions {
  format?: CourseFormat | 'auto';
  /** The file's name, for detection by extension. */
  filename?: string;
}

const refuse = (format: CourseFormat | undefined, message: string): ImportResult => ({
  format,
  items: [],
  problems: [problem(0, message)],
});

export function importCourse(
  input: Uint8Array | string,
  options: ImportOptions = {},
): ImportResult {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes.length > MAX_BYTES)
    return refuse(
      undefined,
      `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the limit is 1 MB — split it into several files`,
    );
  if (bytes.length === 0) return refuse(undefined, 'the file is empty');
  let text: string;
  try {
    if (bytes.subarray(0, 8192).includes(0)) throw new Error('NUL');
    // One line ending everywhere: line numbers agree and no CR is left inside a field.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/\r\n?/g, '\n');
  } catch {
    return refuse(
      undefined,
      'this is not a text file (binary or not UTF-8); save it as CSV, TSV, Anki "Notes in Plain Text" or GIFT in UTF-8',
    );
  }
  const format =
    options.format && options.format !== 'auto'
      ? options.format
      : detectFormat(text, options.filename);
  if (!format)
    return refuse(
      undefined,
      `cannot tell the format of ${options.filename ? shown(options.filename) : 'this file'}; name it .csv, .tsv, .txt (Anki) or .gift, or give the format (csv, tsv, anki, gift)`,
    );
  const read = readerFor(format, text);
  return { format, ...validate(read) };
}

function readerFor(format: CourseFormat, text: string): ReaderResult {
  switch (format) {
    case 'csv':
      return readCsv(text, ',');
    case 'tsv':
      return readCsv(text, '\t');
    case 'anki':
      return readAnki(text);
    case 'gift':
      return readGift(text);
  }
}

/** By content first (an Anki header or GIFT braces are unmistakable), then by extension. */
export function detectFormat(text: string, filename?: string): CourseFormat | undefined {
  const head = text.replace(/^\uFEFF/, '').slice(0, 4096);
  if (/^#(separator|html|columns|guid column|notetype|deck|tags)( column)?:/im.test(head))
    return 'anki';
  const firstLine = head.split(/\r?\n/, 1)[0]!.toLowerCase();
  if (/\bprompt\b/.test(firstLine) && /\btype\b/.test(firstLine))
    return firstLine.includes('\t') ? 'tsv' : 'csv';
  const ext = /\.([a-z]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase();
  if (
    ext === 'gift' ||
    /(^|\n)\s*(::[^\n]*::|\$CATEGORY:)|\{\s*(=|~|#|T\b|F\b|TRUE\b|FALSE\b)/.test(head)
  )
    return 'gift';
  if (ext === 'csv' || ext === 'tsv') return ext;
  if (ext === 'txt' && head.includes('\t')) return 'anki';
  return undefined;
}

function validate({ drafts, problems }: ReaderResult): {
  items: CourseItem[];
  problems: Problem[];
} {
  const all = [...problems];
  const items: CourseItem[] = [];
  if (drafts.length > MAX_ITEMS) {
    all.push(
      problem(
        drafts[MAX_ITEMS]!.line,
        `the file has ${drafts.length} items; the limit is ${MAX_ITEMS.toLocaleString('en')} — split it into several files`,
      ),
    );
  }
  const ids = new Map<string, number>();
  const prompts = new Map<string, number>();
  for (const draft of drafts.slice(0, MAX_ITEMS)) {
    const parsed = courseItemSchema.safeParse(draft.item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        all.push(problem(draft.line, issueText(issue.path, issue.message)));
      continue;
    }
    const item = parsed.data;
    const extra = itemProblem(item);
    if (extra) all.push(problem(draft.line, extra));
    duplicate(
      ids,
      item.id,
      draft,
      all,
      (l) => `id ${shown(item.id)} is already used on line ${l}; give each item its own id`,
    );
    duplicate(
      prompts,
      `${item.kind === 'card' ? 'card' : 'q'}:${item.prompt.toLowerCase()}`,
      draft,
      all,
      (l) =>
        `the same ${item.kind === 'card' ? 'card front' : 'question'} as line ${l}; remove one of them`,
    );
    items.push(item);
  }
  return all.length
    ? { items: [], problems: all.sort((a, b) => a.line - b.line) }
    : { items, problems: [] };
}

function duplicate(
  seen: Map<string, number>,
  key: string,
  draft: Draft,
  out: Problem[],
  say: (line: number) => string,
) {
  const first = seen.get(key);
  if (first === undefined) seen.set(key, draft.line);
  else out.push(problem(draft.line, say(first)));
}

function itemProblem(item: CourseItem): string | undefined {
  if (item.kind !== 'choice') return undefined;
  if (item.answer >= item.choices.length)
    return `answer ${item.answer + 1} is not one of the ${item.choices.length} choices`;
  const lower = item.choices.map((c) => c.toLowerCase());
  const twice = lower.find((c, i) => lower.indexOf(c) !== i);
  return twice === undefined
    ? undefined
    : `choice ${shown(twice)} appears twice; make every choice different`;
}

/** Zod's path in the words of the file: `choices.2` is "choice 3", `back` the card's answer. */
function issueText(path: PropertyKey[], message: string): string {
  const [head, index] = path;
  const field =
    head === 'choices' && typeof index === 'number'
      ? `choice ${index + 1}`
      : head === 'back'
        ? "the card's back (its answer)"
        : path.map(String).join('.');
  return field ? `${field} ${message}` : message;
}
