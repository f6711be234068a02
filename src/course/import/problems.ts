/** What an import reports: problems with a line and a fix, and the limits every file meets. */

export interface Problem {
  /** 1-based line in the file; 0 means the file as a whole (size, encoding, format). */
  line: number;
  message: string;
}

/** 1 MiB: a term of questions is a few hundred KB; more is most likely the wrong file. */
export const MAX_BYTES = 1024 * 1024;
export const MAX_ITEMS = 1000;

/** The size refusal, shared by callers that check a file's size before reading it. */
export const tooLarge = (bytes: number): Problem =>
  problem(
    0,
    `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is 1 MB — split it into several files`,
  );

/** One candidate item as a format reader found it, before the shared validation. */
export interface Draft {
  line: number;
  item: Record<string, unknown>;
}

export interface ReaderResult {
  drafts: Draft[];
  problems: Problem[];
}

export const problem = (line: number, message: string): Problem => ({ line, message });

/** "line 7: …", or the message alone for the whole file. */
export const formatProblem = (p: Problem): string =>
  p.line > 0 ? `line ${p.line}: ${p.message}` : p.message;

/** Short, printable quote of what was received, for messages. */
export const shown = (value: string, max = 40): string => {
  const one = value.replace(/\s+/g, ' ').trim();
  return `'${one.length > max ? `${one.slice(0, max - 1)}…` : one}'`;
};

/** A stable id for an item its file gave none: the same text always gets the same id. */
export function contentId(prefix: string, ...parts: string[]): string {
  // FNV-1a 64-bit over the text: dependency-free, stable across runs and platforms.
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(parts.join('\u001f'))) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `${prefix}-${h.toString(36)}`;
}

/**
 * The line a csv-parse record starts on, from its `info.lines` (the line it ends on) and its
 * `raw` text, which carries the empty lines skipped before it and its own line break.
 */
export const recordStartLine = (endLine: number, raw: string): number =>
  endLine - (raw.replace(/^\n+/, '').replace(/\n$/, '').match(/\n/g)?.length ?? 0);
