/**
 * Where commands/flashcards.ts finds the engine. main.ts calls `startFlashcardService` once
 * the adapters are up (so their Messengers exist) and after `startQuizService`, passing the
 * quiz's open Store so both features share one SQLite connection; its `stop` at shutdown.
 * Without a working store the service is absent: /flashcards says so and every other command
 * keeps working; a later /flashcards (or click) tries again — through the quiz's store when
 * sharing it (`sharedStore`), else its own at most once every `retryMs` — and installs the
 * engine, resuming running drills, when the store is back.
 */
import type { Messenger, Platform } from '../interaction.js';
import { logger } from '../logger.js';
import { StoreRetry, STORE_RETRY_MS } from '../store/failure.js';
import { openStore, type Store } from '../store/index.js';
import { FlashcardEngine, type FlashcardDeps } from './engine.js';

let engine: FlashcardEngine | undefined;
/** Set while the service's store is down: the way back. */
let recovery: { attempt(): Promise<FlashcardEngine | undefined> } | undefined;

/** Install an engine over an open store (tests call this directly with fakes). */
export function configureFlashcards(deps: FlashcardDeps): FlashcardEngine {
  engine?.close();
  engine = new FlashcardEngine(deps);
  return engine;
}

export const getFlashcards = (): FlashcardEngine | undefined => engine;

/** The engine; while the store is down, first an attempt to get it back (throttled). */
export async function ensureFlashcards(): Promise<FlashcardEngine | undefined> {
  return engine ?? (await recovery?.attempt());
}

/** Forget the engine (its timers stop; the store is its owner's to close). */
export function resetFlashcards(): void {
  engine?.close();
  engine = undefined;
}

export interface FlashcardService {
  /** Set once the store is open (at start, or later when it comes back). */
  engine?: FlashcardEngine;
  store?: Store;
  stop(): Promise<void>;
}

/**
 * Install the engine and resume running drills. With `store` (the quiz's, already migrated)
 * the service borrows it and leaves closing it to its owner; otherwise it opens
 * `databaseUrl` (default data/scaling-tutor.sqlite) itself and closes it on stop. Never
 * throws: a broken or read-only database leaves flashcards unavailable (logged) until the
 * store comes back; with `sharedStore` (the quiz service's `ensureStore`) it waits for the
 * quiz's store rather than opening a second connection.
 */
export async function startFlashcardService(options: {
  store?: Store;
  /** The quiz's store once it is back (borrowed, like `store`). */
  sharedStore?: () => Promise<Store | undefined>;
  databaseUrl?: string;
  messengers: Partial<Record<Platform, Messenger>>;
  /** Least time between two attempts to reopen a store of our own (default 15 s). */
  retryMs?: number;
}): Promise<FlashcardService> {
  let stopped = false;
  let owned = false;
  let way: typeof recovery;
  const service: FlashcardService = {
    async stop() {
      stopped = true;
      if (recovery === way) recovery = undefined;
      const installed = service.engine;
      if (installed) {
        if (engine === installed) resetFlashcards();
        else installed.close();
        await installed.idle();
      }
      if (owned) await service.store?.close();
    },
  };
  /** Install over `store`; false when the deck failed to load (a data bug, logged). */
  const install = async (store: Store, own: boolean): Promise<FlashcardEngine | undefined> => {
    let installed: FlashcardEngine;
    try {
      installed = configureFlashcards({ store, messengers: options.messengers });
    } catch (error) {
      // The deck failed to load: a data bug, logged loudly; the rest of the bot still runs.
      logger.error({ err: error }, 'flashcards: could not start; /flashcards is disabled');
      if (own) await store.close();
      return undefined;
    }
    service.engine = installed;
    service.store = store;
    owned = own;
    try {
      const resumed = await installed.resume();
      if (resumed > 0) logger.info({ drills: resumed }, 'flashcards: resumed running drills');
    } catch (error) {
      logger.error({ err: error }, 'flashcards: could not resume running drills');
    }
    return installed;
  };
  const recovered = (installed: FlashcardEngine | undefined) => {
    if (installed && recovery === way) recovery = undefined;
    if (installed) logger.info('flashcard store is back: /flashcards is enabled');
    return installed;
  };

  if (options.store) {
    await install(options.store, false);
    return service;
  }
  const shared = options.sharedStore;
  if (shared) {
    // The quiz's store is down too (it throttles its own attempts): borrow it once it is back.
    logger.error('flashcard store unavailable: /flashcards is disabled for now');
    let running: Promise<FlashcardEngine | undefined> | undefined;
    const attempt = async () => {
      const store = await shared();
      if (!store || stopped || service.engine) return service.engine;
      return recovered(await install(store, false));
    };
    way = {
      attempt: () => (running ??= attempt().finally(() => (running = undefined))),
    };
    recovery = way;
    return service;
  }
  let store: Store;
  try {
    store = await openStore(options.databaseUrl);
  } catch (error) {
    const retryMs = options.retryMs ?? STORE_RETRY_MS;
    logger.error({ err: error, retryMs }, 'flashcard store unavailable: /flashcards is disabled');
    way = new StoreRetry(
      'flashcards',
      async () => {
        const opened = await openStore(options.databaseUrl);
        if (stopped) {
          await opened.close();
          throw new Error('the flashcard service was stopped');
        }
        return recovered(await install(opened, true));
      },
      retryMs,
    );
    recovery = way;
    return service;
  }
  await install(store, true);
  return service;
}
