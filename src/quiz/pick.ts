/**
 * Choose a round's questions: from the bank, from the generators, or alternating, filtered
 * by topic and difficulty. Deterministic for a seed. Bank questions have their choices
 * shuffled so a group cannot learn "it's always B".
 */
import { InputError } from '../input-error.js';
import { loadBank } from './bank.js';
import { GENERATORS } from './generate/index.js';
import { typedProblem } from './numeric.js';
import type { Question } from './question.js';
import { randomInt, rngFrom, shuffle, type Rng } from './random.js';
import type { Difficulty, QuestionSource, Topic } from './topics.js';

export interface PickOptions {
  count: number;
  seed: number;
  source: QuestionSource;
  topic?: Topic;
  difficulty?: Difficulty;
  /** Bank ids asked recently here: used only when nothing fresher is left. */
  recent?: ReadonlySet<string>;
  /** source 'course': the server's questions (src/quiz/course-questions.ts). */
  course?: readonly Question[];
  /** Generated problems are answered by typing the number (src/quiz/numeric.ts). */
  typed?: boolean;
}

export function shuffleChoices(rng: Rng, q: Question): Question {
  // True/False keeps its order: "B. True" would only confuse. Numeric ones have no choices.
  if (q.numeric) return q;
  if (q.choices.length === 2 && q.choices[0] === 'True' && q.choices[1] === 'False') return q;
  const order = shuffle(
    rng,
    q.choices.map((_, i) => i),
  );
  return { ...q, choices: order.map((i) => q.choices[i]!), correct: order.indexOf(q.correct) };
}

function bankPool(o: PickOptions): Question[] {
  if (o.source === 'course') return [...(o.course ?? [])];
  return loadBank()
    .filter(
      (q) => (!o.topic || q.topic === o.topic) && (!o.difficulty || q.difficulty === o.difficulty),
    )
    .map(({ checks: _c, wrongNumbers: _w, ...q }) => q);
}

export function pickQuestions(o: PickOptions): Question[] {
  const rng = rngFrom(o.seed);
  const bank = o.source === 'generated' ? [] : bankPool(o);
  const gens =
    o.source === 'bank' || o.source === 'course'
      ? []
      : GENERATORS.filter(
          (g) =>
            (!o.topic || g.topic === o.topic) && (!o.difficulty || g.difficulty === o.difficulty),
        );
  if (o.source === 'course' && bank.length === 0)
    throw new InputError(
      'unsupported',
      'This server has no course questions to ask (a TA adds choice, true/false or numeric ones with /course import)',
      undefined,
      '/quiz source:bank',
    );
  if (bank.length === 0 && gens.length === 0) {
    const what = [o.topic && `topic ${o.topic}`, o.difficulty && `difficulty ${o.difficulty}`]
      .filter(Boolean)
      .join(' and ');
    throw new InputError(
      'unsupported',
      `No ${o.source === 'mixed' ? '' : `${o.source} `}questions match ${what || 'those options'}; try source:mixed or another topic`,
      undefined,
      '/quiz topic:compute-optimal',
    );
  }
  // Fresh questions first, then recently asked ones, each group in a seeded order.
  const recent = o.recent ?? new Set<string>();
  const ordered = [
    ...shuffle(
      rng,
      bank.filter((q) => !recent.has(q.id)),
    ),
    ...shuffle(
      rng,
      bank.filter((q) => recent.has(q.id)),
    ),
  ];
  const out: Question[] = [];
  let fromBank = 0;
  let useBank = o.source === 'bank' || (o.source === 'mixed' && rng() < 0.5);
  for (let i = 0; i < o.count; i++) {
    const bankLeft = fromBank < ordered.length;
    if ((useBank && bankLeft) || gens.length === 0) {
      // A small bank filter may run out: then it repeats from the start, reshuffled.
      const q = ordered[fromBank++ % ordered.length]!;
      out.push(shuffleChoices(rng, q));
    } else {
      const g = gens[randomInt(rng, 0, gens.length - 1)]!;
      const made = g.make(randomInt(rng, 0, 0x7fffffff));
      out.push(o.typed ? typedProblem(made) : made.question);
    }
    if (o.source === 'mixed') useBank = !useBank;
  }
  return out;
}
