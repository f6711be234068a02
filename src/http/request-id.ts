/**
 * A request id for every HTTP request, carried through its async work (timers, promises) by
 * AsyncLocalStorage, so a failure logged far from the handler still names the request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const context = new AsyncLocalStorage<string>();

export const newRequestId = (): string => randomBytes(6).toString('hex');

/** Run `work` as request `id`: everything it starts sees the id. */
export const withRequestId = <T>(id: string, work: () => T): T => context.run(id, work);

/** The id of the request whose work is running now, if any. */
export const currentRequestId = (): string | undefined => context.getStore();
