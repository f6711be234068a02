/**
 * Every button flashcards put on a message, declared once (src/actions.ts): the render code
 * encodes ids with these and the engine decodes them, so nothing builds or splits an id by hand.
 */
import { z } from 'zod';
import { undoAction } from './undo.js';
import { defineAction, type AnyAction } from '../actions.js';
import { stepFields } from '../games/ids.js';
import { GRADE_NAMES, type GradeName } from './schedule.js';

const grade = z.enum(GRADE_NAMES);

/** A channel drill's self-grade: stored before the click is acknowledged. */
export const gradeAction = defineAction(
  'flashcards',
  'grade',
  { ...stepFields, grade },
  { storeBeforeAck: true },
);
/** Reveal / move on / stop a channel drill: the starter or a moderator. */
export const revealAction = defineAction('flashcards', 'reveal', stepFields, { moderators: true });
export const nextAction = defineAction('flashcards', 'next', stepFields, { moderators: true });
export const stopAction = defineAction('flashcards', 'stop', stepFields, { moderators: true });
/** Private review: reveal, grade (stored before ack), stop. Only the reviewer. */
export const reviewRevealAction = defineAction('flashcards', 'review-reveal', stepFields);
export const reviewGradeAction = defineAction(
  'flashcards',
  'review-grade',
  { ...stepFields, grade },
  { storeBeforeAck: true },
);
export const reviewStopAction = defineAction('flashcards', 'review-stop', stepFields);

export const FLASHCARD_ACTIONS: readonly AnyAction[] = [
  gradeAction,
  revealAction,
  nextAction,
  stopAction,
  reviewRevealAction,
  reviewGradeAction,
  reviewStopAction,
  undoAction,
];

export type FlashcardClick =
  | { what: 'grade' | 'review-grade'; session: string; step: number; grade: GradeName }
  | {
      what: 'reveal' | 'next' | 'stop' | 'review-reveal' | 'review-stop';
      session: string;
      step: number;
    };

/** A click on a drill's button, or undefined when the id is none of ours (expired, forged). */
export function decodeFlashcardClick(id: string): FlashcardClick | undefined {
  const graded = gradeAction.decode(id);
  if (graded) return { what: 'grade', ...graded };
  const reviewed = reviewGradeAction.decode(id);
  if (reviewed) return { what: 'review-grade', ...reviewed };
  for (const codec of [
    revealAction,
    nextAction,
    stopAction,
    reviewRevealAction,
    reviewStopAction,
  ]) {
    const step = codec.decode(id);
    if (step) return { what: codec.name as 'reveal', ...step };
  }
  return undefined;
}
