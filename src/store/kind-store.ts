/**
 * One kind's sessions and steps over the shared SessionRepo: the generic rows mapped to the
 * kind's own (a quiz round and its questions, a drill and its cards, a daily session and its
 * days). It is the engine's SessionStore (src/games/session-kind.ts) for every kind, so a kind
 * supplies only its name and row mapping, never the lifecycle plumbing.
 */
import type { SessionRow, SessionStore, StepRow } from '../games/session-kind.js';
import type { Finished, SessionRecord, SessionRepo, StepRecord } from './session-repo.js';

/** Where a step's message is (it is edited there). */
export interface MessageLocation {
  platform: string;
  channelId: string;
  messageId: string;
}

/** How a kind names its sessions and reads its rows from the shared tables. */
export interface KindRows<S, T> {
  kind: string;
  toSession(s: SessionRecord): S;
  toStep(st: StepRecord): T;
}

const mapped = <A, B>(row: A | undefined, f: (a: A) => B): B | undefined =>
  row === undefined ? undefined : f(row);

export class KindStore<S extends SessionRow, T extends StepRow> implements SessionStore<S, T> {
  constructor(
    readonly sessions: SessionRepo,
    private readonly rows: KindRows<S, T>,
  ) {}

  async get(id: string): Promise<S | undefined> {
    return mapped(await this.sessions.get(this.rows.kind, id), this.rows.toSession);
  }

  /** The running channel session of this kind in a channel. */
  async runningInChannel(platform: string, channelId: string): Promise<S | undefined> {
    const s = await this.sessions.runningInChannel(this.rows.kind, platform, channelId);
    return mapped(s, this.rows.toSession);
  }

  /** A person's running private session (solo practice, a review). */
  async runningOf(mode: string, platform: string, userId: string): Promise<S | undefined> {
    const s = await this.sessions.runningOf(this.rows.kind, mode, platform, userId);
    return mapped(s, this.rows.toSession);
  }

  async running(mode?: string): Promise<S[]> {
    return (await this.sessions.running(this.rows.kind, mode)).map(this.rows.toSession);
  }

  runningChannel(): Promise<S[]> {
    return this.running('channel');
  }

  async step(id: string, idx: number): Promise<T | undefined> {
    return mapped(await this.sessions.step(id, idx), this.rows.toStep);
  }

  async steps(id: string): Promise<T[]> {
    return (await this.sessions.steps(id)).map(this.rows.toStep);
  }

  async setMessage(id: string, idx: number, ref: MessageLocation): Promise<void> {
    await this.sessions.setMessage(id, idx, ref);
  }

  /** End a session; false if it had already ended. */
  finish(id: string, status: Finished, now: number): Promise<boolean> {
    return this.sessions.finish(id, status, now);
  }

  /** Items this kind showed lately in a channel, newest first. */
  recentItems(platform: string, channelId: string, limit?: number): Promise<string[]> {
    return this.sessions.recentItems(this.rows.kind, platform, channelId, limit);
  }
}
