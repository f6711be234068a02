/**
 * Open the store: SQLite through Kysely, so another database can be added behind the same
 * queries by adding a dialect here. WAL lets readers (leaderboards) run while a writer
 * records answers; the busy timeout rides out a second process briefly holding the lock.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';
import { cacheStatements } from './statement-cache.js';

export const DEFAULT_DATABASE_PATH = 'data/scaling-tutor.sqlite';

export interface Store {
  readonly db: Kysely<Database>;
  /** The file path, or ':memory:'. */
  readonly location: string;
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

export async function openStore(url?: string): Promise<Store> {
  const location = parseDatabaseUrl(url);
  const memory = location === ':memory:';
  if (!memory) mkdirSync(dirname(resolve(location)), { recursive: true });
  const sqlite = new SQLite(location);
  try {
    if (!memory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    // WAL's recommended pairing: durable at checkpoints, far fewer fsyncs per answer.
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  cacheStatements(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
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
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
