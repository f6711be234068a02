/** The statement cache under Kysely: each SQL text prepared once, results unchanged. */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheStatements } from '../../src/store/statement-cache.js';

function counted() {
  const sqlite = new SQLite(join(mkdtempSync(join(tmpdir(), 'tutor-stmt-')), 'db.sqlite'));
  const prepared: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    prepared.push(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  return { sqlite, prepared };
}

describe('cacheStatements', () => {
  it('prepares each query once however often Kysely runs it', async () => {
    const { sqlite, prepared } = counted();
    cacheStatements(sqlite);
    const db = new Kysely<{ t: { id: number; v: string } }>({
      dialect: new SqliteDialect({ database: sqlite }),
    });
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`.execute(db);
    for (let i = 0; i < 5; i++)
      await db
        .insertInto('t')
        .values({ id: i, v: `v${i}` })
        .execute();
    const rows = [];
    for (let i = 0; i < 5; i++)
      rows.push(await db.selectFrom('t').select('v').where('id', '=', i).executeTakeFirst());
    expect(rows.map((r) => r?.v)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    const inserts = prepared.filter((s) => s.startsWith('insert'));
    const selects = prepared.filter((s) => s.startsWith('select'));
    expect([inserts.length, selects.length]).toEqual([1, 1]);
    await db.destroy();
  });

  it('gives a busy statement’s SQL a statement of its own, and drops the least recent', () => {
    const { sqlite, prepared } = counted();
    cacheStatements(sqlite, 2);
    sqlite.exec('CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (1), (2)');
    const q = 'SELECT id FROM t';
    const iterating = sqlite.prepare(q).iterate();
    iterating.next();
    // The cached statement is mid-iteration: a second use must not reuse it.
    expect(sqlite.prepare(q).all()).toEqual([{ id: 1 }, { id: 2 }]);
    iterating.return?.();
    sqlite.prepare('SELECT 1');
    sqlite.prepare('SELECT 2'); // evicts q
    const before = prepared.length;
    sqlite.prepare(q);
    expect(prepared.length).toBe(before + 1);
    sqlite.close();
  });
});
