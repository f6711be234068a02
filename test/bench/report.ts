/** Shared by bench sections: timing statistics and a plain-text table. */

/** A bench section: later issues add their own (adapter load tests) next to charts.ts. */
export interface BenchSection {
  name: string;
  run(): Promise<SectionResult>;
}

export interface SectionResult {
  /** Rows for the printed table; the keys of the first row are the columns. */
  table: Record<string, string | number>[];
  /** Lines printed under the table. */
  notes?: string[];
  /** Everything measured, for bench-results/bench.json. */
  data: unknown;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** Time a synchronous or async function `runs` times after `warmup` untimed runs, in ms. */
export async function timeRuns(
  runs: number,
  fn: (i: number) => unknown,
  warmup = Math.min(5, runs),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}

export function formatTable(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = Object.keys(rows[0]!);
  const cells = rows.map((r) => columns.map((c) => String(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]): string =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
