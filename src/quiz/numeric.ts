/**
 * Numeric questions: answered by typing a number in a modal (src/interaction.ts ModalRequest),
 * read with the notation /optimal reads (src/scaling/quantity.ts), right within the question's
 * absolute tolerance. Stored like a choice answer (choice -1, the number in `value`) and
 * scored by the same `pointsFor` at the reveal; until then the last number typed counts.
 */
import type { InteractionContext, ModalRequest } from '../interaction.js';
import { info } from '../games/session.js';
import { InputError, quote } from '../input-error.js';
import { errorReply, type Reply } from '../reply.js';
import { formatCount, readAnswerNumber } from '../scaling/quantity.js';
import type { QuestionRow, QuizRepo, RoundRow } from '../store/index.js';
import { NUMBER_FIELD, numberInAction } from './actions.js';
import { answerRow } from './answer-row.js';
import type { Generated } from './generate/types.js';
import type { Question } from './question.js';

/** The `choice` stored with a typed number (no letter). */
export const TYPED = -1;
// Notation examples only: no question's answer (a course's N for 6e22 FLOPs is 22.4B).
export const EXAMPLE = '4.2B';
const ALSO = '4.2e9';
export const NOTATIONS = `${ALSO}, ${EXAMPLE}, 4.2×10^9, 4.2 billion and 0.35 all work`;

export type NumericAnswer = NonNullable<Question['numeric']>;

export const numericOf = (row: QuestionRow): NumericAnswer | undefined =>
  (JSON.parse(row.payload) as Question).numeric;

/** Within the tolerance, allowing for binary rounding (1.96 − 1.94 is 0.0200…02). */
export function withinTolerance(answer: NumericAnswer, typed: number): boolean {
  const slack = 1e-9 * Math.max(Math.abs(answer.value), Math.abs(typed));
  return Math.abs(typed - answer.value) <= answer.tolerance + slack;
}

/** A number as the reply shows it: 4.2B when three figures say it exactly, else in full. */
export function showNumber(x: number): string {
  return Number(x.toPrecision(3)) === x ? formatCount(x) : String(x);
}

/** The modal a numeric question's button opens. */
export const numberModal = (round: RoundRow, idx: number): ModalRequest => ({
  id: numberInAction.encode({ session: round.id, step: idx }),
  title: 'Answer with a number',
  fields: [
    {
      id: NUMBER_FIELD,
      label: `Question ${idx + 1}: your number`,
      placeholder: `e.g. ${EXAMPLE} or ${ALSO}`,
    },
  ],
});

export interface TypedResult {
  reply: Reply;
  stored: boolean;
  /** For the modal's field when the text was not a number. */
  errors?: Record<string, string>;
}

/** Read, check and store a member's typed answer (the last one before the reveal counts). */
export async function recordNumber(
  repo: QuizRepo,
  now: number,
  round: RoundRow,
  row: QuestionRow,
  text: string,
  ctx: InteractionContext,
): Promise<TypedResult> {
  const answer = numericOf(row);
  if (!answer) {
    return {
      reply: info('Use the letters', 'This question is answered with its letter buttons.'),
      stored: false,
    };
  }
  const value = readAnswerNumber(text);
  if (value === undefined) {
    const problem = text.trim() === '' ? 'No number was typed' : 'That is not a number I can read';
    const message = InputError.compose(problem, text, `${EXAMPLE} (${NOTATIONS})`);
    return {
      reply: errorReply('Not a number', `${message}. Nothing was stored; try again.`),
      stored: false,
      errors: { [NUMBER_FIELD]: `${problem}: ${quote(text)}. Try ${EXAMPLE} or ${ALSO}.` },
    };
  }
  const late =
    round.status !== 'running' ||
    row.status !== 'open' ||
    (row.deadline_at !== null && now > row.deadline_at);
  const before = await repo.getAnswer(round.id, row.idx, ctx.user.id);
  const stored =
    !late &&
    (await repo.changeAnswer(
      answerRow(round, row, ctx, now, {
        choice: TYPED,
        correct: withinTolerance(answer, value),
        value,
      }),
    ));
  if (!stored) {
    const revealed = row.status === 'revealed' || row.status === 'reviewing';
    const was = revealed ? `; the answer was ${showNumber(answer.value)}` : '';
    return { reply: info('Too late', `This question is closed${was}.`), stored: false };
  }
  const prior = before?.value;
  const was = prior !== null && prior !== undefined && prior !== value;
  return {
    reply: info(
      `You answered ${showNumber(value)}${was ? ` (was ${showNumber(prior)})` : ''}`,
      round.mode === 'solo'
        ? 'Checked against the answer below.'
        : 'Locked in. You can type another number until the reveal; your last one counts.',
    ),
    stored: true,
  };
}

/** A generated problem asked as a typed number is right within this share of its value. */
export const TYPED_TOLERANCE = 0.02;

/**
 * A generated problem asked as a typed number (`/quiz answers:typed`): the value to three
 * figures (as its choices show it), right within 2 %. Kept as multiple choice unless its right
 * choice is that number, and when one of its wrong choices would fall within that tolerance.
 */
export function typedProblem(g: Generated): Question {
  if (typeof g.value !== 'number' || !Number.isFinite(g.value)) return g.question;
  const value = Number(g.value.toPrecision(3));
  const answer = {
    value,
    tolerance: Number((TYPED_TOLERANCE * Math.abs(value)).toPrecision(2)),
  };
  const { choices, correct } = g.question;
  // The right choice must be that number (not a verdict such as "21.5 tokens/param: over-trained").
  const shown = readAnswerNumber(choices[correct] ?? '');
  if (shown === undefined || !withinTolerance(answer, shown)) return g.question;
  const close = choices.some((c, i) => {
    const n = readAnswerNumber(c);
    return i !== correct && n !== undefined && withinTolerance(answer, n);
  });
  if (close) return g.question;
  return { ...g.question, choices: [], correct: 0, numeric: answer };
}
