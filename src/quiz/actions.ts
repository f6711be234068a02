/**
 * Every button the quiz puts on a message, declared once (src/actions.ts): the render code
 * encodes ids with these and the engine decodes them, so nothing builds or splits an id by hand.
 */
import { z } from 'zod';
import { defineAction, type AnyAction } from '../actions.js';
import { sessionId, stepFields } from '../games/ids.js';

const choice = z.number().int().min(0).max(5);

/** A channel round's answer: stored before the click is acknowledged. */
export const answerAction = defineAction(
  'quiz',
  'answer',
  { ...stepFields, choice },
  { storeBeforeAck: true },
);
/** Reveal early / stop a channel round: the starter or a moderator. */
export const revealAction = defineAction('quiz', 'reveal', stepFields, { moderators: true });
export const stopAction = defineAction('quiz', 'stop', stepFields, { moderators: true });
/** The host's private panel on a host-paced round (works after a restart: all in the id). */
export const HOST_CONTROLS = ['next', 'reveal', 'back', 'skip', 'end'] as const;
export type HostControl = (typeof HOST_CONTROLS)[number];
export const hostAction = defineAction(
  'quiz',
  'host',
  { session: sessionId, control: z.enum(HOST_CONTROLS) },
  { moderators: true },
);
/** Switch the leaderboard's scope or period. */
export const boardAction = defineAction('quiz', 'lb', {
  scope: z.enum(['channel', 'server']),
  period: z.enum(['week', 'all']),
});
/** Staff see the names behind an anonymous leaderboard, privately. */
export const boardRevealAction = defineAction(
  'quiz',
  'lb-names',
  { scope: z.enum(['channel', 'server']), period: z.enum(['week', 'all']) },
  { moderators: true },
);
/** Solo practice: answer (stored before ack), next question, stop. Only the player. */
export const soloAnswerAction = defineAction(
  'quiz',
  'solo-answer',
  { ...stepFields, choice },
  { storeBeforeAck: true },
);
/**
 * A numeric question's button: opens a modal with one field (any round: the session says
 * whose). Its submission comes back as `numberInAction` with the typed text, stored before
 * the ack like a click's answer.
 */
export const numberAction = defineAction('quiz', 'number', stepFields, { opensModal: true });
export const numberInAction = defineAction('quiz', 'number-in', stepFields, {
  storeBeforeAck: true,
  submission: true,
});
/** The modal's one field. */
export const NUMBER_FIELD = 'value';
export const soloNextAction = defineAction('quiz', 'solo-next', stepFields);
export const soloStopAction = defineAction('quiz', 'solo-stop', stepFields);

export const QUIZ_ACTIONS: readonly AnyAction[] = [
  answerAction,
  revealAction,
  stopAction,
  boardAction,
  boardRevealAction,
  hostAction,
  soloAnswerAction,
  soloNextAction,
  soloStopAction,
  numberAction,
  numberInAction,
];

export type QuizClick =
  | { what: 'answer' | 'solo-answer'; session: string; step: number; choice: number }
  | { what: 'reveal' | 'stop' | 'solo-next' | 'solo-stop'; session: string; step: number };

/** A click on a round's button, or undefined when the id is none of ours (expired, forged). */
export function decodeQuizClick(id: string): QuizClick | undefined {
  const answer = answerAction.decode(id) ?? soloAnswerAction.decode(id);
  if (answer) return { what: id.startsWith('quiz:solo-') ? 'solo-answer' : 'answer', ...answer };
  for (const codec of [revealAction, stopAction, soloNextAction, soloStopAction]) {
    const step = codec.decode(id);
    if (step) return { what: codec.name as 'reveal', ...step };
  }
  return undefined;
}
