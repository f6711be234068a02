/**
 * Open the store: SQLite (the embedded default) or PostgreSQL (`DATABASE_URL=postgres://…`,
 * src/store/postgres.ts) behind the same Kysely queries. For SQLite, WAL lets readers (leaderboards) run while a writer
 * records answers; the busy timeout rides out a second process briefly holding the lock.
 * The file itself is opened and watched by SqliteFile (deleted while running, no WAL index).
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrate } from './migrations.js';
import { checkPostgresUrl, isPostgresUrl, redactUrl } from './database-url.js';
import { connectError, postgresDialect, postgresPool, type PostgresOptions } from './postgres.js';
import type { Database } from './schema.js';
import { SqliteFile, type SqliteFileOptions } from './sqlite-file.js';
import { cacheStatements } from './statement-cache.js';

export const DEFAULT_DATABASE_PATH = 'data/scaling-tutor.sqlite';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** The file path, ':memory:', or the PostgreSQL URL without its password. */
  readonly location: string;
  /** The PostgreSQL URL (for the job engine's own connections); absent for SQLite. */
  readonly postgresUrl?: string;
  /** The watched file (absent for ':memory:'). */
  readonly file?: SqliteFile;
  close(): Promise<void>;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/** `sqlite:PATH`, `sqlite://PATH`, a plain path, ':memory:', or undefined for the default file. */
export function parseDatabaseUrl(url: string | undefined): string {
  const text = url?.trim() ?? '';
  if (text === '') return DEFAULT_DATABASE_PATH;
  const m = /^sqlite:(?:\/\/)?(.*)$/i.exec(text);
  if (m) return m[1] === '' ? DEFAULT_DATABASE_PATH : m[1]!;
  if (isPostgresUrl(text)) {
    const wrong = checkPostgresUrl(text);
    if (wrong) throw new StoreError(`DATABASE_URL ${wrong}`);
    return text;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new StoreError(
      `DATABASE_URL: only sqlite: and postgres:// are supported (got ${text.split(':')[0]}:)`,
    );
  }
  return text;
}

export type OpenOptions = SqliteFileOptions & PostgresOptions;

export async function openStore(url?: string, options: OpenOptions = {}): Promise<Store> {
  const location = parseDatabaseUrl(url);
  if (isPostgresUrl(location)) return openPostgres(location, options);
  let database: SqliteDatabase;
  if (location === ':memory:') {
    const sqlite = new SQLite(location);
    cacheStatements(sqlite);
    sqlite.pragma('foreign_keys = ON');
    database = sqlite;
  } else {
    // Checks the WAL index and directory, and watches the file while running.
    database = new SqliteFile(location, options);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closed = false;
  return {
    db,
    dialect: 'sqlite',
    location,
    file: database instanceof SqliteFile ? database : undefined,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, options: PostgresOptions): Promise<Store> {
  const db = new Kysely<Database>({ dialect: postgresDialect(postgresPool(url, options)) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    // Refused credentials, an unknown host, a server that is down: one line, no password.
    throw new StoreError(connectError(url, error), { cause: error });
  }
  let closed = false;
  return {
    db,
    dialect: 'postgres',
    location: redactUrl(url),
    postgresUrl: url,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
