/**
 * Where commands/flashcards.ts finds the engine. main.ts calls `startFlashcardService` once
 * the adapters are up (so their Messengers exist) and after `startQuizService`, passing the
 * quiz's open Store so both features share one SQLite connection; its `stop` at shutdown.
 * Without a working store the service is simply absent: /flashcards says so and every other
 * command keeps working.
 */
import type { Messenger, Platform } from '../../commands/define.js';
import { logger } from '../logger.js';
import { openStore, type Store } from '../store/index.js';
import { FlashcardEngine, type FlashcardDeps } from './engine.js';

let engine: FlashcardEngine | undefined;

/** Install an engine over an open store (tests call this directly with fakes). */
export function configureFlashcards(deps: FlashcardDeps): FlashcardEngine {
  engine?.close();
  engine = new FlashcardEngine(deps);
  return engine;
}

export const getFlashcards = (): FlashcardEngine | undefined => engine;

/** Forget the engine (its timers stop; the store is its owner's to close). */
export function resetFlashcards(): void {
  engine?.close();
  engine = undefined;
}

export interface FlashcardService {
  engine?: FlashcardEngine;
  store?: Store;
  stop(): Promise<void>;
}

/**
 * Install the engine and resume running drills. With `store` (the quiz's, already migrated)
 * the service borrows it and leaves closing it to its owner; otherwise it opens
 * `databaseUrl` (default data/scaling-tutor.sqlite) itself and closes it on stop. Never
 * throws: a broken or read-only database leaves flashcards unavailable and is logged.
 */
export async function startFlashcardService(options: {
  store?: Store;
  databaseUrl?: string;
  messengers: Partial<Record<Platform, Messenger>>;
}): Promise<FlashcardService> {
  let store = options.store;
  const owned = store === undefined;
  if (!store) {
    try {
      store = await openStore(options.databaseUrl);
    } catch (error) {
      logger.error({ err: error }, 'flashcard store unavailable: /flashcards is disabled');
      return { stop: async () => undefined };
    }
  }
  let installed: FlashcardEngine;
  try {
    installed = configureFlashcards({ store, messengers: options.messengers });
  } catch (error) {
    // The deck failed to load: a data bug, logged loudly; the rest of the bot still runs.
    logger.error({ err: error }, 'flashcards: could not start; /flashcards is disabled');
    if (owned) await store.close();
    return { stop: async () => undefined };
  }
  try {
    const resumed = await installed.resume();
    if (resumed > 0) logger.info({ drills: resumed }, 'flashcards: resumed running drills');
  } catch (error) {
    logger.error({ err: error }, 'flashcards: could not resume running drills');
  }
  const held = store;
  return {
    engine: installed,
    store: held,
    async stop() {
      if (engine === installed) resetFlashcards();
      else installed.close();
      if (owned) await held.close();
    },
  };
}
