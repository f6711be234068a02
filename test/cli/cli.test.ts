// The CLI end to end: the real bin through tsx, exit codes, stdout JSON and stderr lines.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FITS, lossOf } from '../../src/scaling/fits.js';
import { parametricOptimum, ruleAllocation } from '../../src/scaling/optimal.js';

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'node',
      ['bin/scaling-tutor.js', ...args],
      { cwd: process.cwd() },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('scaling-tutor CLI', () => {
  it('optimal --json prints the contract object', async () => {
    const { code, stdout, stderr } = await run('optimal', '6e22', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.compute).toBe(6e22);
    const rule = ruleAllocation(6e22);
    expect(json.rule).toMatchObject({
      tokensPerParam: 20,
      params: rule.params,
      tokens: rule.tokens,
    });
    for (const name of ['hoffmann2022', 'epoch2024'] as const) {
      const o = parametricOptimum(FITS[name], 6e22);
      expect(json.fits[name]).toMatchObject({ params: o.params, tokens: o.tokens, loss: o.loss });
    }
  });

  it('loss --json prints the contract object', async () => {
    const { code, stdout } = await run('loss', '70B', '1.4T', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ params: 7e10, tokens: 1.4e12, tokensPerParam: 20 });
    expect(json.compute).toBeCloseTo(5.88e23, -20);
    expect(json.loss.hoffmann2022).toBe(lossOf(FITS.hoffmann2022, 7e10, 1.4e12));
    expect(json.loss.epoch2024).toBe(lossOf(FITS.epoch2024, 7e10, 1.4e12));
    expect(json.loss.kaplan2020).toBe(lossOf(FITS.kaplan2020, 7e10, 1.4e12));
  });

  it('prints a worked solution as text', async () => {
    const { code, stdout } = await run('optimal', '6e22');
    expect(code).toBe(0);
    expect(stdout).toContain('22.4B params on 447B tokens');
    expect(stdout).toContain('N_opt = G·(C/6)^a');
    expect(stdout).toContain('Sources');
  });

  it('--fit selects one fit, including custom coefficients', async () => {
    const { stdout } = await run(
      'optimal',
      '6e22',
      '--fit',
      '1.69,406.4,410.7,0.34,0.28',
      '--json',
    );
    const json = JSON.parse(stdout);
    expect(Object.keys(json.fits)).toEqual(['custom']);
    expect(json.fits.custom.params).toBeCloseTo(
      parametricOptimum(FITS.hoffmann2022, 6e22).params,
      -3,
    );
  });

  it.each([
    [['loss', 'banana', '1T'], /not a parameter count I can read \(received "banana"\).*70B/],
    [['optimal', '6e22', 'tokens'], /token count; compute is in FLOPs/],
    [['optimal'], /`compute` is required/],
    [['optimal', '6e22', '--fit', 'nope'], /Unknown fit/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['target', '1.5'], /below the irreducible term E of every fit.*scaling-tutor target 2.0/],
  ])('bad input %j exits 2 with one clear line', async (args, pattern) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(pattern);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('CLI charts', () => {
  it('--chart writes a PNG', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-chart-'));
    const file = join(dir, 'optimal.png');
    const { code } = await run('optimal', '6e22', '--chart', file);
    expect(code).toBe(0);
    const png = await readFile(file);
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });
});
