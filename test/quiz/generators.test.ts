/** Generated problems: solved by the core, distractors distinct as displayed, same seed same problem. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickQuestions } from '../../src/quiz/pick.js';
import { questionSchema } from '../../src/quiz/question.js';
import { GENERATORS, generate } from '../../src/quiz/generate/index.js';
import { formatTokensPerParam } from '../../src/quiz/generate/model-ratio.js';
import { trainingFlops } from '../../src/scaling/compute.js';
import { FITS, lossOf } from '../../src/scaling/fits.js';
import { optimalForLoss } from '../../src/scaling/inference.js';
import { findModel } from '../../src/scaling/models.js';
import { parametricOptimum, ruleAllocation } from '../../src/scaling/optimal.js';
import { formatCount, formatFlops, formatLoss } from '../../src/scaling/quantity.js';
import { verdictFor } from '../../src/scaling/verdict.js';
import { TOPIC_IDS } from '../../src/quiz/topics.js';

/** The correct choice as the core computes it from the generator's inputs, independently. */
function expected(kind: string, inputs: Record<string, number | string>): string {
  const n = (k: string) => Number(inputs[k]);
  switch (kind) {
    case 'optimal-params':
      return formatCount(ruleAllocation(n('compute')).params);
    case 'optimal-tokens':
      return formatCount(ruleAllocation(n('compute')).tokens);
    case 'compute':
      return formatFlops(trainingFlops(n('params'), n('tokens')));
    case 'model-ratio': {
      const m = findModel(String(inputs.model))!;
      return `${formatTokensPerParam(m.tokens / m.params)} tokens/param: ${verdictFor(m.tokens / m.params)}`;
    }
    case 'loss':
      return formatLoss(lossOf(FITS.epoch2024, n('params'), n('tokens')));
    case 'target': {
      const o = optimalForLoss(FITS.epoch2024, n('loss'));
      return formatFlops(trainingFlops(o.params, o.tokens));
    }
  }
  throw new Error(kind);
}

const seed = fc.integer({ min: 0, max: 0x7fffffff });

describe('generated problems', () => {
  it.each(GENERATORS.map((g) => [g.kind]))(
    '%s: the answer is the core’s, distractors differ as shown',
    (kind) => {
      fc.assert(
        fc.property(seed, (s) => {
          const { question, inputs, value } = generate(kind, s);
          expect(questionSchema.safeParse(question).success).toBe(true);
          if (kind === 'optimal-fit') {
            // Keyed from G and a as printed (4 figures), so within a rounding of the exact fit.
            const exact = parametricOptimum(FITS.epoch2024, Number(inputs.compute)).params;
            expect(Math.abs(Number(value) / exact - 1)).toBeLessThan(0.005);
            expect(question.choices[question.correct]).toBe(formatCount(Number(value)));
          } else {
            expect(question.choices[question.correct]).toBe(expected(kind, inputs));
          }
          expect(new Set(question.choices).size).toBe(4);
          expect(question.steps?.length).toBeGreaterThan(0);
          expect(question.explanation).toMatch(/The wrong answers: /);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(seed, fc.constantFrom(...GENERATORS.map((g) => g.kind)), (s, kind) => {
        expect(generate(kind, s)).toEqual(generate(kind, s));
      }),
      { numRuns: 200 },
    );
  });

  it('picks rounds deterministically, within the filters', () => {
    fc.assert(
      fc.property(
        seed,
        fc.constantFrom('mixed', 'bank', 'generated') as fc.Arbitrary<
          'mixed' | 'bank' | 'generated'
        >,
        (s, source) => {
          const a = pickQuestions({ count: 8, seed: s, source });
          expect(pickQuestions({ count: 8, seed: s, source })).toEqual(a);
          expect(a).toHaveLength(8);
          for (const q of a) {
            expect(q.choices).toHaveLength(4);
            if (source === 'bank') expect(q.id.startsWith('gen:')).toBe(false);
            if (source === 'generated') expect(q.id.startsWith('gen:')).toBe(true);
          }
        },
      ),
      { numRuns: 50 },
    );
    for (const topic of TOPIC_IDS) {
      const qs = pickQuestions({ count: 6, seed: 1, source: 'mixed', topic });
      expect(qs.every((q) => q.topic === topic)).toBe(true);
    }
    expect(() =>
      pickQuestions({ count: 1, seed: 1, source: 'generated', topic: 'emergence' }),
    ).toThrow(/No generated questions match topic emergence/);
  });

  it('keeps the meaning of a bank question when it shuffles the choices', () => {
    const [q] = pickQuestions({
      count: 1,
      seed: 7,
      source: 'bank',
      topic: 'n-d-c',
      difficulty: 'easy',
    });
    expect(q!.choices[q!.correct]).toMatch(/training tokens|FLOPs \(floating-point/);
  });
});
