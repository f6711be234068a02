/**
 * The SQLite file behind a Store, watched while the bot runs. Kysely prepares every query
 * through this object, so the connection underneath can be replaced without the engines
 * noticing:
 * - the file deleted (or replaced) while running: SQLite in WAL mode keeps writing to the
 *   unlinked inode and everything is lost at the next start. Before each write (outside a
 *   transaction) a stat compares the inode; on a change the store says it is unavailable and
 *   reopens, restoring a deleted file from the still-open connection's image.
 * - a WAL index (`-shm`) or directory that cannot be written: WAL would map an unwritable
 *   `-shm` (SIGBUS, or every write refused). Checked at every open: without it the file is
 *   opened without WAL, and a read-only directory with a read-only file is refused clearly.
 */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  fstatSync,
} from 'node:fs';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { cacheStatements } from './statement-cache.js';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { logger } from '../logger.js';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';

/** What must be writable for WAL: the file's directory, the file, its WAL index. */
export type WritableKind = 'directory' | 'database' | 'wal-index';
/** Throws (with the reason) when `path` cannot be written; a path that does not exist passes. */
export type WritableProbe = (path: string, kind: WritableKind) => void;

/** The real check: access(2) for the directory, opening for writing for the files. */
export const probeWritable: WritableProbe = (path, kind) => {
  if (kind === 'directory') return accessSync(path, constants.W_OK);
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r+'); // EISDIR, EACCES, EROFS...
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
  } finally {
    closeSync(fd);
  }
};

/** The store is down for now (the file went away; it is being reopened). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

export type Journal = 'wal' | 'delete' | 'memory';

export interface SqliteFileOptions {
  probe?: WritableProbe;
  /** Least time between two attempts to reopen a lost file (default 1 s). */
  reopenRetryMs?: number;
  /** How often an idle store looks at its file too, so a deletion is repaired before a restart (default 5 s; 0: never). */
  watchMs?: number;
}

const problem = (probe: WritableProbe, path: string, kind: WritableKind): string | undefined => {
  try {
    probe(path, kind);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

/** Open `path` with the journal its directory allows, logging when WAL is not possible. */
function openFile(
  path: string,
  probe: WritableProbe,
): { sqlite: SQLite.Database; journal: Journal } {
  const dir = dirname(resolve(path));
  mkdirSync(dir, { recursive: true });
  const dirProblem = problem(probe, dir, 'directory');
  const shmProblem = problem(probe, `${path}-shm`, 'wal-index');
  if (dirProblem) {
    const fileProblem = existsSync(path)
      ? problem(probe, path, 'database')
      : 'it does not exist and cannot be created';
    if (fileProblem) {
      throw Object.assign(
        new StoreUnavailableError(
          `the database directory ${dir} is read-only (${dirProblem}) and ${path} cannot be written (${fileProblem})`,
        ),
        { code: 'EROFS' },
      );
    }
  }
  const journal: Journal = dirProblem ? 'memory' : shmProblem ? 'delete' : 'wal';
  const sqlite = new SQLite(path);
  cacheStatements(sqlite);
  try {
    if (journal === 'wal') sqlite.pragma('journal_mode = WAL');
    else {
      // Exclusive locking keeps SQLite off the -shm file while it leaves WAL mode; then back
      // to normal locking, which a rollback journal needs no -shm for.
      sqlite.pragma('locking_mode = EXCLUSIVE');
      sqlite.pragma(`journal_mode = ${journal.toUpperCase()}`);
      sqlite.pragma('locking_mode = NORMAL');
      logger.warn(
        { path, directory: dirProblem, walIndex: shmProblem, journal },
        journal === 'memory'
          ? 'store: the database directory is read-only, so no journal file can be created: running with an in-memory journal (a crash during a write can corrupt the file)'
          : 'store: the WAL index (-shm) cannot be written: running without WAL (rollback journal)',
      );
    }
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    // WAL's recommended pairing: durable at checkpoints, far fewer fsyncs per answer.
    sqlite.pragma(`synchronous = ${journal === 'wal' ? 'NORMAL' : 'FULL'}`);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return { sqlite, journal };
}

const identityOf = (path: string) => {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? `${s.dev}:${s.ino}` : undefined;
};

const READS = /^\s*(select|pragma)\b/i;

export class SqliteFile implements SqliteDatabase {
  private current: SQLite.Database | undefined;
  private identity: string | undefined;
  /** The inodes of our own -wal and -shm once they exist, to clear only those on a loss. */
  private companions = new Map<string, string>();
  private image: Buffer | undefined;
  private reopening: Promise<void> | undefined;
  private nextAttemptAt = 0;
  private closed = false;
  private watch: NodeJS.Timeout | undefined;
  journal: Journal;
  private readonly probe: WritableProbe;
  private readonly retryMs: number;

  constructor(
    readonly path: string,
    options: SqliteFileOptions = {},
  ) {
    this.probe = options.probe ?? probeWritable;
    this.retryMs = options.reopenRetryMs ?? 1000;
    const { sqlite, journal } = openFile(path, this.probe);
    this.current = sqlite;
    this.journal = journal;
    this.identity = identityOf(path);
    const watchMs = options.watchMs ?? 5000;
    if (watchMs > 0) {
      this.watch = setInterval(() => this.check(), watchMs);
      this.watch.unref();
    }
  }

  /** Notice a deleted or replaced file now (without failing anything): the idle watch. */
  check(): void {
    const db = this.current;
    if (db && !db.inTransaction && identityOf(this.path) !== this.identity) this.lose(db);
  }

  prepare(sql: string): SqliteStatement {
    const db = this.current;
    if (!db) {
      this.reopenSoon();
      throw this.unavailable();
    }
    if (!db.inTransaction && !READS.test(sql)) {
      if (identityOf(this.path) !== this.identity) {
        this.lose(db);
        throw this.unavailable();
      }
      if (this.journal === 'wal' && this.companions.size < 2) this.noteCompanions();
    }
    return db.prepare(sql);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.watch);
    // Deleted since the last look: put it back first, or a restart would start empty.
    if (this.current && !existsSync(this.path)) this.lose(this.current);
    if (this.image) this.restore();
    this.current?.close();
    this.current = undefined;
  }

  /** Resolves once a reopen under way has finished (tests). */
  async settled(): Promise<void> {
    await this.reopening;
  }

  private noteCompanions(): void {
    for (const suffix of ['-wal', '-shm']) {
      const id = identityOf(`${this.path}${suffix}`);
      if (id && !this.companions.has(suffix)) this.companions.set(suffix, id);
    }
  }

  private unavailable(): StoreUnavailableError {
    return new StoreUnavailableError(
      `the database file ${this.path} was deleted or replaced while running; reopening it`,
    );
  }

  /** Keep what the lost file held (when it is gone, not replaced), then reopen. */
  private lose(db: SQLite.Database): void {
    const gone = !existsSync(this.path);
    logger.error(
      { path: this.path, gone },
      gone
        ? 'store: the database file was deleted while running; store unavailable, restoring it from the open connection'
        : 'store: the database file was replaced while running; store unavailable, reopening the new file',
    );
    this.current = undefined;
    if (gone) {
      try {
        this.image = db.serialize();
      } catch (error) {
        logger.error({ err: error }, 'store: could not copy the deleted database; starting empty');
      }
    }
    try {
      db.close();
    } catch (error) {
      logger.warn({ err: error }, 'store: closing the lost database failed');
    }
    // The lost file's WAL and index must not be read as the new file's (a replacement may
    // bring its own: only ours, by inode, are cleared).
    for (const suffix of ['-wal', '-shm', '-journal']) {
      const at = `${this.path}${suffix}`;
      if (!gone && identityOf(at) !== this.companions.get(suffix)) continue;
      try {
        rmSync(at, { force: true });
      } catch {
        // not a file (a directory where -shm should be): the open below checks it
      }
    }
    this.companions.clear();
    this.nextAttemptAt = 0;
    this.reopenSoon();
  }

  private reopenSoon(): void {
    if (this.closed || this.reopening || Date.now() < this.nextAttemptAt) return;
    this.nextAttemptAt = Date.now() + this.retryMs;
    const running = this.reopen().catch((error: unknown) =>
      logger.error(
        { err: error, retryInMs: this.retryMs },
        'store: could not reopen the database; still unavailable',
      ),
    );
    this.reopening = running.finally(() => (this.reopening = undefined));
  }

  /** Write the lost file's image back where it was (unless something else is there now). */
  private restore(): void {
    if (this.image && !existsSync(this.path)) {
      mkdirSync(dirname(resolve(this.path)), { recursive: true });
      const temp = `${this.path}.restore-${process.pid}`;
      writeFileSync(temp, this.image);
      renameSync(temp, this.path);
    }
    this.image = undefined;
  }

  private async reopen(): Promise<void> {
    this.restore();
    const { sqlite, journal } = openFile(this.path, this.probe);
    // Migrate through a Kysely of its own: the store's Kysely refuses queries until we swap.
    const borrowed = new Kysely<Database>({
      dialect: new SqliteDialect({ database: { prepare: (s) => sqlite.prepare(s), close() {} } }),
    });
    try {
      await migrate(borrowed);
    } catch (error) {
      sqlite.close();
      throw error;
    } finally {
      await borrowed.destroy();
    }
    if (this.closed) {
      sqlite.close();
      return;
    }
    this.current = sqlite;
    this.journal = journal;
    this.identity = identityOf(this.path);
    logger.warn({ path: this.path, journal }, 'store: the database is open again');
  }
}
