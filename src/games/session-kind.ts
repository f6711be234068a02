/**
 * What a kind of channel session supplies to the lifecycle in session.ts (quiz rounds, drills,
 * host-paced rounds, the daily question), and the rows and store view the lifecycle reads.
 */
import type { MessageRef } from '../interaction.js';
import type { Reply } from '../reply.js';
import type { GameRow } from './channel-game.js';

export type SessionStatus = 'running' | 'finished' | 'stopped';

/** The columns the lifecycle reads from a session. */
export interface SessionRow extends GameRow {
  status: SessionStatus;
  count: number;
  /** The step being shown (or last shown). */
  current: number;
}

/** The columns the lifecycle reads from a step. */
export interface StepRow {
  idx: number;
  deadline_at: number | null;
  /** A hold after the phase (a reveal pause): when set, the step is due then, not at deadline_at. */
  hold_until?: number | null;
  message_platform: string | null;
  message_channel: string | null;
  message_id: string | null;
}

/** Where a kind keeps its sessions and steps. */
export interface SessionStore<S extends SessionRow, T extends StepRow> {
  get(id: string): Promise<S | undefined>;
  runningInChannel(platform: string, channelId: string): Promise<S | undefined>;
  /** Every running channel session (to resume after a restart). */
  runningChannel(): Promise<S[]>;
  step(id: string, idx: number): Promise<T | undefined>;
  setMessage(id: string, idx: number, ref: MessageRef): Promise<void>;
  /** Mark the session over, once; false when it already was. */
  finish(id: string, status: Exclude<SessionStatus, 'running'>, now: number): Promise<boolean>;
}

/** A step's phase as the lifecycle sees it. */
export type Phase = 'pending' | 'live' | 'done';

/** A kind's step status as a phase: one of `live`, `done`, or else pending. */
export const phaseOf = (status: string, live: readonly string[], done: string): Phase =>
  live.includes(status) ? 'live' : status === done ? 'done' : 'pending';

/** What moving a step on did: a new live phase with its deadline, the step is over, or nothing. */
export type Moved = { deadline: number | null; counting?: boolean } | 'done' | undefined;

/** What the engine lends a kind: the clock and safe message edits. */
export interface SessionIO {
  now(): number;
  /** Edit a step's message; `droppable` marks a live-count-only edit a platform may skip. */
  edit(session: GameRow, step: StepRow, reply: Reply, droppable?: boolean): Promise<void>;
  /** Post an extra message to the session's channel (a host showing an earlier step again). */
  say(session: GameRow, reply: Reply): Promise<void>;
}

export interface SessionKind<S extends SessionRow, T extends StepRow> {
  readonly store: SessionStore<S, T>;
  phase(step: T): Phase;
  /** Open step `idx` (store its live phase and deadline); the message to post, or undefined. */
  open(session: S, idx: number): Promise<{ post: Reply; deadline: number | null } | undefined>;
  /**
   * Move a live step on (its deadline passed, or the host clicked `control`): to another live
   * phase, or to done. Edits the step's message. Undefined when it had already moved.
   */
  move(session: S, idx: number, control?: string): Promise<Moved>;
  /** Close the live step at once (the session is stopping). */
  close(session: S, idx: number): Promise<void>;
  /** After a restart or an outage, show a live step as the store has it (optional). */
  redraw?(session: S, step: T): Promise<void>;
  /** The live view with its current count, or undefined when the step is no longer live. */
  liveView(session: S, idx: number): Promise<Reply | undefined>;
  summary(session: S, status: Exclude<SessionStatus, 'running'>): Promise<Reply>;
  /** The private reply to the starter once the first step is up. */
  started(session: S): Reply | Promise<Reply>;
  /**
   * For "already running": what runs ("a quiz in this channel (question 2 of 5)"), how to
   * join it without a link, and the key the reply's data names the session by ("roundId").
   */
  busy(session: S): { what: string; join: string; key: string };
  /** The starter's name as others may see it (leaderboard mode); absent: the stored name. */
  starterName?(session: S): Promise<string>;
  /**
   * The name of the thread the session may play in ("Quiz · scaling laws · 5 questions").
   * A kind with one follows `thread:` and the server's `threads` setting; one without (the
   * daily question) always plays in its channel.
   */
  threadName?(session: S): string;
}
