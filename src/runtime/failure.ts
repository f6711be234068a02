/**
 * The one "something went wrong" reply, and the reference id it carries. The ref is the id of
 * the request being served (src/request-context.ts): HTTP requests have one from the server,
 * and adapters run every gateway/socket event inside `inRequestScope`, so the ref a user
 * quotes is the `requestId` on the log lines of that request.
 */
import { currentRequest, inRequest, newRequestId } from '../request-context.js';
import { logger } from '../logger.js';
import { errorReply, type Reply } from '../reply.js';

/** The current request's id, or a fresh one outside any request (a timer, a test). */
export const referenceId = (): string => currentRequest()?.id ?? newRequestId();

/** Run `work` under a request id: the current one if there is one, else a new one. */
export function inRequestScope<T>(work: () => T): T {
  return inRequest(() => work());
}

export function failureReply(ref: string): Reply {
  return errorReply(
    'Something went wrong',
    `Something went wrong on our side (ref ${ref}). It has been logged; please try again.`,
  );
}

/** Log an unexpected error under the request's id; returns the reply that quotes it. */
export function reportFailure(
  error: unknown,
  fields: Record<string, unknown>,
  what: string,
): Reply {
  const ref = referenceId();
  logger.error({ err: error, ref, requestId: ref, ...fields }, what);
  return failureReply(ref);
}
