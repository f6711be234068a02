/**
 * What happens to a server's data when the bot leaves it: adapters report removals and
 * returns (`AdapterDeps.lifecycle`), the data of a server removed longer ago than the grace
 * period is deleted by a sweep, and a return before then cancels it. A TA can also delete the
 * server's data at once (/settings delete-data). The clock and the timer are injectable.
 */
import type { Kysely } from 'kysely';
import type { ServerLifecycle } from '../adapters/contract.js';
import { logger } from '../logger.js';
import type { Database } from '../store/schema.js';
import { SettingsRepo } from '../store/settings-repo.js';

export const DEFAULT_GRACE_DAYS = 7;
/** How often removed servers are checked (a deletion happens within this after its time). */
export const SWEEP_EVERY_MS = 60 * 60_000;

/** Delete every row of one server; returns how many. Members' own schedules stay theirs. */
export async function deleteServerData(
  db: Kysely<Database>,
  platform: string,
  serverId: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let total = 0;
    const sessions = trx
      .selectFrom('sessions')
      .select('id')
      .where('platform', '=', platform)
      .where('server_id', '=', serverId);
    const steps = await trx
      .deleteFrom('session_steps')
      .where('session_id', 'in', sessions)
      .executeTakeFirst();
    total += Number(steps.numDeletedRows);
    for (const table of [
      'answers',
      'flashcard_reviews',
      'sessions',
      'server_settings',
      'member_prefs',
      'course_items',
      'course_decks',
      'saved_fits',
      'server_removals',
    ] as const) {
      const r = await trx
        .deleteFrom(table)
        .where('platform', '=', platform)
        .where('server_id', '=', serverId)
        .executeTakeFirst();
      total += Number(r.numDeletedRows);
    }
    return total;
  });
}

export interface LifecycleOptions {
  /** The store's database, or a function that finds it (undefined while the store is down). */
  db: () => Promise<Kysely<Database> | undefined>;
  graceMs: number;
  now?: () => number;
  /** Called with the server whose data was deleted (the settings cache forgets it). */
  deleted?: (platform: string, serverId: string) => void;
}

export class ServerDataLifecycle implements ServerLifecycle {
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Removals reported while the store was down, recorded (with their own time) once it is back. */
  private readonly pending = new Map<string, { platform: string; serverId: string; at: number }>();

  constructor(private readonly options: LifecycleOptions) {
    this.now = options.now ?? Date.now;
  }

  async removed(platform: string, serverId: string): Promise<void> {
    const now = this.now();
    const db = await this.options.db();
    if (!db) {
      this.pending.set(`${platform}\u0000${serverId}`, { platform, serverId, at: now });
      logger.warn(
        { platform, serverId },
        'bot removed from a server while the store is down: recorded when it is back',
      );
      return;
    }
    await this.record(db, platform, serverId, now);
  }

  private async record(db: Kysely<Database>, platform: string, serverId: string, at: number) {
    await new SettingsRepo(db).markRemoved(platform, serverId, at, at + this.options.graceMs);
    logger.info(
      { platform, serverId, graceMs: this.options.graceMs },
      'server data scheduled for deletion',
    );
  }

  async returned(platform: string, serverId: string): Promise<void> {
    this.pending.delete(`${platform}\u0000${serverId}`);
    const db = await this.options.db();
    if (!db) return;
    if (await new SettingsRepo(db).unmarkRemoved(platform, serverId))
      logger.info({ platform, serverId }, 'bot is back: the server data deletion is cancelled');
  }

  /** Delete the data of every server whose grace period is over; returns how many servers. */
  async sweep(): Promise<number> {
    const db = await this.options.db();
    if (!db) return 0;
    for (const [key, p] of this.pending) {
      await this.record(db, p.platform, p.serverId, p.at);
      this.pending.delete(key);
    }
    const due = await new SettingsRepo(db).dueRemovals(this.now());
    for (const r of due) {
      const rows = await deleteServerData(db, r.platform, r.server_id);
      this.options.deleted?.(r.platform, r.server_id);
      logger.info({ platform: r.platform, serverId: r.server_id, rows }, 'server data deleted');
    }
    return due.length;
  }

  /** Sweep now and then every `everyMs` (unref'd: it never keeps the process alive). */
  start(everyMs = SWEEP_EVERY_MS): void {
    const run = () =>
      void this.sweep().catch((error: unknown) =>
        logger.error({ err: error }, 'server data sweep failed'),
      );
    run();
    this.timer = setInterval(run, everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
