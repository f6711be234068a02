/** Every command, in the order /help lists them. Add a module here to register it everywhere. */
import daily from './daily.js';
import type { AnyCommand } from './define.js';
import course from './course.js';
import fit from './fit.js';
import flashcards from './flashcards.js';
import forgetMe from './forget-me.js';
import help from './help.js';
import loss from './loss.js';
import models from './models.js';
import optimal from './optimal.js';
import privacy from './privacy.js';
import quiz from './quiz.js';
import settings from './settings.js';
import target from './target.js';
import train from './train.js';

export const commands: readonly AnyCommand[] = [
  optimal,
  loss,
  target,
  train,
  fit,
  models,
  quiz,
  flashcards,
  settings,
  privacy,
  forgetMe,
  daily,
  course,
  help,
];

export function findCommand(name: string): AnyCommand | undefined {
  const key = name.trim().replace(/^\//, '').toLowerCase();
  return commands.find((c) => c.name === key);
}
