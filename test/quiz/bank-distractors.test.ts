/**
 * Numeric choices in the bank must be told apart at a glance (issue 13): a choice whose
 * numbers are all within 2% of another choice's (0.01 nats for losses) fails, whether the
 * other is the key or another distractor. Formulas (=, √, ^, ∝) and symbolic terms such as
 * "4N" are not values and are skipped.
 */
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/quiz/bank.js';

const RELATIVE = 0.02;
const NATS = 0.01;

const SUPERSCRIPT: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
};
const SCALE: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
/** Names with digits that are not values (GPT-3, Llama 2, H100, C4, §3.2.1). */
const NAMES = /\bGPT-\d|\bLlama \d(?:\.\d)?|\b[HAB]\d00\b|\bC4\b|§[\d.]+|\bApproach \d/g;

/** The values a choice states, in order, or undefined for a formula or a choice with none. */
export function choiceValues(choice: string): number[] | undefined {
  if (/[=√^∝]/.test(choice)) return undefined;
  const text = choice.replace(NAMES, (m) => m.replace(/\d/g, '#'));
  const out: number[] = [];
  const re =
    /(\d[\d,]*(?:\.\d+)?)(?:\s*×\s*10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+))?(?:\s*([KMBT])(?![a-z]))?(?![A-Za-z])/g;
  for (const m of text.matchAll(re)) {
    let v = Number(m[1]!.replace(/,(?=\d{3})/g, '').replace(/,$/, ''));
    if (m[2]) v *= 10 ** Number([...m[2]].map((c) => SUPERSCRIPT[c]).join(''));
    if (m[3]) v *= SCALE[m[3]]!;
    out.push(v);
  }
  return out.length > 0 ? out : undefined;
}

const close = (x: number, y: number, loss: boolean) =>
  loss
    ? Math.abs(x - y) <= NATS + 1e-12
    : Math.abs(x - y) <= RELATIVE * Math.max(Math.abs(x), Math.abs(y));

/** Pairs of choices (indices) that state nearly the same values. */
export function tooClose(choices: string[]): [number, number][] {
  const loss = choices.some((c) => /\bnats?\b/.test(c));
  const values = choices.map(choiceValues);
  const pairs: [number, number][] = [];
  for (let i = 0; i < choices.length; i++) {
    for (let j = i + 1; j < choices.length; j++) {
      const a = values[i];
      const b = values[j];
      if (!a || !b || a.length !== b.length) continue;
      if (a.every((x, k) => close(x, b[k]!, loss))) pairs.push([i, j]);
    }
  }
  return pairs;
}

describe('bank distractors', () => {
  it('reads the values of a choice', () => {
    expect(choiceValues('About 22.4B parameters on 447B tokens')).toEqual([22.4e9, 447e9]);
    expect(choiceValues('5.9 × 10²³ FLOPs')).toEqual([5.9e23]);
    expect(choiceValues('About 42,000')).toEqual([42000]);
    expect(choiceValues('About 1.97 nats per token')).toEqual([1.97]);
    expect(choiceValues('Llama 2 70B')).toEqual([70e9]);
    expect(choiceValues('N = √(C / 120)')).toBeUndefined();
    expect(choiceValues('It grows much faster')).toBeUndefined();
    expect(choiceValues('the backward pass adds the other 4N')).toBeUndefined();
  });

  it('flags values within 2%, or within 0.01 nats for losses', () => {
    expect(tooClose(['About 17.3B', 'About 17.4B', 'About 30B', 'About 5B'])).toEqual([[0, 1]]);
    expect(tooClose(['About 17.3B', 'About 18B', 'About 30B', 'About 5B'])).toEqual([]);
    expect(tooClose(['2.193 nats', '2.194 nats', '1.8 nats', '3 nats'])).toEqual([[0, 1]]);
    expect(tooClose(['1.97 nats', '1.94 nats', '1.82 nats', '0.16 nats'])).toEqual([]);
    expect(tooClose(['0.1', '0.43', '0.37', '0.63'])).toEqual([]);
  });

  const bank = new Map(loadBank().map((q) => [q.id, q]));
  it.each([...bank.keys()])('%s: no two numeric choices are within 2% (or 0.01 nats)', (id) => {
    const q = bank.get(id)!;
    const pairs = tooClose(q.choices).map(([i, j]) => `"${q.choices[i]}" vs "${q.choices[j]}"`);
    expect(pairs).toEqual([]);
  });
});
