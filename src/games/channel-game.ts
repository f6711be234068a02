/**
 * What every channel game (quiz rounds, flashcard drills) needs besides its own rules: the
 * platforms' messengers, deadline timers that can be injected for tests, one queue per game
 * so timers, buttons and commands never race, and throttled "N answered" edits.
 * All game state lives in the store; this only holds timers and in-flight work.
 */
import type { InteractionContext, MessageRef, Messenger, Platform } from '../interaction.js';
import { logger } from '../logger.js';
import { errorReply, type Reply } from '../reply.js';
import { isStoreFailure } from '../store/failure.js';
import type { Store } from '../store/open.js';
import type { SessionSettingsSource } from './session-settings.js';

export type TimerHandle = unknown;

/** What runs a due deadline job: the game's session, its step and the deadline it was for. */
export type DeadlineHandler = (gameId: string, idx: number, at: number) => Promise<void>;

/**
 * Deadlines kept as durable jobs in the database (src/store/durable-deadlines.ts, on
 * PostgreSQL), run by whichever instance is alive when they come due. Without it deadlines
 * are this process's timers, re-armed from the store at start-up.
 */
export interface DeadlineJobs {
  register(game: string, handler: DeadlineHandler): void;
  schedule(game: string, gameId: string, idx: number, at: number): Promise<void>;
}

export interface GameDeps {
  messengers?: Partial<Record<Platform, Messenger>>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  /** Least time between two live-count edits of one message (rate limits). */
  editIntervalMs?: number;
  /** First wait before a deadline the store failed is tried again; it doubles up to the max. */
  retryMs?: number;
  retryMaxMs?: number;
  /** Durable deadline jobs (several instances on PostgreSQL); default: in-process timers. */
  deadlineJobs?: DeadlineJobs;
  /** The store the game's steps live in (live-count edits check the step's version in it). */
  store?: Store;
  /** Per-server session settings (the reveal pause, threads); absent: the defaults. */
  sessionSettings?: SessionSettingsSource;
}

/** The columns of a game row the shared helpers read. */
export interface GameRow {
  id: string;
  platform: string;
  server_id: string;
  channel_id: string;
  starter_id: string;
  starter_name: string;
}

/** Where a new game plays and who started it (the name as others see it, at most 80 characters). */
export const startedBy = (ctx: InteractionContext): Omit<GameRow, 'id'> => ({
  platform: ctx.platform,
  server_id: ctx.server?.id ?? '',
  channel_id: ctx.channel.id,
  starter_id: ctx.user.id,
  starter_name: ctx.user.name.slice(0, 80),
});

export abstract class ChannelGame {
  protected readonly messengers = new Map<Platform, Messenger>();
  protected readonly now: () => number;
  protected readonly setTimer: (fn: () => void, ms: number) => TimerHandle;
  protected readonly clearTimer: (handle: TimerHandle) => void;
  protected readonly editInterval: number;
  private readonly retryFirst: number;
  private readonly retryMax: number;
  protected closed = false;
  private readonly deadlines = new Map<string, TimerHandle>();
  /** Games whose deadline work failed on the store, waiting to be picked up again. */
  private readonly retries = new Map<string, { timer: TimerHandle; attempt: number }>();
  private readonly throttles = new Map<string, { last: number; timer?: TimerHandle }>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly jobs?: DeadlineJobs;

  /**
   * @param label names the game in logs ("quiz"), `noun` in messages to users ("quiz", "drill").
   */
  constructor(
    deps: GameDeps,
    protected readonly label: string,
    protected readonly noun: string,
  ) {
    for (const [platform, m] of Object.entries(deps.messengers ?? {})) {
      if (m) this.messengers.set(platform as Platform, m);
    }
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
    this.editInterval = deps.editIntervalMs ?? 2000;
    this.retryFirst = deps.retryMs ?? 1000;
    this.retryMax = deps.retryMaxMs ?? 15_000;
    this.jobs = deps.deadlineJobs;
    this.jobs?.register(label, (id, idx, at) => this.runJob(id, idx, at));
  }

  /**
   * A durable deadline job came due (on any instance): act on it if the step still has that
   * deadline. Throws on a store failure so the job engine retries it.
   */
  protected abstract deadlineJob(gameId: string, idx: number, at: number): Promise<void>;

  private async runJob(gameId: string, idx: number, at: number): Promise<void> {
    const run = this.serial(gameId, () => this.deadlineJob(gameId, idx, at));
    this.pending.add(run);
    void run.catch(() => undefined).finally(() => this.pending.delete(run));
    await run;
  }

  /**
   * Carry a game on from what the store says (reveal a question past its deadline, ask the
   * next one, re-arm a timer...): how deadline work that failed on the store is picked up.
   * Runs inside the game's queue.
   */
  protected abstract recover(gameId: string): Promise<void>;

  addMessenger(platform: Platform, messenger: Messenger): void {
    this.messengers.set(platform, messenger);
  }

  /** Resolves when no timer-started work is in flight (tests, and a clean shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size > 0 || this.pending.size > 0) {
      await Promise.allSettled([...this.queues.values(), ...this.pending]);
    }
  }

  /** Stop every timer (the store stays open; its owner closes it). */
  close(): void {
    this.closed = true;
    for (const h of this.deadlines.values()) this.clearTimer(h);
    for (const t of this.throttles.values()) if (t.timer !== undefined) this.clearTimer(t.timer);
    for (const r of this.retries.values()) this.clearTimer(r.timer);
    this.retries.clear();
    this.deadlines.clear();
    this.throttles.clear();
  }

  /** Learn a platform's messenger from a command's context (adapters started later). */
  protected remember(ctx: InteractionContext): void {
    if (ctx.messenger && !this.messengers.has(ctx.platform))
      this.messengers.set(ctx.platform, ctx.messenger);
  }

  protected messengerFor(game: GameRow): Messenger {
    const m = this.messengers.get(game.platform as Platform);
    if (!m) throw new Error(`no messenger for ${game.platform}`);
    return m;
  }

  /** A jump link to a game's message, where the platform has one. */
  protected async linkTo(game: GameRow, ref: MessageRef | undefined): Promise<string | undefined> {
    if (!ref) return undefined;
    try {
      return await this.messengers.get(game.platform as Platform)?.link?.(ref);
    } catch {
      return undefined; // a link is a nicety; the message still says where to look
    }
  }

  /**
   * A refusal when a button is clicked outside the game's own channel: action ids carry only
   * the game's id, so a copied id must not act on (or be recorded in) another channel's game.
   */
  protected elsewhere(
    game: GameRow,
    ctx: InteractionContext,
    /** The game's thread, where the platform makes it a channel of its own (Discord). */
    thread?: string,
  ): Reply | undefined {
    if (
      ctx.platform === game.platform &&
      (ctx.channel.id === game.channel_id || (thread !== undefined && ctx.channel.id === thread)) &&
      (ctx.server?.id ?? '') === game.server_id
    )
      return undefined;
    return errorReply(
      `Not this channel’s ${this.noun}`,
      `That button belongs to a ${this.noun} in another channel, so nothing was recorded. Use the buttons on the ${this.noun} in this channel (received a button for ${this.noun} ${game.id}).`,
    );
  }

  /** A refusal when the user may not do `what` (only the starter or a moderator may). */
  protected async refusal(
    game: GameRow,
    ctx: InteractionContext,
    what: string,
  ): Promise<Reply | undefined> {
    if (ctx.user.id === game.starter_id || (await isModerator(ctx))) return undefined;
    return errorReply(
      'Not allowed',
      `Only ${game.starter_name} (who started it) or a moderator can ${what} this ${this.noun}.`,
    );
  }

  /** Run a game's state changes one at a time (timers, buttons and commands can race). */
  protected serial<T>(gameId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(gameId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.queues.set(gameId, settled);
    void settled.then(() => {
      if (this.queues.get(gameId) === settled) this.queues.delete(gameId);
    });
    return next;
  }

  /** Run `onDeadline` (queued with the game's other changes) when step `idx`'s deadline passes. */
  protected arm(
    gameId: string,
    idx: number,
    deadline: number,
    onDeadline: () => Promise<unknown>,
  ): void {
    if (this.closed) return;
    if (this.jobs) return this.armJob(gameId, idx, deadline);
    const k = key(gameId, idx);
    const old = this.deadlines.get(k);
    if (old !== undefined) this.clearTimer(old);
    const fire = () => {
      this.deadlines.delete(k);
      void this.runDeadline(gameId, onDeadline, 0);
    };
    this.deadlines.set(k, this.setTimer(fire, Math.max(0, deadline - this.now())));
  }

  /** Store the deadline as a job; if the store fails, try again (the step keeps its deadline). */
  private armJob(gameId: string, idx: number, deadline: number): void {
    const work = this.jobs!.schedule(this.label, gameId, idx, deadline).catch((error: unknown) => {
      if (!isStoreFailure(error)) throw error;
      this.retryLater(gameId, 0, error);
    });
    this.pending.add(work);
    void work
      .catch((error: unknown) =>
        logger.error({ err: error, game: gameId }, `${this.label}: could not store a deadline`),
      )
      .finally(() => this.pending.delete(work));
  }

  /**
   * Run deadline work in the game's queue. When the store fails (an outage), the game is not
   * left stuck on a passed deadline: `recover` runs again after a backoff, until it succeeds.
   */
  private runDeadline(
    gameId: string,
    work: () => Promise<unknown>,
    attempt: number,
  ): Promise<void> {
    const run = this.serial(gameId, work).then(
      () => undefined,
      (error: unknown) => {
        if (!isStoreFailure(error)) {
          logger.error({ err: error, game: gameId }, `${this.label}: deadline failed`);
          return;
        }
        this.retryLater(gameId, attempt, error);
      },
    );
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return run;
  }

  /** Pick the game up again (`recover`) after the `attempt`-th backoff. */
  protected retryLater(gameId: string, attempt = 0, error?: unknown): void {
    if (this.closed || this.retries.has(gameId)) return;
    const wait = Math.min(this.retryMax, this.retryFirst * 2 ** attempt);
    logger.warn(
      { err: error, game: gameId, retryInMs: wait },
      `${this.label}: store unavailable at a deadline; trying again`,
    );
    const timer = this.setTimer(() => {
      this.retries.delete(gameId);
      void this.runDeadline(gameId, () => this.recover(gameId), attempt + 1);
    }, wait);
    this.retries.set(gameId, { timer, attempt });
  }

  /** Someone is using a game whose deadline is waiting on the store: try it now. */
  protected async retryNow(gameId: string): Promise<boolean> {
    const waiting = this.retries.get(gameId);
    if (!waiting) return false;
    this.clearTimer(waiting.timer);
    this.retries.delete(gameId);
    await this.runDeadline(gameId, () => this.recover(gameId), waiting.attempt + 1);
    return true;
  }

  /** Cancel step `idx`'s deadline and live count (it was revealed or closed). */
  protected disarm(gameId: string, idx: number): void {
    const k = key(gameId, idx);
    const timer = this.deadlines.get(k);
    if (timer !== undefined) this.clearTimer(timer);
    this.deadlines.delete(k);
    const live = this.throttles.get(k);
    if (live?.timer !== undefined) this.clearTimer(live.timer);
    this.throttles.delete(k);
  }

  /** Start counting for step `idx`: the message was just posted, so the next edit waits. */
  protected openCount(gameId: string, idx: number): void {
    this.throttles.set(key(gameId, idx), { last: this.now() });
  }

  /** Is step `idx` still taking answers (not disarmed)? */
  protected counting(gameId: string, idx: number): boolean {
    return this.throttles.has(key(gameId, idx));
  }

  /**
   * Throttled live-count edits: at most one per editInterval per message, queued with the
   * game's reveals so a late count never overwrites a revealed message.
   */
  protected scheduleCount(gameId: string, idx: number, edit: () => Promise<void>): void {
    if (this.closed) return;
    const k = key(gameId, idx);
    const state = this.throttles.get(k) ?? { last: 0 };
    this.throttles.set(k, state);
    if (state.timer !== undefined) return;
    const wait = Math.max(0, state.last + this.editInterval - this.now());
    state.timer = this.setTimer(() => {
      state.timer = undefined;
      state.last = this.now();
      const work = this.serial(gameId, edit).catch((error: unknown) =>
        logger.warn({ err: error, game: gameId, idx }, `${this.label}: live count edit failed`),
      );
      this.pending.add(work);
      void work.finally(() => this.pending.delete(work));
    }, wait);
  }
}

const key = (gameId: string, idx: number) => `${gameId}:${idx}`;

/** Ask the adapter, once it matters, whether this user moderates here; never throws. */
export async function isModerator(ctx: InteractionContext): Promise<boolean> {
  try {
    return (await ctx.isModerator?.()) === true;
  } catch {
    return false; // fail closed: only the starter may act
  }
}
