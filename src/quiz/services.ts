/**
 * Where commands/quiz.ts finds the engine. main.ts calls `startQuizService` once the
 * adapters are up (so their Messengers exist), and its `stop` at shutdown. Without a working
 * store the service is absent: /quiz says so and every other command keeps working; the next
 * /quiz (or click) at least `retryMs` later tries the store again, and when it opens the
 * engine is installed and running rounds resume, without a restart.
 */
import type { Messenger, Platform } from '../interaction.js';
import { logger } from '../logger.js';
import { StoreRetry, STORE_RETRY_MS } from '../store/failure.js';
import { openStore, type Store } from '../store/index.js';
import { QuizEngine, type QuizDeps } from './engine.js';

let engine: QuizEngine | undefined;
/** Set while the service's store is down: the throttled way back. */
let recovery: StoreRetry<QuizEngine> | undefined;

/** Install an engine over an open store (tests call this directly with fakes). */
export function configureQuiz(deps: QuizDeps): QuizEngine {
  engine?.close();
  engine = new QuizEngine(deps);
  return engine;
}

export const getQuiz = (): QuizEngine | undefined => engine;

/** The engine; while the store is down, first one throttled attempt to reopen it. */
export async function ensureQuiz(): Promise<QuizEngine | undefined> {
  return engine ?? (await recovery?.attempt());
}

/** Forget the engine (its timers stop; the store is its owner's to close). */
export function resetQuiz(): void {
  engine?.close();
  engine = undefined;
}

/** Re-arm the timers of rounds that were running when the process stopped. */
export async function resumeRounds(): Promise<number> {
  return engine ? engine.resume() : 0;
}

export interface QuizService {
  /** Set once the store is open (at start, or later when it comes back). */
  engine?: QuizEngine;
  store?: Store;
  /** The open store; while it is down, one throttled attempt to reopen it (flashcards share it). */
  ensureStore(): Promise<Store | undefined>;
  stop(): Promise<void>;
}

/**
 * Open the store at DATABASE_URL (default data/scaling-tutor.sqlite), install the engine with
 * the adapters' Messengers and resume running rounds. Never throws: a broken or read-only
 * database leaves quizzes unavailable (logged) until a later attempt opens it.
 */
export async function startQuizService(options: {
  databaseUrl?: string;
  messengers: Partial<Record<Platform, Messenger>>;
  /** Least time between two attempts to reopen a store that failed (default 15 s). */
  retryMs?: number;
}): Promise<QuizService> {
  let stopped = false;
  const service: QuizService = {
    ensureStore: async () => {
      if (!service.store && recovery === retry) await retry?.attempt();
      return service.store;
    },
    async stop() {
      stopped = true;
      if (recovery === retry) recovery = undefined;
      const installed = service.engine;
      const store = service.store;
      if (installed) {
        if (engine === installed) resetQuiz();
        else installed.close();
        // Reveals and posts already running finish before their database goes away.
        await installed.idle();
      }
      await store?.close();
    },
  };
  const install = async (store: Store): Promise<QuizEngine> => {
    const installed = configureQuiz({ store, messengers: options.messengers });
    service.engine = installed;
    service.store = store;
    try {
      const resumed = await installed.resume();
      if (resumed > 0) logger.info({ rounds: resumed }, 'quiz: resumed running rounds');
    } catch (error) {
      logger.error({ err: error }, 'quiz: could not resume running rounds');
    }
    return installed;
  };
  let retry: StoreRetry<QuizEngine> | undefined;
  let store: Store;
  try {
    store = await openStore(options.databaseUrl);
  } catch (error) {
    const retryMs = options.retryMs ?? STORE_RETRY_MS;
    logger.error({ err: error, retryMs }, 'quiz store unavailable: /quiz is disabled for now');
    retry = new StoreRetry(
      'quiz',
      async () => {
        const opened = await openStore(options.databaseUrl);
        if (stopped) {
          await opened.close();
          throw new Error('the quiz service was stopped');
        }
        if (recovery === retry) recovery = undefined;
        logger.info('quiz store is back: /quiz is enabled');
        return install(opened);
      },
      retryMs,
    );
    recovery = retry;
    return service;
  }
  await install(store);
  return service;
}
