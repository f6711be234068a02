// Option parsing and the math commands' worked solutions, through the real dispatcher
// (issues 12.13, 12.14 and 13: gpu choices, swallowed words, exact decimals, Kaplan's step,
// inference-aware training compute, per-fit extrapolation warnings, wording).
import { describe, expect, it } from 'vitest';
import { commands, findCommand } from '../../commands/index.js';
import type { CommandContext } from '../../commands/define.js';
import { runCommand, runCommandText } from '../../src/runtime/index.js';
import type { Reply } from '../../src/reply.js';
import { GPUS, gpuHoursToFlops } from '../../src/scaling/compute.js';
import { CHINCHILLA_RANGE, FITS, formatRange } from '../../src/scaling/fits.js';
import { inferenceAware, optimalForLoss } from '../../src/scaling/inference.js';
import { kaplanAllocation, kaplanBudgetFor, parametricOptimum } from '../../src/scaling/optimal.js';
import { formatCount, formatFlops, formatPercent, formatSci } from '../../src/scaling/quantity.js';
import { NEAR_E_MARGIN } from '../../src/scaling/solve-target.js';

const ctx: CommandContext = {
  platform: 'cli',
  user: { id: 'u', name: 'U' },
  channel: { id: 'c' },
  commands,
};
const text = (name: string, input: string) => runCommandText(findCommand(name)!, input, ctx);
const prose = (r: Reply): string[] => [
  r.summary,
  ...(r.steps ?? []).flatMap((s) => [s.title, s.result]),
  ...(r.notes ?? []),
  ...(r.citations ?? []),
];
/** Parentheses inside parentheses, in running text (formulas may nest, prose should not). */
const nested = (line: string): boolean => {
  let depth = 0;
  for (const c of line) {
    if (c === '(' && ++depth > 1) return true;
    if (c === ')') depth = Math.max(0, depth - 1);
  }
  return false;
};

describe('choice options match any case, on text and structured platforms', () => {
  const flops = gpuHoursToFlops(2e6 / GPUS.A100.pricePerHour!, 'A100', 0.4);
  it.each(['$2M gpu:A100', '$2M gpu:a100', '$2M --gpu A100'])('/optimal %s', async (input) => {
    const reply = await text('optimal', input);
    expect(reply.tone).not.toBe('error');
    expect(reply.data).toMatchObject({ budget: { source: 'dollars', gpu: 'A100' } });
    expect((reply.data as { compute: number }).compute).toBeCloseTo(flops, -10);
  });
  it.each(['A100', 'a100'])('structured option gpu=%s (Discord)', async (gpu) => {
    const reply = await runCommand(findCommand('optimal')!, { compute: '$2M', gpu }, ctx);
    expect(reply.tone).not.toBe('error');
    expect(reply.data).toMatchObject({ budget: { gpu: 'A100' } });
  });
  it('a GPU that is not a choice is still refused, naming the choices', async () => {
    const reply = await text('optimal', '$2M gpu:V100');
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain('one of A100, H100, H200, B200 (received "V100")');
  });
});

describe('integers are decimal digits only, the same everywhere', () => {
  it.each(['count:0x10', 'count:1e1', 'count:16.0', 'count:+0x1', 'count:10k'])(
    '/quiz %s is refused before a round starts',
    async (input) => {
      const reply = await text('quiz', input);
      expect(reply.tone).toBe('error');
      const got = input.slice('count:'.length);
      expect(reply.summary).toContain(
        `\`count\` should be a whole number in decimal digits from 1 to 20 (received "${got}")`,
      );
      expect(reply.summary).toContain('Example that works: /quiz count:10');
    },
  );
  it('structured text values go through the same reading', async () => {
    const reply = await runCommand(findCommand('flashcards')!, { count: '0x10' }, ctx);
    expect(reply.summary).toContain('(received "0x10")');
  });
  it('numbers refuse hex too: /optimal 6e22 tokens_per_param:0x10', async () => {
    const reply = await text('optimal', '6e22 tokens_per_param:0x10');
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain('`tokens_per_param` should be a number from 1 to 10000');
    expect(reply.summary).toContain('Example that works: /optimal 6e22 tokens_per_param:20');
  });
});

describe('an unreadable word is reported, not swallowed', () => {
  it.each([
    ['70B lots', 'That is not a token count I can read (received "lots")'],
    ['lots 1.4T', 'That is not a parameter count I can read (received "lots")'],
    ['70 lots 1.4T', 'I don\'t know the unit "lots" (received "70 lots")'],
    ['70B 1.4T lots', 'I don\'t know the unit "lots" (received "1.4T lots")'],
  ])('/loss %s', async (input, message) => {
    const reply = await text('loss', input);
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain(message);
    expect(reply.summary).not.toContain('is required');
  });
  it('words that belong to a quantity still join it', async () => {
    const reply = await text('loss', '70 billion params 1.4 trillion tokens');
    expect(reply.data).toMatchObject({ params: 7e10, tokens: 1.4e12 });
  });
});

describe('/target at or near E', () => {
  it('1.69 equals Hoffmann’s E: says "equal", not "below"', async () => {
    const reply = await text('target', '1.69');
    expect(reply.summary).toContain(
      'Hoffmann 2022 (Approach 3, as printed): equal to the irreducible loss E = 1.69',
    );
    expect(reply.summary).toContain('Epoch AI 2024 re-fit: below the irreducible loss E = 1.8172');
  });
  it('1.69000001 is within the margin: no 10⁷¹, and L − E shown with its digits', async () => {
    const reply = await text('target', '1.69000001 fit:hoffmann2022');
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain(`within ${NEAR_E_MARGIN} nats of the irreducible loss E`);
    expect(reply.summary).toContain(`L − E = ${formatSci(1.69000001 - 1.69)}`);
    expect(reply.summary).not.toContain('10⁷¹');
  });
  it('near E for one fit, reachable for another: the step shows the margin and its cost', async () => {
    const reply = await text('target', '1.82');
    const step = reply.steps!.find((s) => s.title.startsWith('Epoch AI 2024 re-fit'))!;
    const edge = optimalForLoss(FITS.epoch2024, FITS.epoch2024.E + NEAR_E_MARGIN);
    expect(step.result).toContain('L − E = 0.0028');
    expect(step.result).toContain(formatFlops(6 * edge.params * edge.tokens));
    expect(reply.data).toMatchObject({
      fits: { epoch2024: { unreachable: true, reason: 'near' } },
    });
  });
  it('a reachable target shows L − E to four significant figures', async () => {
    const reply = await text('target', '2.0');
    expect(reply.steps![1]!.substitution).toContain('L − E = 2.000 − 1.8172 = 0.1828');
  });
});

describe('/optimal worked solution', () => {
  it('Kaplan’s step follows the numbers: smaller below ~9e19, bigger above', async () => {
    for (const C of [1e18, 6e22]) {
      const reply = await text('optimal', String(C));
      const step = reply.steps!.find((s) => s.title.includes('Kaplan'))!;
      const k = kaplanAllocation(C).params;
      const e = parametricOptimum(FITS.epoch2024, C).params;
      expect(step.result).toContain(
        k < e ? 'a smaller model on more data' : 'a bigger model on less data',
      );
      expect(step.result).toContain(`${formatCount(k)} non-embedding params`);
      expect(step.result).toContain('excludes embedding parameters');
      expect(step.result).not.toContain('much bigger model on far less data');
    }
  });
  it('says when the budget is outside Kaplan’s runs, citing §3', async () => {
    const inside = await text('optimal', '1e19');
    expect(inside.steps!.some((s) => s.title === 'Outside Kaplan’s runs')).toBe(false);
    const outside = await text('optimal', '6e22');
    const step = outside.steps!.find((s) => s.title === 'Outside Kaplan’s runs')!;
    expect(step.result).toContain("above its runs' 768–1.5B params");
    expect(step.result).toContain(formatFlops(kaplanBudgetFor(1.5e9)));
    expect(outside.citations!.some((c) => c.includes('arXiv:2001.08361, §3'))).toBe(true);
  });
  it('inference-aware: shows the training compute and how far it exceeds the budget', async () => {
    const reply = await text('optimal', '5.76e23 inference_tokens:2T');
    const opt = parametricOptimum(FITS.epoch2024, 5.76e23);
    const ia = inferenceAware(FITS.epoch2024, opt.loss, 2e12);
    const step = reply.steps!.find(
      (s) => s.title.startsWith('Train past optimal') && s.title.includes('Epoch'),
    )!;
    expect(step.substitution).toContain(`= ${formatFlops(ia.trainFlops)}`);
    expect(step.result).toContain(
      `${formatPercent(ia.trainFlops / 5.76e23 - 1)} more than your budget of ${formatFlops(5.76e23)}`,
    );
    expect(reply.data).toMatchObject({
      inference: { epoch2024: { trainFlops: ia.trainFlops } },
    });
  });
  it('extrapolation notes are per fit, from the same range the check uses', async () => {
    const reply = await text('optimal', '6e22');
    const hoffmann = reply.notes!.find((n) => n.includes('for Hoffmann 2022 (Approach 3'))!;
    const epoch = reply.notes!.find((n) => n.includes('for Epoch AI 2024 re-fit'))!;
    expect(hoffmann).not.toContain('model size');
    expect(hoffmann).toContain(formatRange('compute', CHINCHILLA_RANGE.compute));
    expect(epoch).toContain(
      `model size 22.7B params is above its runs' ${formatRange('params', CHINCHILLA_RANGE.params)}`,
    );
    const warnings = (reply.data as { warnings: { fit: string; aspect: string }[] }).warnings;
    expect(warnings.filter((w) => w.fit === 'hoffmann2022').map((w) => w.aspect)).toEqual([
      'compute',
    ]);
    expect(warnings.filter((w) => w.fit === 'epoch2024').map((w) => w.aspect)).toEqual([
      'params',
      'compute',
    ]);
  });
  it('/target 2.0 warns per fit too: Hoffmann’s 15.3B is inside 16B', async () => {
    const reply = await text('target', '2.0');
    const warnings = (reply.data as { warnings: { fit: string; aspect: string }[] }).warnings;
    expect(warnings.filter((w) => w.fit === 'hoffmann2022').map((w) => w.aspect)).toEqual([
      'compute',
    ]);
    expect(warnings.filter((w) => w.fit === 'epoch2024').map((w) => w.aspect)).toContain('params');
  });
  it('prints coefficients at one precision, with no nested parentheses in prose', async () => {
    for (const input of ['6e22', '5.76e23 inference_tokens:2T', '6e22 fit:hoffmann2022', '1e18']) {
      const reply = await text('optimal', input);
      for (const line of prose(reply)) expect(nested(line), line).toBe(false);
    }
    for (const [name, input] of [
      ['target', '2.0 fit:hoffmann2022'],
      ['loss', '70B 1.4T fit:hoffmann2022'],
    ] as const) {
      const reply = await text(name, input);
      expect(reply.tone).not.toBe('error');
      for (const line of prose(reply)) expect(nested(line), line).toBe(false);
    }
    const reply = await text('optimal', '6e22');
    const epoch = reply.steps!.find((s) => s.title.includes('Epoch'))!;
    expect(epoch.substitution).toContain('0.3658×2085.43');
    const kaplan = reply.steps!.find((s) => s.title.includes('Kaplan'))!;
    expect(kaplan.substitution).toMatch(/N = \(1\.3 × 10⁹\) × \([\d.]+\)\^0\.73/);
  });
  it('describes Epoch’s data accurately', async () => {
    const reply = await text('optimal', '6e22');
    const note = reply.notes!.find((n) => n.startsWith('Why the fits disagree'))!;
    expect(note).toContain('digitised the 245 points of Hoffmann’s Figure 4');
    expect(note).not.toContain('re-fitted the same runs');
  });
  it('prices: cites the default for A100/H100, asks for one for H200 and B200', async () => {
    const a100 = await text('optimal', '$2M gpu:A100');
    expect(a100.notes!.join(' ')).toContain('Sardana et al. 2024');
    for (const gpu of ['H200', 'B200']) {
      const reply = await text('optimal', `$2M gpu:${gpu}`);
      expect(reply.tone).toBe('error');
      expect(reply.summary).toContain(`needs its price per GPU-hour`);
      expect(reply.summary).toContain(`Example that works: /optimal $2M gpu:${gpu} price:`);
      const priced = await text('optimal', `$2M gpu:${gpu} price:4`);
      expect(priced.tone).not.toBe('error');
      expect(priced.notes!.join(' ')).toContain(`$4.00 per ${gpu}-hour, the price you gave`);
    }
  });
});
