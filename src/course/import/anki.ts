/**
 * Anki's "Notes in Plain Text" export: `#key:value` header lines, then one note per line,
 * fields split by the separator (quoted like CSV when they hold it or a newline). Basic
 * notes become cards: first field the front, second the back. The GUID column is kept as the
 * item's id, so an edit in Anki re-imports onto the same card and its schedule.
 */
import { parse } from 'csv-parse/sync';
import { htmlToMarkup } from './html.js';
import { normaliseTag } from './item.js';
import {
  contentId,
  problem,
  recordStartLine,
  shown,
  type Draft,
  type Problem,
  type ReaderResult,
} from './problems.js';

const SEPARATORS: Record<string, string> = {
  tab: '\t',
  comma: ',',
  semicolon: ';',
  space: ' ',
  pipe: '|',
  colon: ':',
};
/** Note types whose first two fields are a front and a back. */
const BASIC = /^basic(\b|$)/i;
const COLUMN_KEYS = ['guid column', 'notetype column', 'deck column', 'tags column'] as const;

export interface AnkiHeader {
  separator: string;
  html: boolean;
  columns?: string[];
  guid?: number;
  notetype?: number;
  deck?: number;
  tags?: number;
  /** `#deck:` / `#notetype:` / `#tags:` for every note. */
  fixedDeck?: string;
  fixedNotetype?: string;
  fixedTags: string[];
}

export function readAnki(text: string): ReaderResult {
  const problems: Problem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header: AnkiHeader = { separator: '\t', html: false, fixedTags: [] };
  const rawColumns: string[] = [];
  let bodyStart = 0;
  for (; bodyStart < lines.length && lines[bodyStart]!.startsWith('#'); bodyStart++) {
    const lineNo = bodyStart + 1;
    const m = /^#([a-z ]+):(.*)$/i.exec(lines[bodyStart]!);
    if (!m) continue; // a comment line
    const key = m[1]!.trim().toLowerCase();
    const value = m[2]!.trim();
    if (key === 'separator') {
      const sep = SEPARATORS[value.toLowerCase()] ?? (value.length === 1 ? value : undefined);
      if (!sep)
        problems.push(
          problem(
            lineNo,
            `separator ${shown(value)} is not Tab, Comma, Semicolon, Space, Pipe, Colon or one character`,
          ),
        );
      else header.separator = sep;
    } else if (key === 'html') {
      if (!/^(true|false)$/i.test(value))
        problems.push(problem(lineNo, `#html: must be true or false, not ${shown(value)}`));
      header.html = value.toLowerCase() === 'true';
    } else if (key === 'columns') rawColumns.push(value);
    else if (key === 'deck') header.fixedDeck = value;
    else if (key === 'notetype') header.fixedNotetype = value;
    else if (key === 'tags')
      header.fixedTags = value.split(/\s+/).filter(Boolean).map(normaliseTag);
    else if ((COLUMN_KEYS as readonly string[]).includes(key)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        problems.push(
          problem(lineNo, `#${key}: must be a column number from 1, not ${shown(value)}`),
        );
      else header[key.split(' ')[0] as 'guid' | 'notetype' | 'deck' | 'tags'] = n;
    }
    // Other headers (#if matches:, #match scope:) change nothing here.
  }
  // #columns: is split by the separator, which may be declared after it.
  if (rawColumns[0] !== undefined) header.columns = rawColumns[0].split(header.separator);
  if (problems.length) return { drafts: [], problems };
  return readNotes(lines.slice(bodyStart).join('\n'), bodyStart, header);
}

interface Row {
  record: string[];
  raw: string;
  info: { lines: number };
}

function readNotes(body: string, offset: number, header: AnkiHeader): ReaderResult {
  const problems: Problem[] = [];
  const drafts: Draft[] = [];
  let rows: Row[];
  try {
    rows = parse(body, {
      delimiter: header.separator,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    }) as unknown as Row[];
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return {
      drafts,
      problems: [problem(offset + (e.lines ?? 0), e.message.replace(/ at line \d+/, ''))],
    };
  }
  const meta = new Set(
    [header.guid, header.notetype, header.deck, header.tags].filter((n) => n !== undefined),
  );
  const field = (html: string) => (header.html ? htmlToMarkup(html) : html.trim());
  for (const row of rows) {
    const line = offset + recordStartLine(row.info.lines, row.raw);
    if (row.record.every((c) => c.trim() === '')) continue;
    const at = (n: number | undefined) =>
      n === undefined ? undefined : (row.record[n - 1] ?? '').trim();
    const notetype = at(header.notetype) ?? header.fixedNotetype ?? 'Basic';
    if (!BASIC.test(notetype)) {
      problems.push(
        problem(
          line,
          `note type ${shown(notetype)} is not supported; only Basic notes become cards (export Cloze notes as Basic, or leave them out)`,
        ),
      );
      continue;
    }
    const fields = row.record.filter((_, i) => !meta.has(i + 1));
    const [front = '', back = ''] = fields.map(field);
    if (!front || !back) {
      problems.push(
        problem(
          line,
          `a card needs a front and a back; found ${fields.length} field${fields.length === 1 ? '' : 's'} (is #separator: right?)`,
        ),
      );
      continue;
    }
    const tags = [
      ...header.fixedTags,
      ...(at(header.tags) ?? '').split(/\s+/).filter(Boolean).map(normaliseTag),
    ];
    const deck = at(header.deck) || header.fixedDeck;
    drafts.push({
      line,
      item: {
        id: at(header.guid) || contentId('anki', front),
        kind: 'card',
        prompt: front,
        back,
        tags: [...new Set(tags)],
        ...(deck && { deck }),
      },
    });
  }
  return { drafts, problems };
}
