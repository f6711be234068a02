/** Runs as people paste or upload them: `params,tokens,loss` rows, with or without a header. */
import { InputError } from '../input-error.js';
import type { Run } from './fit-runs.js';
import { parseQuantity } from './quantity.js';

export const MAX_RUNS = 2000;
/** An uploaded runs file: 2,000 rows of three numbers fit in well under this. */
export const MAX_FILE_BYTES = 256 * 1024;
const EXAMPLE = 'params,tokens,loss then rows like 151M,3.02e9,3.498';

const COLUMN: Record<string, keyof Run> = {
  params: 'params',
  parameters: 'params',
  n: 'params',
  tokens: 'tokens',
  d: 'tokens',
  loss: 'loss',
  l: 'loss',
  'smoothed loss': 'loss',
};

/** Rows are lines; pasted into one chat line they are separated by spaces or semicolons. */
function rows(text: string): string[][] {
  const lines = /\n/.test(text) ? text.split(/\r?\n/) : text.replace(/,\s+/g, ',').split(/[\s;]+/);
  return lines
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(/\s*[,\t]\s*/).map((cell) => cell.replace(/^"(.*)"$/, '$1').trim()));
}

export function parseRunsCsv(text: string): Run[] {
  // Uploads are decoded without throwing: NUL or U+FFFD means binary or not UTF-8.
  if (text.includes('\u0000') || text.includes('\uFFFD'))
    throw new InputError(
      'unsupported',
      'This is not a text file (binary or not UTF-8); save the runs as CSV in UTF-8',
      undefined,
      EXAMPLE,
    );
  // Spreadsheets save CSV with a byte-order mark and quoted cells: both are read as plain.
  const table = rows(text.replace(/^\uFEFF/, ''));
  if (table.length === 0) throw new InputError('empty', 'No runs given', undefined, EXAMPLE);
  let order: (keyof Run)[] = ['params', 'tokens', 'loss'];
  const first = table[0]!;
  if (first.some((cell) => /^[a-z_ ]+$/i.test(cell))) {
    order = first.map((cell) => {
      const key = COLUMN[cell.trim().toLowerCase()];
      if (!key)
        throw new InputError(
          'unknown_option',
          `Unknown column "${cell}"; the columns are params, tokens, loss`,
          first.join(','),
          EXAMPLE,
        );
      return key;
    });
    if (!['params', 'tokens', 'loss'].every((k) => order.includes(k as keyof Run)))
      throw new InputError(
        'missing_option',
        'The header needs params, tokens and loss columns',
        first.join(','),
        EXAMPLE,
      );
    table.shift();
  }
  if (table.length > MAX_RUNS)
    throw new InputError(
      'out_of_range',
      `At most ${MAX_RUNS} runs; got ${table.length}`,
      undefined,
      EXAMPLE,
    );
  return table.map((cells, i) => {
    if (cells.length !== order.length)
      throw new InputError(
        'not_a_number',
        `Row ${i + 1} has ${cells.length} values, expected ${order.length}`,
        cells.join(','),
        EXAMPLE,
      );
    const run: Partial<Run> = {};
    cells.forEach((cell, j) => {
      const key = order[j]!;
      try {
        if (key === 'loss') {
          const v = Number(cell);
          if (cell === '' || Number.isNaN(v))
            throw new InputError('not_a_number', 'not a number', cell, EXAMPLE);
          if (!(v > 0) || !Number.isFinite(v))
            throw new InputError('not_positive', 'must be positive', cell, EXAMPLE);
          run.loss = v;
        } else run[key] = parseQuantity(cell, key);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        throw new InputError(error.code, `Row ${i + 1}, ${key}: ${error.problem}`, cell, EXAMPLE);
      }
    });
    return run as Run;
  });
}
