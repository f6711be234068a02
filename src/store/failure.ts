/**
 * Telling "the database is down" apart from a bug, so store-backed commands can say they are
 * unavailable (and the math commands keep working) instead of "something went wrong".
 */
import { logger } from '../logger.js';
import { errorReply, type Reply } from '../reply.js';

/** SQLite and driver failures mean the store is down, not that the user did anything wrong. */
export const isStoreFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'SqliteError' ||
    /^SQLITE_/.test(String((error as { code?: unknown }).code ?? '')) ||
    /driver has already been destroyed|database connection is not open/i.test(error.message));

/** "Quizzes are unavailable right now (…)": what a user sees while the store is down. */
export const unavailableReply = (feature: string, what: string): Reply =>
  errorReply(
    `${feature} are unavailable right now`,
    `${feature} are unavailable right now (${what} cannot be reached). Every other command still works.`,
  );

/** Run `fn`; a store failure is logged and answered with `fallback(unavailable)`. */
export async function guardStore<T>(
  unavailable: () => Reply,
  fallback: (reply: Reply) => T,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!isStoreFailure(error)) throw error;
    logger.error({ err: error }, 'store failure');
    return fallback(unavailable());
  }
}
