/**
 * The channel-session lifecycle, written once for every kind of channel game (quiz rounds,
 * flashcard drills, and whatever comes next): one session per channel, post a step and keep
 * its message, arm and persist the deadline, move the step on, end with a summary, resume
 * after a restart, "already running" with a link, stop and reveal rights, the cross-channel
 * refusal and the deadline retry during a store outage. A `SessionKind` supplies only what
 * differs: what a session holds, its phases, its views and what an answer does.
 *
 * Every fact lives in the store; memory holds only timers (src/games/channel-game.ts).
 */
import { isDeliveryError, genericHint } from '../delivery.js';
import type { InteractionContext, MessageRef, Messenger, Platform } from '../interaction.js';
import { logger } from '../logger.js';
import { errorReply, type Reply } from '../reply.js';
import { isStoreFailure } from '../store/failure.js';
import { SessionRepo } from '../store/session-repo.js';
import { ChannelGame, type GameDeps, type GameRow } from './channel-game.js';
import type { SessionSettingsSource } from './session-settings.js';
import { SessionThreads } from './session-threads.js';

export type {
  Moved,
  Phase,
  SessionIO,
  SessionKind,
  SessionRow,
  SessionStatus,
  SessionStore,
  StepRow,
} from './session-kind.js';
export { phaseOf } from './session-kind.js';
import type {
  SessionIO,
  SessionStatus,
  SessionKind,
  SessionRow,
  SessionStore,
  StepRow,
} from './session-kind.js';

/** The private reply when a channel message could not be posted. */
export function couldNotPost(error: unknown, messenger: Messenger | undefined): string {
  if (isDeliveryError(error))
    return `I could not post in this channel, so nothing was started. ${messenger?.hint?.(error) ?? genericHint(error)}`;
  return 'I could not post in this channel. Check that I may send messages here.';
}

export class SessionEngine<S extends SessionRow, T extends StepRow> extends ChannelGame {
  readonly kind: SessionKind<S, T>;
  private readonly stepNoun: string;
  /** Step versions, so a live count made here never lands on a step moved on elsewhere. */
  private readonly versions?: SessionRepo;
  /** Where a session's messages go: its thread, or its channel (src/games/session-threads.ts). */
  private readonly threads: SessionThreads;
  private readonly settings?: SessionSettingsSource;

  /** `make` builds the kind with what the engine lends it (the clock, message edits). */
  constructor(
    deps: GameDeps,
    names: { label: string; noun: string; step: string },
    make: (io: SessionIO) => SessionKind<S, T>,
  ) {
    super(deps, names.label, names.noun);
    this.stepNoun = names.step;
    this.versions = deps.store && new SessionRepo(deps.store.db);
    this.settings = deps.sessionSettings;
    this.threads = new SessionThreads(this.versions, (s) => this.messengerFor(s), names);
    this.kind = make({
      now: () => this.now(),
      edit: (session, step, reply, droppable) => this.editStep(session, step, reply, droppable),
      say: async (session, reply) => {
        await this.threads.post(session, reply);
      },
    });
  }

  private get store(): SessionStore<S, T> {
    return this.kind.store;
  }

  /** Learn a platform's messenger from a context, and whether there is one to post with. */
  canPost(ctx: InteractionContext): boolean {
    this.remember(ctx);
    return this.messengers.has(ctx.platform);
  }

  /**
   * The session running in the context's channel (or in the thread the context is in, where
   * a thread is a channel of its own), after a stuck deadline was retried.
   */
  async running(ctx: InteractionContext): Promise<S | undefined> {
    const here = async () =>
      (await this.store.runningInChannel(ctx.platform, ctx.channel.id)) ??
      (await this.threads.runningIn(ctx.platform, ctx.channel.id, (id) => this.store.get(id)));
    const running = await here();
    if (running && (await this.retryNow(running.id))) return here();
    return running;
  }

  /**
   * Post the first step of a session `create` just stored (false: the channel's slot was
   * taken); the starter's private reply either way. `ctx.thread`: play it in a thread
   * (undefined: the server's `threads` setting), for kinds that name their thread.
   */
  async launch(
    ctx: InteractionContext & { thread?: boolean },
    create: () => Promise<S | undefined>,
  ): Promise<Reply> {
    const running = await this.running(ctx);
    if (running) return this.alreadyRunning(running);
    const thread = await this.wantsThread(ctx, ctx.thread);
    const session = await create();
    if (!session) {
      const other = await this.store.runningInChannel(ctx.platform, ctx.channel.id);
      return other
        ? this.alreadyRunning(other)
        : errorReply('Try again', `Could not start the ${this.noun}.`);
    }
    try {
      await this.serial(session.id, async () => {
        if (thread) await this.threads.open(session, thread(session), this.stepNoun);
        await this.ask(session, 0);
      });
    } catch (error) {
      // The store went down mid-start: the session carries on once it is back.
      if (isStoreFailure(error)) {
        this.retryLater(session.id, 0, error);
        throw error;
      }
      logger.error({ err: error, session: session.id }, `${this.label}: could not post`);
      await this.store.finish(session.id, 'stopped', this.now());
      return errorReply(
        `Could not post the ${this.stepNoun}`,
        couldNotPost(error, this.messengers.get(ctx.platform)),
      );
    }
    return this.kind.started(session);
  }

  /** The kind's thread namer when this start plays in a thread, else undefined. */
  private async wantsThread(
    ctx: InteractionContext,
    asked: boolean | undefined,
  ): Promise<((session: S) => string) | undefined> {
    const name = this.kind.threadName?.bind(this.kind);
    if (!name || asked === false) return undefined;
    if (asked) return name;
    if (!ctx.server || !this.settings) return undefined;
    return (await this.settings.forServer(ctx.platform, ctx.server.id)).threads ? name : undefined;
  }

  async alreadyRunning(session: S): Promise<Reply> {
    const step = await this.store.step(session.id, session.current);
    const link = await this.linkTo(session, step && refOf(step));
    const busy = this.kind.busy(session);
    const starter = (await this.kind.starterName?.(session)) ?? session.starter_name;
    const reply = errorReply(
      `A ${this.noun} is already running here`,
      `${starter} started ${busy.what}. ${link ? `Jump to it: ${link}` : busy.join}`,
    );
    reply.data = { [busy.key]: session.id, link };
    return reply;
  }

  /**
   * The shared prelude of a click on a channel session's button: the session must exist, be
   * in this channel, and be carried past a deadline the store failed. Then the step.
   */
  async clicked(
    id: string,
    idx: number,
    ctx: InteractionContext,
  ): Promise<{ session: S; step: T } | Reply> {
    this.remember(ctx);
    let session = await this.store.get(id);
    if (session) {
      // A click in the session's thread, where the thread is a channel of its own (Discord).
      const wrong =
        this.elsewhere(session, ctx) &&
        this.elsewhere(session, ctx, (await this.threads.of(session))?.threadId);
      if (wrong) return wrong;
      if (await this.retryNow(session.id)) session = await this.store.get(session.id);
    }
    const step = session ? await this.store.step(session.id, idx) : undefined;
    if (!session || !step) {
      return errorReply(
        `That ${this.noun} has ended`,
        `This message is no longer part of a running ${this.noun}.`,
      );
    }
    return { session, step };
  }

  /** A host's control (reveal, next): only the starter or a moderator; then move the step on. */
  async control(
    session: S,
    idx: number,
    control: string,
    ctx: InteractionContext,
    what: string,
  ): Promise<Reply | boolean> {
    const refused = await this.refusal(session, ctx, what);
    if (refused) return refused;
    return this.serial(session.id, () => this.moveOn(session.id, idx, control));
  }

  /** A refusal unless the user may steer the session (its starter or a moderator). */
  mayControl(session: S, ctx: InteractionContext, what: string): Promise<Reply | undefined> {
    return this.refusal(session, ctx, what);
  }

  /** Stop a session (the starter or a moderator): close the live step, post the summary. */
  async stop(session: S, ctx: InteractionContext): Promise<Reply | undefined> {
    const refused = await this.refusal(session, ctx, 'stop');
    if (refused) return refused;
    await this.serial(session.id, () => this.end(session.id, 'stopped'));
    return undefined;
  }

  /** Run `fn` in the session's queue (private sessions share it with their clicks). */
  queued<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.serial(id, fn);
  }

  /** An answer was stored: refresh the live count, throttled. */
  counted(session: S, idx: number): void {
    this.scheduleCount(session.id, idx, async () => {
      // Read before the view: the edit applies only if no phase change came in between,
      // from this instance or another (a reveal is never overwritten by a count).
      const version = await this.versions?.version(session.id, idx);
      const step = await this.store.step(session.id, idx);
      const view =
        step && this.counting(session.id, idx) && (await this.kind.liveView(session, idx));
      if (!step || !view || !this.counting(session.id, idx)) return;
      const edit = () => this.editStep(session, step, view, true);
      if (this.versions && version !== undefined)
        await this.versions.whileVersion(session.id, idx, version, edit);
      else await edit();
    });
  }

  /** Re-arm every running session from the store: after a restart, or at start-up. */
  async resume(): Promise<number> {
    let armed = 0;
    for (const session of await this.store.runningChannel()) {
      if (!this.messengers.has(session.platform as Platform)) {
        logger.warn(
          { session: session.id, platform: session.platform },
          `${this.label}: no messenger for a running session; stopping it`,
        );
        await this.store.finish(session.id, 'stopped', this.now());
        continue;
      }
      try {
        if (await this.serial(session.id, () => this.carryOn(session, true))) armed++;
      } catch (error) {
        if (!isStoreFailure(error)) throw error;
        this.retryLater(session.id, 0, error);
      }
    }
    return armed;
  }

  protected override async deadlineJob(id: string, idx: number, at: number): Promise<void> {
    const session = await this.store.get(id);
    if (session?.status !== 'running') return;
    const step = await this.store.step(id, idx);
    // A job for a deadline the step no longer has (re-armed, moved on) is stale.
    if (!step || dueAt(step) !== at || this.kind.phase(step) !== 'live') return;
    await this.moveOn(id, idx);
  }

  protected override async recover(id: string): Promise<void> {
    const session = await this.store.get(id);
    if (session?.status === 'running') await this.carryOn(session, false);
  }

  /**
   * Carry a running session on from the store: re-arm its live step's deadline, or act on it
   * when it has passed (`arm` false: now, so a failing store backs off), ask the next step.
   */
  private async carryOn(session: S, arm: boolean): Promise<boolean> {
    const step = await this.store.step(session.id, session.current);
    if (!step) return false;
    const phase = this.kind.phase(step);
    const due = dueAt(step);
    if (phase === 'live' && due !== null) {
      if (arm || due > this.now()) {
        if (!arm) await this.kind.redraw?.(session, step);
        this.armStep(session.id, step.idx, due);
      } else await this.moveOn(session.id, step.idx);
    } else if (phase === 'done') await this.advance(session.id, step.idx);
    else if (phase === 'pending') await this.ask(session, step.idx);
    return true;
  }

  /** Open step `idx`, post it, keep its message and arm its deadline. */
  private async ask(session: S, idx: number): Promise<void> {
    this.messengerFor(session); // no messenger for its platform: fail before opening the step
    const opened = await this.kind.open(session, idx);
    if (!opened) return;
    // Armed before posting: a process killed while posting leaves a deadline that fires.
    if (opened.deadline !== null) this.armStep(session.id, idx, opened.deadline);
    let ref: MessageRef;
    try {
      ref = await this.threads.post(session, opened.post);
    } catch (error) {
      this.disarm(session.id, idx); // the caller ends the session (or retries after an outage)
      throw error;
    }
    await this.store.setMessage(session.id, idx, ref);
    this.openCount(session.id, idx);
  }

  private armStep(id: string, idx: number, deadline: number): void {
    this.arm(id, idx, deadline, () => this.moveOn(id, idx));
  }

  /** Move step `idx` on (once); when it is done, ask the next step or end. */
  private async moveOn(id: string, idx: number, control?: string): Promise<boolean> {
    const session = await this.store.get(id);
    if (!session || session.status !== 'running') return false;
    const moved = await this.kind.move(session, idx, control);
    if (!moved) return false;
    this.disarm(id, idx);
    if (moved === 'done') {
      await this.advance(id, idx);
      return true;
    }
    if (moved.counting) this.openCount(id, idx);
    if (moved.deadline !== null) this.armStep(id, idx, moved.deadline);
    return true;
  }

  private async advance(id: string, idx: number): Promise<void> {
    const session = await this.store.get(id);
    if (!session || session.status !== 'running') return;
    if (idx + 1 >= session.count) return this.end(id, 'finished');
    try {
      await this.ask(session, idx + 1);
    } catch (error) {
      if (isStoreFailure(error)) throw error; // picked up again when the store is back
      // Without its message the session cannot go on; end it so the channel is free.
      logger.error({ err: error, session: id, idx: idx + 1 }, `${this.label}: could not post`);
      await this.end(id, 'stopped');
    }
  }

  /** End a session: close the live step, mark it over, post the summary. */
  private async end(id: string, status: Exclude<SessionStatus, 'running'>): Promise<void> {
    const session = await this.store.get(id);
    if (!session || session.status !== 'running') return;
    this.disarm(id, session.current);
    await this.kind.close(session, session.current);
    if (!(await this.store.finish(id, status, this.now()))) return;
    const summary = await this.kind.summary(session, status);
    try {
      // In a thread, the summary is also shown in the channel where the platform can (Slack).
      await this.threads.post(session, summary, true);
    } catch (error) {
      logger.error({ err: error, session: id }, `${this.label}: could not post the summary`);
    }
  }

  private async editStep(
    session: GameRow,
    step: StepRow,
    reply: Reply,
    droppable = false,
  ): Promise<void> {
    const ref = refOf(step);
    if (!ref) return;
    try {
      await this.messengerFor(session).edit(ref, reply, droppable ? { droppable } : undefined);
    } catch (error) {
      logger.warn({ err: error, session: session.id }, `${this.label}: could not edit a message`);
    }
  }
}

/** When a live step moves on: its hold's end (a reveal pause) if held, else its deadline. */
export const dueAt = (step: StepRow): number | null => step.hold_until ?? step.deadline_at;

export function refOf(step: StepRow): MessageRef | undefined {
  if (!step.message_id || !step.message_platform || !step.message_channel) return undefined;
  return {
    platform: step.message_platform as Platform,
    channelId: step.message_channel,
    messageId: step.message_id,
  };
}

export const info = (title: string, summary: string): Reply => ({
  title,
  summary,
  visibility: 'private',
  tone: 'info',
});
