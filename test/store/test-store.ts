/**
 * The store a test runs on: SQLite in memory, or — in vitest's `postgres` project, which runs
 * the store, quiz, flashcard and session tests again when TEST_DATABASE_URL is set — a fresh
 * schema of its own on that PostgreSQL, dropped on close.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
export const ON_POSTGRES = process.env.TEST_STORE === 'postgres' && POSTGRES_URL !== undefined;

/** A fresh, empty, migrated store of the dialect this run tests. */
export function openTestStore(): Promise<Store> {
  return ON_POSTGRES ? freshPostgres() : openStore(':memory:');
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A URL whose connections use a new empty schema; `drop` removes it. */
export async function freshSchemaUrl(url = POSTGRES_URL!) {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await admin(url, (c) => c.query(`CREATE SCHEMA ${schema}`));
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  let dropped: Promise<unknown> | undefined;
  return {
    url: u.toString(),
    drop: () => (dropped ??= admin(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))),
  };
}

/** A new empty database (for job engines, which keep their own schema); `drop` removes it. */
export async function freshDatabaseUrl(url = POSTGRES_URL!) {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(url, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(url);
  u.pathname = `/${name}`;
  let dropped: Promise<unknown> | undefined;
  return {
    url: u.toString(),
    drop: () =>
      (dropped ??= admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

export async function freshPostgres(): Promise<Store> {
  const { url, drop } = await freshSchemaUrl();
  const store = await openStore(url, { max: 4 });
  return {
    ...store,
    async close() {
      await store.close();
      await drop();
    },
  };
}
