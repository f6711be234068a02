/**
 * Where commands/quiz.ts finds the engine. main.ts calls `startQuizService` once the
 * adapters are up (so their Messengers exist), and its `stop` at shutdown. Without a working
 * store the service is simply absent: /quiz says so and every other command keeps working.
 */
import type { Messenger, Platform } from '../../commands/define.js';
import { logger } from '../logger.js';
import { openStore, type Store } from '../store/index.js';
import { QuizEngine, type QuizDeps } from './engine.js';

let engine: QuizEngine | undefined;

/** Install an engine over an open store (tests call this directly with fakes). */
export function configureQuiz(deps: QuizDeps): QuizEngine {
  engine?.close();
  engine = new QuizEngine(deps);
  return engine;
}

export const getQuiz = (): QuizEngine | undefined => engine;

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
  engine?: QuizEngine;
  store?: Store;
  stop(): Promise<void>;
}

/**
 * Open the store at DATABASE_URL (default data/scaling-tutor.sqlite), install the engine with
 * the adapters' Messengers and resume running rounds. Never throws: a broken or read-only
 * database leaves quizzes unavailable and is logged.
 */
export async function startQuizService(options: {
  databaseUrl?: string;
  messengers: Partial<Record<Platform, Messenger>>;
}): Promise<QuizService> {
  let store: Store;
  try {
    store = await openStore(options.databaseUrl);
  } catch (error) {
    logger.error({ err: error }, 'quiz store unavailable: /quiz is disabled');
    return { stop: async () => undefined };
  }
  const installed = configureQuiz({ store, messengers: options.messengers });
  try {
    const resumed = await installed.resume();
    if (resumed > 0) logger.info({ rounds: resumed }, 'quiz: resumed running rounds');
  } catch (error) {
    logger.error({ err: error }, 'quiz: could not resume running rounds');
  }
  return {
    engine: installed,
    store,
    async stop() {
      if (engine === installed) resetQuiz();
      else installed.close();
      await store.close();
    },
  };
}
