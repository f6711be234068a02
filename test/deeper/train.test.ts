// /train against the reference's worked examples (§13.1 T-1, T-2; §13.2; §13.4).
import { describe, expect, it } from 'vitest';
import train from '../../commands/train.js';
import { commands } from '../../commands/index.js';
import { runCommandText } from '../../src/runtime/index.js';
import type { CommandContext } from '../../commands/define.js';
import { kvBytesPerToken, trainingPlan } from '../../src/scaling/training.js';

const close = (actual: number, expected: number, rel = 2e-3) =>
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);

const ctx: CommandContext = {
  platform: 'cli',
  user: { id: 'u', name: 'u' },
  channel: { id: 'c' },
  commands,
};

describe('training plan', () => {
  it('T-1: Llama 3 70B on 15T tokens, 1,024 H100 at 40% MFU', () => {
    const p = trainingPlan({ params: 70e9, tokens: 15e12, gpu: 'H100', gpus: 1024, mfu: 0.4 });
    close(p.flops, 6.3e24);
    close(p.gpuHours, 4.42e6);
    close(p.days, 179.9);
    close(p.cost!, 4.42e6 * 2);
    // 16 B/param: 1.12 TB of model states, 14 H100s of 80 GB to hold them
    expect(p.memory.bytesPerParam).toBe(16);
    close(p.memory.trainingBytes, 1.12e12);
    expect(p.memory.minGpus).toBe(14);
    close(p.memory.perGpuSharded, 1.09e9, 5e-3);
    close(p.memory.weights.bf16, 140e9);
  });

  it('T-2: Chinchilla 70B / 1.4T on A100 at 40%', () => {
    const p = trainingPlan({ params: 70e9, tokens: 1.4e12, gpu: 'A100', gpus: 1024, mfu: 0.4 });
    close(p.gpuHours, 1.309e6);
    close(p.days, 53.3);
    close(trainingPlan({ ...p, gpus: 4096 }).days, 13.3, 3e-3);
  });

  it('KV cache per token for Llama shapes (§13.4)', () => {
    expect(kvBytesPerToken({ layers: 80, kvHeads: 8, headDim: 128 })).toBe(327_680);
    expect(kvBytesPerToken({ layers: 126, kvHeads: 8, headDim: 128 })).toBe(516_096);
    expect(kvBytesPerToken({ layers: 32, kvHeads: 8, headDim: 128 })).toBe(131_072);
  });

  it('asks for a price where no sourced one exists', () => {
    const p = trainingPlan({ params: 7e9, tokens: 2e12, gpu: 'B200', gpus: 64, mfu: 0.4 });
    expect(p.cost).toBeNull();
    expect(trainingPlan({ ...p, gpu: 'B200', price: 5 }).cost).toBeCloseTo(p.gpuHours * 5, 3);
  });
});

describe('/train command', () => {
  it('answers with the contract data and says what it leaves out', async () => {
    const reply = await runCommandText(
      train,
      '70B 15T gpus:1024 layers:80 kv_heads:8 head_dim:128',
      ctx,
    );
    expect(reply.tone).not.toBe('error');
    const data = reply.data as ReturnType<typeof trainingPlan>;
    expect(data).toMatchObject({
      params: 7e10,
      tokens: 1.5e13,
      memory: { bytesPerParam: 16, minGpus: 14 },
    });
    expect(data.memory.kvCachePer1000Tokens).toBe(327_680_000);
    const text = JSON.stringify(reply);
    expect(text).toMatch(/activation/);
    expect(text).toMatch(/failures/);
    expect(text).toMatch(/parallelism overheads/);
  });

  it('without a sourced price asks for one instead of inventing it', async () => {
    const reply = await runCommandText(train, '7B 2T gpu:H200 gpus:64', ctx);
    expect((reply.data as { cost: number | null }).cost).toBeNull();
    expect(JSON.stringify(reply.notes)).toMatch(/price:/);
  });

  it('refuses half a shape with the reason', async () => {
    const reply = await runCommandText(train, '70B 15T layers:80', ctx);
    expect(reply.tone).toBe('error');
    expect(reply.summary).toMatch(/layers:, kv_heads: and head_dim:/);
  });
});
