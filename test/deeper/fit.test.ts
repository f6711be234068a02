// /fit against the reference's golden case (§14.2 G-3) and synthetic runs of known coefficients.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import fit from '../../commands/fit.js';
import { commands } from '../../commands/index.js';
import type { CommandContext } from '../../commands/define.js';
import { runCommandText } from '../../src/runtime/index.js';
import { runCli } from '../../src/adapters/cli/index.js';
import { parseRunsCsv } from '../../src/scaling/fit-csv.js';
import { fitRuns, objective, predict, type Run } from '../../src/scaling/fit-runs.js';

const FIXTURE = 'test/deeper/fixtures/sardana-47-runs.csv';
const csv = readFileSync(FIXTURE, 'utf8');
const ctx: CommandContext = {
  platform: 'cli',
  user: { id: 'u', name: 'u' },
  channel: { id: 'c' },
  commands,
};

describe('golden: beyond-chinchilla trainingresults.csv (47 runs)', () => {
  const r = fitRuns(parseRunsCsv(csv), { bootstrap: 20 });
  it('reaches the converged minimum (G-3) and its in-range predictions tightly', () => {
    expect(r.runs).toBe(47);
    expect(r.huber).toBeLessThanOrEqual(6.199843e-4 * (1 + 1e-5));
    expect(r.huber).toBeGreaterThan(6.19e-4);
    expect(Math.abs(predict(r, 1.26e9, 25.2e9) - 2.8161)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(predict(r, 6.05e9, 1.21e11) - 2.4539)).toBeLessThanOrEqual(1e-3);
    expect(r.residuals.rms).toBeCloseTo(0.0209, 3);
    expect(r.residuals.max).toBeCloseTo(0.0672, 3);
  });
  it('coefficients only loosely: the minimum is a flat ridge', () => {
    expect(r.alpha).toBeGreaterThan(0.17);
    expect(r.alpha).toBeLessThan(0.19);
    expect(r.beta).toBeGreaterThan(0.223);
    expect(r.beta).toBeLessThan(0.238);
    expect(r.A).toBeGreaterThan(30);
    expect(r.A).toBeLessThan(43);
    expect(r.B).toBeGreaterThan(111);
    expect(r.B).toBeLessThan(151);
    expect(r.E).toBeGreaterThan(1.43);
    expect(r.E).toBeLessThan(1.49);
  });
});

describe('objective', () => {
  it('analytic gradient matches finite differences', () => {
    const runs = parseRunsCsv(csv);
    const data = {
      lnN: Float64Array.from(runs.map((x) => Math.log(x.params))),
      lnD: Float64Array.from(runs.map((x) => Math.log(x.tokens))),
      lnL: Float64Array.from(runs.map((x) => Math.log(x.loss))),
      weight: new Float64Array(runs.length).fill(1),
    };
    const theta = [3.5, 4.9, 0.38, 0.18, 0.23];
    const g = new Float64Array(5);
    objective(theta, data, g);
    for (let k = 0; k < 5; k++) {
      const h = 1e-7;
      const up = [...theta];
      const down = [...theta];
      up[k]! += h;
      down[k]! -= h;
      const fd = (objective(up, data) - objective(down, data)) / (2 * h);
      expect(Math.abs(g[k]! - fd)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)) + 1e-9);
    }
  });
});

describe('recovers known coefficients from synthetic noisy runs', () => {
  const truth = { E: 1.8, A: 480, B: 2000, alpha: 0.35, beta: 0.37 };
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const gauss = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  const runs: Run[] = [];
  for (const N of [5e7, 1e8, 2e8, 5e8, 1e9, 2e9, 4e9, 8e9])
    for (const k of [2, 5, 10, 20, 50, 100]) {
      runs.push({
        params: N,
        tokens: N * k,
        loss: predict(truth, N, N * k) * Math.exp(0.003 * gauss()),
      });
    }
  const r = fitRuns(runs, { bootstrap: 100 });
  it('predictions tightly, coefficients loosely, truth inside the intervals', () => {
    for (const [N, D] of [
      [1e9, 2e10],
      [4e9, 4e11],
      [1e8, 1e9],
    ] as const)
      expect(Math.abs(predict(r, N, D) - predict(truth, N, D)) / predict(truth, N, D)).toBeLessThan(
        3e-3,
      );
    expect(Math.abs(r.E - truth.E)).toBeLessThan(0.1);
    expect(Math.abs(r.alpha - truth.alpha)).toBeLessThan(0.05);
    expect(Math.abs(r.beta - truth.beta)).toBeLessThan(0.05);
    expect(Math.abs(r.a - truth.beta / (truth.alpha + truth.beta))).toBeLessThan(0.05);
    for (const key of ['E', 'alpha', 'beta'] as const) {
      const [lo, hi] = r.intervals[key];
      expect(lo).toBeLessThanOrEqual(truth[key]);
      expect(hi).toBeGreaterThanOrEqual(truth[key]);
    }
  });
});

describe('refusals', () => {
  const rows = (list: [number, number, number][]) => list.map((x) => x.join(',')).join('\n');
  it('fewer than 5 runs', () => {
    expect(() =>
      fitRuns(
        parseRunsCsv(
          rows([
            [1e8, 1e9, 3],
            [2e8, 2e9, 2.9],
            [4e8, 4e9, 2.8],
            [8e8, 8e9, 2.7],
          ]),
        ),
      ),
    ).toThrow(/at least 5 runs; got 4/);
  });
  it('non-positive values, naming the row', () => {
    expect(() => parseRunsCsv('params,tokens,loss\n1e8,1e9,3\n2e8,-2e9,2.9')).toThrow(
      /Row 2, tokens/,
    );
    expect(() => parseRunsCsv('1e8,1e9,0')).toThrow(/Row 1, loss/);
  });
  it('runs that do not constrain both terms', () => {
    const oneN = rows([1e9, 2e9, 5e9, 1e10, 2e10, 5e10].map((D, i) => [1e8, D, 3 - i * 0.1]));
    expect(() => fitRuns(parseRunsCsv(oneN))).toThrow(/1 model size/);
    const sameRatio = rows(
      [1e8, 2e8, 4e8, 8e8, 1.6e9, 3.2e9].map((N, i) => [N, 20 * N, 3 - i * 0.1]),
    );
    expect(() => fitRuns(parseRunsCsv(sameRatio))).toThrow(/same tokens per parameter/);
  });
});

describe('/fit command and CLI', () => {
  it('pasted text in chat: rows on one line', async () => {
    const line = csv.trim().split('\n').slice(0, 30).join(' ');
    const reply = await runCommandText(fit, line, ctx);
    expect(reply.tone).not.toBe('error');
    expect(reply.chart?.kind).toBe('fit-runs');
    expect((reply.data as { runs: number }).runs).toBe(29);
  });
  it('a bad paste gets the reason', async () => {
    const reply = await runCommandText(fit, '1e8,1e9,3 2e8,2e9', ctx);
    expect(reply.tone).toBe('error');
    expect(reply.summary).toMatch(/Row 2 has 2 values/);
  });
  it('fit FILE.csv --json prints the contract object', async () => {
    const { stdout } = await promisify(execFile)('node', [
      'bin/scaling-tutor.js',
      'fit',
      FIXTURE,
      '--json',
    ]);
    const json = JSON.parse(stdout);
    expect(json.runs).toBe(47);
    for (const key of ['E', 'A', 'B', 'alpha', 'beta', 'a', 'tokensPerParam'])
      expect(typeof json[key]).toBe('number');
    expect(json.huber).toBeLessThanOrEqual(6.199843e-4 * (1 + 1e-5));
  }, 30_000);
  it('fit FILE: a CSV saved by a spreadsheet (BOM, quoted cells, CRLF) reads like a plain one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fit-cli-'));
    const path = join(dir, 'excel.csv');
    const quoted = csv
      .trim()
      .split('\n')
      .map((l) =>
        l
          .split(',')
          .map((c) => `"${c}"`)
          .join(','),
      )
      .join('\r\n');
    writeFileSync(path, `\uFEFF${quoted}\r\n`);
    const out = await runCli(['fit', path, '--json']);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout).runs).toBe(47);
    rmSync(dir, { recursive: true, force: true });
  });
  it('fit FILE refuses hostile files with one line: too big (not read), binary, wrong columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fit-cli-'));
    const write = (name: string, body: string | Uint8Array) => {
      writeFileSync(join(dir, name), body);
      return join(dir, name);
    };
    const big = await runCli(['fit', write('big.csv', '1'.repeat(300 * 1024))]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(
      /big\.csv is 300 KB; the limit is 256 KB\. Example: scaling-tutor fit/,
    );
    const binary = await runCli(['fit', write('x.png', new Uint8Array([0x89, 0x50, 0, 0xff]))]);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/not a text file/);
    const wrong = await runCli(['fit', write('deck.csv', 'id,type,prompt\nq1,card,hi\n')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Unknown column "id"; the columns are params, tokens, loss/);
    for (const out of [big, binary, wrong]) expect(out.stderr).not.toMatch(/\n|at .*\.ts/);
    rmSync(dir, { recursive: true, force: true });
  });
  it('a missing file exits 2 with one line', async () => {
    const err = await promisify(execFile)('node', [
      'bin/scaling-tutor.js',
      'fit',
      'nope.csv',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toMatch(/Cannot read nope\.csv: ENOENT/);
  }, 30_000);
});
