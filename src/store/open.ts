/**
 * Open the store: SQLite through Kysely, so another database can be added behind the same
 * queries by adding a dialect here. WAL lets readers (leaderboards) run while a writer
 * records answers; the busy timeout rides out a second process briefly holding the lock.
 * The file itself is opened and watched by SqliteFile (deleted while running, no WAL index).
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';
import { SqliteFile, type SqliteFileOptions } from './sqlite-file.js';
import { cacheStatements } from './statement-cache.js';

export const DEFAULT_DATABASE_PATH = 'data/scaling-tutor.sqlite';

export interface Store {
  readonly db: Kysely<Database>;
  /** The file path, or ':memory:'. */
  readonly location: string;
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
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new StoreError(
      `DATABASE_URL: only SQLite is supported so far (got ${text.split(':')[0]}:)`,
    );
  }
  return text;
}

export type OpenOptions = SqliteFileOptions;

export async function openStore(url?: string, options: OpenOptions = {}): Promise<Store> {
  const location = parseDatabaseUrl(url);
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
    location,
    file: database instanceof SqliteFile ? database : undefined,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
