/**
 * Telling "the database is down" apart from a bug, so store-backed code returns a typed
 * failure (`StoreUnavailable`) that commands answer with "unavailable" (and the math commands
 * keep working) instead of "something went wrong".
 */
import { logger } from '../logger.js';
import { countStoreFailure } from '../metrics/index.js';

/**
 * SQLite and driver failures mean the store is down, not that the user did anything wrong:
 * every SqliteError (SQLITE_READONLY, SQLITE_FULL, SQLITE_IOERR_*, SQLITE_CANTOPEN, SQLITE_BUSY…),
 * the file system refusing (read-only, full, I/O error), and a closed connection. On
 * PostgreSQL: the server unreachable or gone (ECONNREFUSED, ECONNRESET…, pg's "Connection
 * terminated"), and its SQLSTATE classes for connections (08), resources (53), shutdown (57P)
 * and refused logins (28, 3D000).
 */
export const isStoreFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'SqliteError' ||
    error.name === 'StoreUnavailableError' ||
    /^(SQLITE_|ENOSPC$|EROFS$|EIO$|EDQUOT$)/.test(codeOf(error)) ||
    NETWORK.test(codeOf(error)) ||
    /^(08|53|57P|28|3D000$)/.test(codeOf(error)) ||
    /driver has already been destroyed|database connection is not open/i.test(error.message) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
      error.message,
    ) ||
    // Node's connect() with several addresses fails with an AggregateError of them.
    (error instanceof AggregateError && error.errors.some((e) => isStoreFailure(e))));

const NETWORK =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)$/;
const codeOf = (error: Error) => String((error as { code?: unknown }).code ?? '');

/** How often a feature whose store could not be opened tries again (on use, never in a loop). */
export const STORE_RETRY_MS = 15_000;

/**
 * Try to bring a store-backed feature back, at most once every `intervalMs`, only when someone
 * asks for it: concurrent callers share one attempt; a failed attempt resolves undefined.
 * The failure that made the feature unavailable counts as the first attempt.
 */
export class StoreRetry<T> {
  private nextAt: number;
  private running: Promise<T | undefined> | undefined;

  constructor(
    private readonly what: string,
    private readonly tryOnce: () => Promise<T>,
    readonly intervalMs: number = STORE_RETRY_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.nextAt = now() + intervalMs;
  }

  attempt(): Promise<T | undefined> {
    if (this.running) return this.running;
    if (this.now() < this.nextAt) return Promise.resolve(undefined);
    this.nextAt = this.now() + this.intervalMs;
    const running = this.tryOnce().then(
      (value) => value,
      (error: unknown) => {
        countStoreFailure('reopen');
        logger.warn(
          { err: error, retryInMs: this.intervalMs },
          `${this.what}: store still unavailable`,
        );
        return undefined;
      },
    );
    this.running = running;
    void running.finally(() => {
      if (this.running === running) this.running = undefined;
    });
    return running;
  }
}

/**
 * The typed failure store-backed code returns when the store is down: commands turn it into
 * the reply their users see (the store knows no replies). `cause` is the error that said so.
 */
export class StoreUnavailable {
  readonly kind = 'store_unavailable';
  constructor(readonly cause?: unknown) {}
}

/** Run `fn`; a store failure is logged and returned as a `StoreUnavailable`, bugs rethrown. */
export async function whenAvailable<T>(fn: () => Promise<T>): Promise<T | StoreUnavailable> {
  try {
    return await fn();
  } catch (error) {
    if (!isStoreFailure(error)) throw error;
    countStoreFailure('operation');
    logger.error({ err: error }, 'store failure');
    return new StoreUnavailable(error);
  }
}
