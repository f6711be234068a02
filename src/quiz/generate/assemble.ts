/**
 * Turn an answer and the mistakes students make into four choices. Choices are compared as
 * displayed: a mistake that rounds to the same text as the answer (or as another mistake)
 * is dropped, and the next one is used, so no two buttons ever read the same.
 */
import type { Step } from '../../reply.js';
import type { Question } from '../question.js';
import { LETTERS } from '../question.js';
import { shuffle, type Rng } from '../random.js';
import type { Difficulty, Topic } from '../topics.js';

export interface Mistake {
  /** The wrong answer as displayed. */
  text: string;
  /** What the student did, for the explanation: "forgot the 6 in 6ND". */
  why: string;
}

export interface Draft {
  id: string;
  topic: Topic;
  difficulty: Difficulty;
  prompt: string;
  answer: string;
  /** In order of preference; at least three must survive de-duplication. */
  mistakes: Mistake[];
  explanation: string;
  steps: Step[];
  source: string;
}

export function assemble(rng: Rng, draft: Draft): Question {
  const seen = new Set([draft.answer]);
  const chosen: Mistake[] = [];
  for (const m of draft.mistakes) {
    if (chosen.length === 3) break;
    if (seen.has(m.text)) continue;
    seen.add(m.text);
    chosen.push(m);
  }
  if (chosen.length < 3) throw new Error(`${draft.id}: fewer than three distinct distractors`);
  const order = shuffle(rng, [{ text: draft.answer, why: '' }, ...chosen]);
  const choices = order.map((c) => c.text);
  const correct = choices.indexOf(draft.answer);
  const wrong = order
    .map((c, i) => (c.why ? `${LETTERS[i]} ${c.why}` : ''))
    .filter(Boolean)
    .join('; ');
  return {
    id: draft.id,
    topic: draft.topic,
    difficulty: draft.difficulty,
    prompt: draft.prompt,
    choices,
    correct,
    explanation: `${draft.explanation} The wrong answers: ${wrong}.`,
    source: draft.source,
    steps: draft.steps,
  };
}
