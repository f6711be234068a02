// The CLI end to end: the real bin through tsx, exit codes, stdout JSON and stderr lines.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FITS, lossOf } from '../../src/scaling/fits.js';
import { parametricOptimum, ruleAllocation } from '../../src/scaling/optimal.js';
import { GPUS, gpuHoursToFlops } from '../../src/scaling/compute.js';

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

describe('CLI options and JSON (issues 12 and 13)', () => {
  it("gpu:A100 is accepted, as the command's own example types it", async () => {
    for (const args of [
      ['optimal', '$2M', 'gpu:A100', '--json'],
      ['optimal', '$2M', '--gpu', 'a100', '--json'],
    ]) {
      const { code, stdout, stderr } = await run(...args);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const json = JSON.parse(stdout);
      expect(json.budget).toMatchObject({ source: 'dollars', gpu: 'A100' });
      expect(json.compute).toBeCloseTo(
        gpuHoursToFlops(2e6 / GPUS.A100.pricePerHour!, 'A100', 0.4),
        -10,
      );
    }
  });

  it('what the user typed comes back exactly: optimal 5.76e23 --json', async () => {
    const { code, stdout } = await run('optimal', '5.76e23', '--json');
    expect(code).toBe(0);
    expect(stdout).toContain('"compute": 5.76e+23,');
    expect(JSON.parse(stdout).compute).toBe(5.76e23);
  });

  it('--json carries the extrapolation warnings, per fit', async () => {
    const { stdout } = await run('optimal', '6e22', '--json');
    const json = JSON.parse(stdout);
    const o = parametricOptimum(FITS.epoch2024, 6e22);
    expect(json.warnings).toContainEqual(
      expect.objectContaining({ fit: 'epoch2024', aspect: 'params', value: o.params }),
    );
    expect(
      json.warnings
        .filter((w: { fit: string }) => w.fit === 'hoffmann2022')
        .map((w: { aspect: string }) => w.aspect),
    ).toEqual(['compute']);
    const inside = JSON.parse((await run('optimal', '1e20', '--json')).stdout);
    expect(inside.warnings).toEqual([]);
  });

  it.each([
    [['loss', '70B', 'lots'], /not a token count I can read \(received "lots"\)/],
    [
      ['optimal', '6e22', '--tokens_per_param', '0x10'],
      /`tokens_per_param` should be a number from 1 to 10000 \(received "0x10"\)/,
    ],
    [
      ['optimal', '$2M', 'gpu:H200'],
      /needs its price per GPU-hour.*scaling-tutor optimal \$2M gpu:H200 price:/,
    ],
    [
      ['target', '1.69000001'],
      /within 0\.01 nats of the irreducible loss E = 1\.69, with L − E = 1\.0 × 10⁻⁸/,
    ],
  ])('bad input %j exits 2 and says what was wrong', async (args, pattern) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(pattern);
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
