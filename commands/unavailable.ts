/** What a user sees while a store-backed feature's database is down (src/store/failure.ts). */
import { errorReply, type Reply } from '../src/reply.js';

/** "Quizzes are unavailable right now (…)"; every other command still works. */
export const unavailableReply = (feature: string, what: string): Reply =>
  errorReply(
    `${feature} are unavailable right now`,
    `${feature} are unavailable right now (${what} cannot be reached). Every other command still works.`,
  );
