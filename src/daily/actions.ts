/** The question of the day's one button: an answer, stored before the click is acknowledged. */
import { z } from 'zod';
import { defineAction } from '../actions.js';
import { stepFields } from '../games/ids.js';
import { LETTERS } from '../quiz/question.js';

export const dailyAnswerAction = defineAction(
  'daily',
  'answer',
  {
    ...stepFields,
    choice: z
      .number()
      .int()
      .min(0)
      .max(LETTERS.length - 1),
  },
  { storeBeforeAck: true },
);
