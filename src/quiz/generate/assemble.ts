/**
 * Turn an answer and the mistakes students make into four choices. Choices are compared as
 * displayed: a mistake within 2% of the answer or of a kept mistake (0.01 nats for losses)
 * would read as the same answer, so it is dropped and the next one is used, falling back to
 * the generator's pool of further plausible slips. Fewer than four choices is a bug, not a
 * silent three-button question: assemble throws, and the generator tests cover every input.
 */
import type { Step } from '../../reply.js';
import { formatCount, formatFlops, formatLoss } from '../../scaling/quantity.js';
import type { Question } from '../question.js';
import { LETTERS } from '../question.js';
import { shuffle, type Rng } from '../random.js';
import type { Difficulty, Topic } from '../topics.js';

/** Closer than this and two choices are one answer to a student. */
export const MIN_RELATIVE_GAP = 0.02;
export const MIN_LOSS_GAP = 0.01;

export interface Candidate {
  value: number;
  /** A second part of the choice (a verdict): choices with different labels never clash. */
  label?: string;
}

export interface Mistake extends Candidate {
  /** What the student did, for the explanation: "forgets the 6 in 6ND". */
  why: string;
}

/** How a kind of number is shown, and so how close two of them may be. */
export interface Display {
  show: (c: Candidate) => string;
  /** The value as shown (rounded the way `show` rounds it). */
  shown: (value: number) => number;
  gap: 'relative' | 'nats';
}

const sig3 = (x: number): number => Number(x.toPrecision(3));
export const COUNT: Display = { show: (c) => formatCount(c.value), shown: sig3, gap: 'relative' };
export const FLOPS: Display = { show: (c) => formatFlops(c.value), shown: sig3, gap: 'relative' };
export const LOSS: Display = {
  show: (c) => formatLoss(c.value),
  shown: (x) => Number(formatLoss(x)),
  gap: 'nats',
};

/** Too close to tell apart as displayed (or the same reading with a different verdict: fine). */
export function tooClose(display: Display, a: Candidate, b: Candidate): boolean {
  if (a.label !== b.label) return false;
  const x = display.shown(a.value);
  const y = display.shown(b.value);
  // "Within" includes the edge; the 1e-9 absorbs float error in the rounded values.
  if (display.gap === 'nats') return Math.abs(x - y) <= MIN_LOSS_GAP + 1e-9;
  return (
    Math.abs(x - y) <= MIN_RELATIVE_GAP * Math.max(Math.abs(x), Math.abs(y)) + 1e-9 * Math.abs(x)
  );
}

export interface Draft {
  id: string;
  topic: Topic;
  difficulty: Difficulty;
  prompt: string;
  answer: Candidate;
  display: Display;
  /** In order of preference. */
  mistakes: Mistake[];
  /** Further plausible slips, used only when the mistakes above clash. */
  fallbacks: Mistake[];
  explanation: string;
  /** An extrapolation warning, shown with the explanation. */
  note?: string;
  steps: Step[];
  source: string;
}

export function assemble(rng: Rng, draft: Draft): Question {
  const { display } = draft;
  const chosen: Mistake[] = [];
  for (const m of [...draft.mistakes, ...draft.fallbacks]) {
    if (chosen.length === 3) break;
    if (!Number.isFinite(m.value) || (display.gap === 'relative' && !(m.value > 0))) continue;
    if ([draft.answer, ...chosen].some((c) => tooClose(display, c, m))) continue;
    chosen.push(m);
  }
  if (chosen.length < 3) {
    throw new Error(`${draft.id}: fewer than three distractors stay clear of the answer`);
  }
  const order = shuffle(rng, [{ ...draft.answer, why: '' }, ...chosen]);
  const choices = order.map((c) => display.show(c));
  const correct = order.findIndex((c) => c.why === '');
  const wrong = order
    .map((c, i) => (c.why ? `${LETTERS[i]} ${c.why}` : ''))
    .filter(Boolean)
    .join('; ');
  const note = draft.note ? ` ${draft.note}` : '';
  return {
    id: draft.id,
    topic: draft.topic,
    difficulty: draft.difficulty,
    prompt: draft.prompt,
    choices,
    correct,
    explanation: `${draft.explanation}${note} The wrong answers: ${wrong}.`,
    source: draft.source,
    steps: draft.steps,
  };
}
