/**
 * One id per command or click, carried through everything the bot does for it (async calls,
 * chart renders, platform API calls) by AsyncLocalStorage: the logger stamps it on every line
 * as `reqId`, and a user's "something went wrong (ref …)" is the same id, so an operator finds
 * every log line of a failure from what the user pasted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  /** 8 hex characters: short enough for a user to read out, unique enough in a day of logs. */
  id: string;
  /** The chat platform that claimed the request (an HTTP request starts without one). */
  platform?: string;
  /** performance.now() when the request arrived. */
  started: number;
  /** The platform was acknowledged (measured once). */
  acked?: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** randomUUID draws from a buffer of entropy: randomBytes(4) per request showed in profiles. */
export const newRequestId = (): string => randomUUID().slice(0, 8);

/** The request this code runs for, if any. */
export const currentRequest = (): RequestContext | undefined => storage.getStore();

/** Run `fn` as a new request (a fresh id), or as part of the current one if there is one. */
export function inRequest<T>(fn: (ctx: RequestContext) => T, platform?: string): T {
  const current = storage.getStore();
  if (current) {
    if (platform) current.platform ??= platform;
    return fn(current);
  }
  const ctx: RequestContext = { id: newRequestId(), started: performance.now(), platform };
  return storage.run(ctx, () => fn(ctx));
}
