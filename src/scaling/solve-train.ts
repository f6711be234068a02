import { CITATIONS } from './citations.js';
import {
  ADAM_BYTES,
  formatBytes,
  trainingPlan,
  type TrainingInput,
  type TrainingPlan,
} from './training.js';
import { formatCount, formatFlops, formatSci, sig3 } from './quantity.js';
import type { Solution } from './solution.js';
import type { Field, Step } from '../worked.js';

/** Whole counts read best in full: 1,024 GPUs, not 1.02K. */
const n = (x: number): string => x.toLocaleString('en-US');

const ZERO =
  'Rajbhandari et al. 2019, "ZeRO: Memory Optimizations Toward Training Trillion Parameter Models", arXiv:1910.02054, §3.1';

/** `/train`: FLOPs, GPU-hours, days, dollars and memory, as a worked solution. */
export function solveTrain(
  input: TrainingInput,
  assumed: { gpus: boolean; mfu: boolean; gpu: boolean },
): Solution & { data: TrainingPlan } {
  const p = trainingPlan(input);
  const m = p.memory;
  const tflops = sig3(p.peak / 1e12);
  const steps: Step[] = [
    {
      title: 'Training compute',
      formula: 'C ≈ 6·N·D',
      substitution: `6 × ${formatCount(p.params)} × ${formatCount(p.tokens)}`,
      result: formatFlops(p.flops),
    },
    {
      title: 'GPU-hours',
      formula: 'GPU-hours = C / (peak × MFU × 3600 s)',
      substitution: `${formatSci(p.flops)} / (${tflops} × 10¹² FLOP/s × ${p.mfu} × 3600)`,
      result: `${formatCount(p.gpuHours)} ${p.gpu}-hours`,
    },
    {
      title: `Wall-clock time on ${n(p.gpus)} GPUs`,
      formula: 'days = GPU-hours / GPUs / 24',
      substitution: `${formatCount(p.gpuHours)} / ${n(p.gpus)} / 24`,
      result: `${sig3(p.days)} days`,
    },
  ];
  if (p.cost !== null) {
    steps.push({
      title: 'Cost',
      formula: 'dollars = GPU-hours × price',
      substitution: `${formatCount(p.gpuHours)} × $${p.pricePerHour!.toFixed(2)}/h`,
      result: `$${formatCount(p.cost)}`,
    });
  }
  steps.push(
    {
      title: 'Training memory: mixed-precision Adam model states',
      formula: `bytes/param = ${ADAM_BYTES.map((x) => x.bytes).join(' + ')} = ${m.bytesPerParam} (${ADAM_BYTES.map((x) => `${x.item} ${x.bytes}`).join(', ')})`,
      substitution: `${formatCount(p.params)} × ${m.bytesPerParam} B`,
      result: `${formatBytes(m.trainingBytes)}; at least ⌈${formatBytes(m.trainingBytes)} / ${formatBytes(m.gpuMemory)}⌉ = ${n(m.minGpus)} ${p.gpu}s just to hold it (fully sharded, ZeRO-3); on ${n(p.gpus)} GPUs that is ${formatBytes(m.perGpuSharded)} each`,
    },
    {
      title: 'Inference memory for the weights',
      formula: 'N × bytes per weight (BF16 2, FP8/INT8 1)',
      substitution: `${formatCount(p.params)} × 2 B;  ${formatCount(p.params)} × 1 B`,
      result: `${formatBytes(m.weights.bf16)} in BF16, ${formatBytes(m.weights.fp8)} in FP8`,
    },
  );
  if (m.kvBytesPerToken !== undefined && input.shape) {
    const s = input.shape;
    steps.push({
      title: 'KV cache (BF16)',
      formula: 'bytes/token = 2 (K and V) × layers × KV heads × head dim × 2 B',
      substitution: `2 × ${s.layers} × ${s.kvHeads} × ${s.headDim} × 2 = ${n(m.kvBytesPerToken)} B (${formatBytes(m.kvBytesPerToken)}) per token`,
      result: `${formatBytes(m.kvCachePer1000Tokens!)} per 1,000 tokens of context, per sequence`,
    });
  }
  const notes: string[] = [];
  const defaults: string[] = [];
  if (assumed.gpu) defaults.push(`GPU ${p.gpu} (set gpu:)`);
  if (assumed.gpus) defaults.push(`${n(p.gpus)} GPUs, an example cluster size (set gpus:)`);
  if (assumed.mfu)
    defaults.push(
      `MFU ${p.mfu} (set mfu:; large runs report 38–46%, ${CITATIONS.llama3}, ${CITATIONS.chowdhery2022})`,
    );
  if (defaults.length) notes.push(`Assumed: ${defaults.join('; ')}.`);
  notes.push(
    `Peak ${tflops} TFLOP/s dense BF16 for the ${p.gpu} (${CITATIONS.nvidia}); ${formatBytes(m.gpuMemory)} of memory per GPU.`,
  );
  if (p.cost === null)
    notes.push(
      `No sourced rental price for the ${p.gpu}, so no cost is shown: give one with price:<dollars per GPU-hour>.`,
    );
  else notes.push(`Price $${p.pricePerHour!.toFixed(2)} per GPU-hour: ${p.priceSource}.`);
  notes.push(
    `Model states are ${m.bytesPerParam} B/param as in ZeRO; keeping FP32 gradients as well makes it 18–20 B/param.`,
    'Left out: activation memory (often what sets the batch size; recomputation trades it for about a third more compute), framework buffers, parallelism overheads (communication, pipeline bubbles), and time lost to failures and restarts. Treat the days and the GPU count as lower bounds.',
  );
  if (!input.shape)
    notes.push('Give layers:, kv_heads: and head_dim: to size the KV cache as well.');
  const fields: Field[] = [
    { label: 'Compute', value: formatFlops(p.flops), inline: true },
    { label: 'GPU-hours', value: `${formatCount(p.gpuHours)} ${p.gpu}-h`, inline: true },
    { label: 'Days', value: `${sig3(p.days)} on ${n(p.gpus)} GPUs`, inline: true },
    {
      label: 'Cost',
      value: p.cost === null ? 'give price:' : `$${formatCount(p.cost)}`,
      inline: true,
    },
    {
      label: 'Training memory',
      value: `${formatBytes(m.trainingBytes)} (≥ ${n(m.minGpus)} GPUs)`,
      inline: true,
    },
  ];
  const cost = p.cost === null ? '' : `, about $${formatCount(p.cost)}`;
  return {
    title: `Training ${formatCount(p.params)} params on ${formatCount(p.tokens)} tokens`,
    summary: `${formatFlops(p.flops)}: ${formatCount(p.gpuHours)} ${p.gpu}-hours, ${sig3(p.days)} days on ${n(p.gpus)} GPUs${cost}; model states need ${formatBytes(m.trainingBytes)} (at least ${n(m.minGpus)} GPUs).`,
    steps,
    fields,
    notes,
    citations: [`${CITATIONS.kaplan2020} (C ≈ 6ND)`, ZERO, CITATIONS.nvidia],
    data: p,
  };
}
