/**
 * Button ids for tests, always through the commands' codecs (src/quiz/actions.ts,
 * src/flashcards/actions.ts): `what` is a choice (0–3) or grade, or a control's name.
 */
import * as f from '../../src/flashcards/actions.js';
import * as q from '../../src/quiz/actions.js';
import type { GradeName } from '../../src/flashcards/schedule.js';

type QuizWhat = number | 'reveal' | 'stop' | 'next';
type CardWhat = GradeName | 'reveal' | 'next' | 'stop';

export function quizId(session: string, step: number, what: QuizWhat, solo = false): string {
  const at = { session, step };
  if (typeof what === 'number')
    return (solo ? q.soloAnswerAction : q.answerAction).encode({ ...at, choice: what });
  if (what === 'next') return q.soloNextAction.encode(at);
  if (what === 'stop') return (solo ? q.soloStopAction : q.stopAction).encode(at);
  return q.revealAction.encode(at);
}

export function cardId(session: string, step: number, what: CardWhat, review = false): string {
  const at = { session, step };
  if (what === 'reveal') return (review ? f.reviewRevealAction : f.revealAction).encode(at);
  if (what === 'stop') return (review ? f.reviewStopAction : f.stopAction).encode(at);
  if (what === 'next') return f.nextAction.encode(at);
  return (review ? f.reviewGradeAction : f.gradeAction).encode({ ...at, grade: what });
}

/** "1:good" → the review button for step 1's grade Good (the tests' shorthand). */
export const reviewId = (session: string, stepWhat: string): string => {
  const [step, what] = stepWhat.split(':') as [string, CardWhat];
  return cardId(session, Number(step), what, true);
};
export const soloId = (session: string, stepWhat: string): string => {
  const [step, what] = stepWhat.split(':') as [string, string];
  return quizId(session, Number(step), /^\d$/.test(what) ? Number(what) : (what as 'next'), true);
};
