/** Every generator, and one entry point to make a problem of a kind from a seed. */
import { computeOf } from './compute.js';
import { lossAt } from './loss.js';
import { modelRatio } from './model-ratio.js';
import { optimalFit, optimalParams, optimalTokens } from './optimal.js';
import { targetCompute } from './target.js';
import type { Generated, Generator } from './types.js';

export const GENERATORS: readonly Generator[] = [
  optimalParams,
  optimalTokens,
  optimalFit,
  computeOf,
  modelRatio,
  lossAt,
  targetCompute,
];

export function generate(kind: string, seed: number): Generated {
  const generator = GENERATORS.find((g) => g.kind === kind);
  if (!generator) throw new Error(`no generator ${kind}`);
  return generator.make(seed);
}

export type { Generated, Generator } from './types.js';
