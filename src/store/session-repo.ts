/**
 * The one repository of sessions and their steps, for every kind of game (quiz rounds,
 * flashcard drills, solo practice, reviews, and the next modes). The kinds keep their own
 * inputs (answers, grades) in their own tables; everything the lifecycle needs is here.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { isPostgres } from './postgres.js';
import type { Database, SessionStepsTable, SessionsTable } from './schema.js';

/** A session as the kinds see it (the thread is the lifecycle's, read by `thread`). */
export type SessionRecord = Omit<Selectable<SessionsTable>, 'thread_id'>;
/**
 * A step as the kinds see it (the version is the lifecycle's, read by `version`); a hold is
 * set only by a phase change (`move`), so new steps need none.
 */
export type StepRecord = Omit<Selectable<SessionStepsTable>, 'version' | 'hold_until'> & {
  hold_until?: number | null;
};
export type Finished = 'finished' | 'stopped';

/** SQLite's "UNIQUE constraint failed" and PostgreSQL's unique_violation (23505). */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error &&
  (/UNIQUE constraint failed|PRIMARY KEY/i.test(error.message) ||
    (error as { code?: string }).code === '23505' ||
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY');

/** Rolls back a whilePhase transaction whose step moved on before its check. */
class Closed extends Error {}

export class SessionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Insert a session and its steps, or nothing (false: its channel's or person's slot is taken). */
  async create(session: SessionRecord, steps: StepRecord[]): Promise<boolean> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('sessions').values(session).execute();
        if (steps.length > 0) await trx.insertInto('session_steps').values(steps).execute();
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  get(kind: string, id: string): Promise<SessionRecord | undefined> {
    return this.sessions(kind).where('id', '=', id).executeTakeFirst();
  }

  /** The running session of `kind` in a channel (mode 'channel'). */
  runningInChannel(kind: string, platform: string, channelId: string) {
    return this.sessions(kind)
      .where('platform', '=', platform)
      .where('channel_id', '=', channelId)
      .where('mode', '=', 'channel')
      .where('status', '=', 'running')
      .executeTakeFirst();
  }

  /** A person's running private session of `kind` (solo practice, a review). */
  runningOf(kind: string, mode: string, platform: string, userId: string) {
    return this.sessions(kind)
      .where('platform', '=', platform)
      .where('starter_id', '=', userId)
      .where('mode', '=', mode)
      .where('status', '=', 'running')
      .executeTakeFirst();
  }

  running(kind: string, mode?: string): Promise<SessionRecord[]> {
    let q = this.sessions(kind).where('status', '=', 'running');
    if (mode) q = q.where('mode', '=', mode);
    return q.orderBy('created_at').execute();
  }

  /** End a session; false if it had already ended. */
  async finish(id: string, status: Finished, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ status, finished_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The thread a session plays in (null: its channel; undefined: no such session). */
  async thread(id: string): Promise<string | null | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select('thread_id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? row.thread_id : undefined;
  }

  /** The running channel sessions (of any kind) that play in thread `threadId`. */
  async runningInThread(platform: string, threadId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .select('id')
      .where('platform', '=', platform)
      .where('thread_id', '=', threadId)
      .where('status', '=', 'running')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Play the session in a thread from now on, or (null) back in its channel. */
  async setThread(id: string, threadId: string | null): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ thread_id: threadId })
      .where('id', '=', id)
      .execute();
  }

  step(id: string, idx: number, db: Kysely<Database> | Transaction<Database> = this.db) {
    return db
      .selectFrom('session_steps')
      .selectAll()
      .where('session_id', '=', id)
      .where('idx', '=', idx)
      .executeTakeFirst();
  }

  steps(id: string): Promise<StepRecord[]> {
    return this.db
      .selectFrom('session_steps')
      .selectAll()
      .where('session_id', '=', id)
      .orderBy('idx')
      .execute();
  }

  /** Open a pending step in `phase` with its deadline; the session now points at it. */
  async open(id: string, idx: number, phase: string, now: number, deadline: number | null) {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('session_steps')
        .set({ phase, posted_at: now, deadline_at: deadline, version: sql`version + 1` })
        .where('session_id', '=', id)
        .where('idx', '=', idx)
        .where('phase', '=', 'pending')
        .executeTakeFirst();
      await trx.updateTable('sessions').set({ current: idx }).where('id', '=', id).execute();
      return Number(r.numUpdatedRows) === 1;
    });
  }

  /**
   * Move a step from one of `from` to `to`, once: of a timer and a button racing, only the
   * one that flips it gets true. `patch` sets the times that go with the new phase.
   */
  async move(
    id: string,
    idx: number,
    from: readonly string[],
    to: string,
    patch: { revealed_at?: number; deadline_at?: number | null; hold_until?: number | null } = {},
    db: Kysely<Database> | Transaction<Database> = this.db,
  ): Promise<boolean> {
    const r = await db
      .updateTable('session_steps')
      .set({ phase: to, ...patch, version: sql`version + 1` })
      .where('session_id', '=', id)
      .where('idx', '=', idx)
      .where('phase', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The step's version (raised by every phase change), or undefined when there is no step. */
  async version(id: string, idx: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('session_steps')
      .select('version')
      .where('session_id', '=', id)
      .where('idx', '=', idx)
      .executeTakeFirst();
    return row?.version;
  }

  /**
   * Run `fn` (a live-count edit) only while the step still has `version`; false when it
   * changed. On PostgreSQL the step's row stays locked until `fn` is done, so a phase change
   * by another instance waits for the edit, and that instance's own edit comes after it. On
   * SQLite one process runs the step's work in order (the engine's queue).
   */
  async whileVersion(
    id: string,
    idx: number,
    version: number,
    fn: () => Promise<void>,
  ): Promise<boolean> {
    if (!isPostgres(this.db)) {
      if ((await this.version(id, idx)) !== version) return false;
      await fn();
      return true;
    }
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('session_steps')
        .select('version')
        .where('session_id', '=', id)
        .where('idx', '=', idx)
        .forUpdate()
        .executeTakeFirst();
      if (row?.version !== version) return false;
      await fn();
      return true;
    });
  }

  /**
   * Run `fn` (an input: a grade, a changed answer) in one transaction with step `idx`
   * still in one of `phases`; undefined (and rolled back) when it is not. On PostgreSQL the
   * step is held FOR SHARE until the commit: a phase change by another instance waits for
   * it (and then sees its rows), or this sees the new phase. `check` 'last' holds the step
   * only from the check to the commit, so a stream of inputs delays a phase change less; it
   * is for `fn`s that lock no row a phase change's transaction locks after the step (a quiz
   * reveal updates its answers: a changed answer checks first, in the reveal's order). On
   * SQLite a transaction holds the store's one connection: no phase change runs in between.
   */
  async whilePhase<T>(
    id: string,
    idx: number,
    phases: readonly string[],
    fn: (trx: Transaction<Database>) => Promise<T>,
    check: 'first' | 'last' = 'first',
  ): Promise<{ value: T } | undefined> {
    const inPhase = async (trx: Transaction<Database>) => {
      let q = trx
        .selectFrom('session_steps')
        .select('phase')
        .where('session_id', '=', id)
        .where('idx', '=', idx);
      if (isPostgres(this.db)) q = q.forShare();
      const row = await q.executeTakeFirst();
      return row !== undefined && phases.includes(row.phase);
    };
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (check === 'first' && !(await inPhase(trx))) return undefined;
        const value = await fn(trx);
        if (check === 'last' && !(await inPhase(trx))) throw new Closed();
        return { value };
      });
    } catch (error) {
      if (error instanceof Closed) return undefined;
      throw error;
    }
  }

  async setMessage(
    id: string,
    idx: number,
    ref: { platform: string; channelId: string; messageId: string },
  ): Promise<void> {
    await this.db
      .updateTable('session_steps')
      .set({
        message_platform: ref.platform,
        message_channel: ref.channelId,
        message_id: ref.messageId,
      })
      .where('session_id', '=', id)
      .where('idx', '=', idx)
      .execute();
  }

  /** Items shown lately in a channel by sessions of `kind`, newest first. */
  async recentItems(kind: string, platform: string, channelId: string, limit = 200) {
    const rows = await this.db
      .selectFrom('session_steps')
      .innerJoin('sessions', 'sessions.id', 'session_steps.session_id')
      .select('session_steps.item_id')
      .where('sessions.kind', '=', kind)
      .where('sessions.platform', '=', platform)
      .where('sessions.channel_id', '=', channelId)
      .orderBy('sessions.created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.item_id);
  }

  private sessions(kind: string) {
    return this.db.selectFrom('sessions').selectAll().where('kind', '=', kind);
  }
}
