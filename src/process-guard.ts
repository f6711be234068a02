/**
 * The process's last line of defence. A rejected promise nobody handled is logged and the bot
 * runs on: it failed one piece of work, not the process. An uncaught exception leaves the
 * process in an unknown state, so it is logged, the answers in flight are finished through the
 * normal graceful shutdown, and the process exits non-zero for its supervisor to restart it.
 * Both log lines carry the request id whose work failed (a fresh one outside any request).
 */
import { logger } from './logger.js';
import { currentRequest, newRequestId } from './request-context.js';

export interface GuardOptions {
  /** Finish in-flight work and exit with `code`; called once, on the first uncaught exception. */
  fatal(code: number): void;
  /** Exit anyway this long after the first uncaught exception, if `fatal` has not (ms). */
  forceExitMs: number;
  exit?: (code: number) => void;
}

export const FATAL_EXIT_CODE = 1;

/** Install the handlers; returns a function that removes them (tests). */
export function installProcessGuard(options: GuardOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let failing = false;
  const onRejection = (reason: unknown) => {
    const reqId = currentRequest()?.id ?? newRequestId();
    logger.error({ err: reason, reqId }, 'unhandled promise rejection (kept running)');
  };
  const onException = (error: Error, origin: string) => {
    const reqId = currentRequest()?.id ?? newRequestId();
    if (failing) {
      logger.fatal({ err: error, reqId, origin }, 'another uncaught exception while stopping');
      return;
    }
    failing = true;
    logger.fatal(
      { err: error, reqId, origin },
      'uncaught exception: finishing answers in flight, then exiting for a restart',
    );
    setTimeout(() => exit(FATAL_EXIT_CODE), options.forceExitMs).unref();
    options.fatal(FATAL_EXIT_CODE);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
