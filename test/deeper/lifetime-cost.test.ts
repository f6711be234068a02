// Lifetime cost against Sardana et al.'s cost_optimal.py runs (reference §12.4, C-1 … C-3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import target from '../../commands/target.js';
import { commands } from '../../commands/index.js';
import type { CommandContext } from '../../commands/define.js';
import { runCommandText } from '../../src/runtime/index.js';
import { buildSpec } from '../../src/charts/build.js';
import { FITS, resolveFit, type ParametricFit } from '../../src/scaling/fits.js';
import { costOptimal, type CostInput } from '../../src/scaling/lifetime-cost.js';

const close = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);

const ctx: CommandContext = {
  platform: 'cli',
  user: { id: 'u', name: 'u' },
  channel: { id: 'c' },
  commands,
};

const sardana = resolveFit('1.69,406.4,410.7,0.336,0.283') as ParametricFit;
const defaults: CostInput = {
  requests: 1e10,
  inputTokens: 70,
  outputTokens: 215,
  gpu: 'H100',
  inferenceGpu: 'H100',
  trainDtype: 'bf16',
  inferenceDtype: 'fp8',
  mfu: 0.5,
  prefillMfu: 0.5,
  decodeMfu: 0.01,
};

describe('cost-optimal sizing, golden runs', () => {
  it('C-1: cost_optimal.py --loss 1.947 (defaults)', () => {
    const r = costOptimal(sardana, 1.947, defaults);
    close(r.params, 1.043e10, 1e-3);
    close(r.tokens, 1.179e13, 1e-3);
    close(r.trainCost, 8.288e5, 1e-3);
    // The script's H100 FP8 peak is 1.978e15; the datasheet's dense figure used here is 1.979e15.
    close(r.totalCost, 2_096_689.45, 1e-3);
    close(r.baseline.params, 3.408e10, 1e-3);
    close(r.baseline.tokens, 1.81e12, 1e-3);
    close(r.baseline.trainCost, 4.159e5, 1e-3);
    close(r.baseline.totalCost, 4_558_770.72, 1e-3);
    close(r.ratio, 0.4599, 1e-3);
  });
  it('C-2: README / tests.sh run on A100s with int8 inference', () => {
    const r = costOptimal(sardana, 1.947, {
      ...defaults,
      inputTokens: 1000,
      outputTokens: 250,
      gpu: 'A100',
      price: 1.4,
      inferenceGpu: 'A100',
      inferenceDtype: 'int8',
      inferencePrice: 0.6,
      prefillMfu: 0.4,
      decodeMfu: 0.2,
    });
    close(r.params, 2.053e10, 1e-3);
    close(r.tokens, 3.302e12, 1e-3);
    close(r.trainCost, 1.014e6, 1e-3);
    close(r.totalCost, 1_425_059.7, 1e-6);
    close(r.baseline.totalCost, 1_605_531.94, 1e-6);
    close(r.ratio, 0.8876, 1e-3);
  });
  it('C-3: Epoch coefficients, loss 2.0, 1e9 requests, bf16 inference', () => {
    const epoch = resolveFit('1.8172,482.01,2085.43,0.3478,0.3658') as ParametricFit;
    const r = costOptimal(epoch, 2.0, { ...defaults, requests: 1e9, inferenceDtype: 'bf16' });
    close(r.params, 1.964e10, 1e-3);
    close(r.tokens, 3.131e12, 1e-3);
    close(r.totalCost, 892_118.15, 1e-6);
    close(r.baseline.params, 4.686e10, 1e-3);
    close(r.baseline.totalCost, 1_417_185.05, 1e-6);
  });
});

describe('properties', () => {
  const arb = fc.record({
    loss: fc.double({ min: 1.9, max: 3, noNaN: true }),
    requests: fc.double({ min: 1e3, max: 1e12, noNaN: true }),
    factor: fc.double({ min: 1, max: 1000, noNaN: true }),
    decode: fc.double({ min: 0.005, max: 0.8, noNaN: true }),
  });
  it('the cost-optimal total never exceeds the Chinchilla-style total; more requests never a bigger model', () => {
    fc.assert(
      fc.property(arb, ({ loss, requests, factor, decode }) => {
        for (const fit of [FITS.hoffmann2022, FITS.epoch2024]) {
          const input = { ...defaults, requests, decodeMfu: decode };
          const r = costOptimal(fit, loss, input);
          expect(r.totalCost).toBeLessThanOrEqual(r.baseline.totalCost * (1 + 1e-9));
          const more = costOptimal(fit, loss, { ...input, requests: requests * factor });
          expect(more.params).toBeLessThanOrEqual(r.params * (1 + 1e-9));
        }
      }),
    );
  });
});

describe('/target with requests', () => {
  it('adds costOptimal per fit, states FLOPs per token, defaults and a chart with both points', async () => {
    const reply = await runCommandText(target, '2.0 requests:1e9', ctx);
    expect(reply.tone).not.toBe('error');
    const co = (
      reply.data as {
        costOptimal: Record<
          string,
          {
            totalCost: number;
            baseline: { totalCost: number };
            ratio: number;
            decodeFlopsPerToken: number;
            params: number;
          }
        >;
      }
    ).costOptimal;
    expect(Object.keys(co)).toEqual(['hoffmann2022', 'epoch2024']);
    const e = costOptimal(FITS.epoch2024, 2.0, { ...defaults, requests: 1e9 });
    close(co.epoch2024!.totalCost, e.totalCost, 1e-12);
    expect(co.epoch2024!.decodeFlopsPerToken).toBe(2 * co.epoch2024!.params);
    const text = JSON.stringify(reply);
    expect(text).toMatch(/FLOPs per token/);
    expect(text).toMatch(/Defaults used for input_tokens 70, output_tokens 215/);
    expect(reply.chart?.kind).toBe('lifetime-cost');
    const spec = buildSpec(reply.chart!);
    expect(spec.marks.map((m) => m.id)).toEqual(['baseline', 'cost-optimal']);
    expect(spec.marks[1]!.y).toBeLessThanOrEqual(spec.marks[0]!.y);
  });
  it('asks for a price rather than inventing one', async () => {
    const reply = await runCommandText(target, '2.0 requests:1e9 gpu:B200', ctx);
    expect(reply.tone).toBe('error');
    expect(reply.summary).toMatch(/no sourced rental price for the B200.*price:/);
    const ok = await runCommandText(
      target,
      '2.0 requests:1e9 gpu:B200 price:4 inference_price:4',
      ctx,
    );
    expect(ok.tone).not.toBe('error');
  });
  it('refuses FP8 on an A100 and hardware options without requests', async () => {
    const a = await runCommandText(target, '2.0 requests:1e9 gpu:A100 train_dtype:fp8', ctx);
    expect(a.summary).toMatch(/A100 has no FP8/);
    const b = await runCommandText(target, '2.0 gpu:A100', ctx);
    expect(b.summary).toMatch(/only applies with requests:/);
  });
});
