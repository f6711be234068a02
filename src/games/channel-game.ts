/**
 * What every channel game (quiz rounds, flashcard drills) needs besides its own rules: the
 * platforms' messengers, deadline timers that can be injected for tests, one queue per game
 * so timers, buttons and commands never race, and throttled "N answered" edits.
 * All game state lives in the store; this only holds timers and in-flight work.
 */
import type { InteractionContext, MessageRef, Messenger, Platform } from '../interaction.js';
import { logger } from '../logger.js';
import { errorReply, type Reply } from '../reply.js';

export type TimerHandle = unknown;

export interface GameDeps {
  messengers?: Partial<Record<Platform, Messenger>>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => TimerHandle;
  clearTimer?: (handle: TimerHandle) => void;
  /** Least time between two live-count edits of one message (rate limits). */
  editIntervalMs?: number;
}

/** The columns of a game row the shared helpers read. */
export interface GameRow {
  id: string;
  platform: string;
  starter_id: string;
  starter_name: string;
}

export abstract class ChannelGame {
  protected readonly messengers = new Map<Platform, Messenger>();
  protected readonly now: () => number;
  protected readonly setTimer: (fn: () => void, ms: number) => TimerHandle;
  protected readonly clearTimer: (handle: TimerHandle) => void;
  protected readonly editInterval: number;
  protected closed = false;
  private readonly deadlines = new Map<string, TimerHandle>();
  private readonly throttles = new Map<string, { last: number; timer?: TimerHandle }>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<Promise<unknown>>();

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
  }

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

  /** Edit a message, logging rather than failing: a missed edit must not stop the game. */
  protected async safeEdit(game: GameRow, ref: MessageRef, reply: Reply): Promise<void> {
    try {
      await this.messengerFor(game).edit(ref, reply);
    } catch (error) {
      logger.warn({ err: error, game: game.id }, `${this.label}: could not edit a message`);
    }
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

  /** A refusal when the user may not do `what` (only the starter or a moderator may). */
  protected refusal(game: GameRow, ctx: InteractionContext, what: string): Reply | undefined {
    if (ctx.user.id === game.starter_id || ctx.isModerator === true) return undefined;
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
    const k = key(gameId, idx);
    const old = this.deadlines.get(k);
    if (old !== undefined) this.clearTimer(old);
    const fire = () => {
      this.deadlines.delete(k);
      this.serial(gameId, onDeadline).catch((error: unknown) =>
        logger.error({ err: error, game: gameId, idx }, `${this.label}: deadline failed`),
      );
    };
    this.deadlines.set(k, this.setTimer(fire, Math.max(0, deadline - this.now())));
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
