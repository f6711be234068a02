/**
 * The store-backed services commands use (the quiz, flashcards), built once by main.ts and
 * carried to commands in their context (`ctx.services`) — no module globals. The store is
 * opened once and shared. Without a working store the services are absent: /quiz and
 * /flashcards say so and every other command keeps working; the store is tried again every
 * `retryMs`, in the background and on the next use after that, and once it opens the engines are built and running sessions
 * resume, without a restart.
 */
import { CourseLibrary } from './course/library.js';
import { FlashcardEngine, type FlashcardDeps } from './flashcards/engine.js';
import type { GameDeps } from './games/channel-game.js';
import type { Messenger, Platform } from './interaction.js';
import { logger } from './logger.js';
import { QuizEngine, type QuizDeps } from './quiz/engine.js';
import { SettingsService } from './settings/service.js';
import { StoreRetry, STORE_RETRY_MS } from './store/failure.js';
import { DurableDeadlines } from './store/durable-deadlines.js';
import { FlashcardRepo, openStore, SavedFitsRepo, StoreError, type Store } from './store/index.js';
import { QuizMisses } from './flashcards/from-quiz.js';

export interface Services {
  /** The quiz, or undefined while the store is down (asking tries it again, throttled). */
  quiz(): Promise<QuizEngine | undefined>;
  /** Flashcards, or undefined while the store is down or the deck failed to load. */
  flashcards(): Promise<FlashcardEngine | undefined>;
  /**
   * Per-server settings and members' privacy choices (src/settings/); undefined while the
   * store is down, and absent in tests that need none: commands then use the defaults.
   */
  settings?(): Promise<SettingsService | undefined>;
  /** The servers' course content (issue 15), or undefined while the store is down. */
  course?(): Promise<CourseLibrary | undefined>;
  /** The fits servers' TAs saved from /fit (issue 20), or undefined while the store is down. */
  savedFits?(): Promise<SavedFitsRepo | undefined>;
}

export interface Engines {
  store: Store;
  /** On PostgreSQL: deadlines as durable jobs any instance runs. */
  deadlines?: DurableDeadlines;
  quiz: QuizEngine;
  flashcards?: FlashcardEngine;
  settings: SettingsService;
  course?: CourseLibrary;
  savedFits?: SavedFitsRepo;
}

/** Services over engines already built (tests, and `openServices` once the store is open). */
export const servicesOf = (engines: {
  quiz?: QuizEngine;
  flashcards?: FlashcardEngine;
  settings?: SettingsService;
  course?: CourseLibrary;
  savedFits?: SavedFitsRepo;
}): Services => ({
  quiz: () => Promise.resolve(engines.quiz),
  flashcards: () => Promise.resolve(engines.flashcards),
  settings: () => Promise.resolve(engines.settings),
  course: () => Promise.resolve(engines.course),
  savedFits: () => Promise.resolve(engines.savedFits),
});

/** Build both engines over an open store (the deck failing to load disables flashcards only). */
export function buildEngines(
  store: Store,
  deps: GameDeps & Partial<QuizDeps> & Partial<FlashcardDeps>,
): Engines {
  const settings = new SettingsService(store, deps.now);
  const misses = new QuizMisses(new FlashcardRepo(store.db), deps.now ?? Date.now);
  // The pause between a reveal and the next question, and threads, are server settings.
  const sessionSettings = deps.sessionSettings ?? {
    forServer: async (platform: string, serverId: string) => {
      const { pauseSeconds, threads } = await settings.get(platform, serverId);
      return { pauseSeconds, threads };
    },
  };
  const quiz = new QuizEngine({
    ...deps,
    store,
    settings,
    sessionSettings,
    onRevealed: deps.onRevealed ?? ((round, q, answers) => misses.revealed(round, q, answers)),
  });
  let flashcards: FlashcardEngine | undefined;
  try {
    flashcards = new FlashcardEngine({ ...deps, store, settings, sessionSettings });
  } catch (error) {
    logger.error({ err: error }, 'flashcards: could not start; /flashcards is disabled');
  }
  return {
    store,
    quiz,
    flashcards,
    settings,
    course: new CourseLibrary(store.db),
    savedFits: new SavedFitsRepo(store.db),
  };
}

export interface RunningServices extends Services {
  /** Set once the store is open (at start, or later when it comes back). */
  engines?: Engines;
  /** Open the store and resume running sessions; never throws (logged, retried on use). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The services main.ts hands to the adapters before they start (so commands can reach them)
 * and `start`s after them (so the adapters' messengers exist to resume sessions with).
 */
export function createServices(options: {
  databaseUrl?: string;
  /** PostgreSQL connections per instance (DATABASE_POOL_MAX). */
  poolMax?: number;
  messengers: Partial<Record<Platform, Messenger>>;
  /** Least time between two attempts to reopen a store that failed (default 15 s). */
  retryMs?: number;
  /** How often each instance looks for due deadline jobs on PostgreSQL (default 500 ms). */
  jobPollMs?: number;
}): RunningServices {
  const open = () => openStore(options.databaseUrl, { max: options.poolMax });
  let stopped = false;
  let retry: StoreRetry<Engines> | undefined;
  const install = async (store: Store): Promise<Engines> => {
    // Several instances share a PostgreSQL: no process owns a deadline, the database does.
    const deadlines = store.postgresUrl
      ? new DurableDeadlines(store.postgresUrl, { pollMs: options.jobPollMs })
      : undefined;
    const engines = {
      ...buildEngines(store, { messengers: options.messengers, deadlineJobs: deadlines }),
      deadlines,
    };
    try {
      await deadlines?.start(); // after the engines registered what runs each job
    } catch (error) {
      await deadlines?.stop().catch(() => undefined);
      await store.close();
      throw error;
    }
    services.engines = engines;
    for (const [name, engine] of [
      ['quiz: resumed running rounds', engines.quiz],
      ['flashcards: resumed running drills', engines.flashcards],
    ] as const) {
      try {
        const resumed = (await engine?.resume()) ?? 0;
        if (resumed > 0) logger.info({ sessions: resumed }, name);
      } catch (error) {
        logger.error({ err: error, what: name }, 'could not resume running sessions');
      }
    }
    return engines;
  };
  const engines = async () => services.engines ?? (await retry?.attempt());
  const services: RunningServices = {
    quiz: async () => (await engines())?.quiz,
    flashcards: async () => (await engines())?.flashcards,
    settings: async () => (await engines())?.settings,
    course: async () => (await engines())?.course,
    savedFits: async () => (await engines())?.savedFits,
    async start() {
      try {
        await install(await open());
      } catch (error) {
        const retryMs = options.retryMs ?? STORE_RETRY_MS;
        // A DATABASE_URL that is wrong or refused is one line naming it (no password, no stack).
        if (error instanceof StoreError)
          logger.error({ retryMs }, `${error.message}; /quiz and /flashcards are off`);
        else
          logger.error({ err: error, retryMs }, 'store unavailable: /quiz and /flashcards are off');
        retry = new StoreRetry(
          'store',
          async () => {
            const opened = await open();
            if (stopped) {
              await opened.close();
              throw new Error('the services were stopped');
            }
            retry = undefined;
            logger.info('store is back: /quiz and /flashcards are on');
            return install(opened);
          },
          retryMs,
        );
        // Not only on use: an instance nobody asks must still come back, because on PostgreSQL
        // it runs other instances' deadlines (a lost start-up race once left one idle).
        const background = setInterval(() => {
          if (stopped || !retry) clearInterval(background);
          else void retry.attempt();
        }, retryMs);
        background.unref();
      }
    },
    async stop() {
      stopped = true;
      retry = undefined;
      const running = services.engines;
      if (!running) return;
      running.quiz.close();
      running.flashcards?.close();
      // Reveals and posts already running finish before their database goes away.
      await running.quiz.idle();
      await running.flashcards?.idle();
      await running.deadlines?.stop();
      await running.store.close();
    },
  };
  return services;
}
