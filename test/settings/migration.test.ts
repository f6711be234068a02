/** Migration 20 moves each server's flashcard retention into server_settings. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../src/store/index.js';
import { SettingsService } from '../../src/settings/service.js';

const dir = mkdtempSync(join(tmpdir(), 'migration-20-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('carries a version-3 file’s retention into the settings', async () => {
  const file = join(dir, 'old.sqlite');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the old schema
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
  for (const m of MIGRATIONS.filter((m) => m.version <= 3)) await m.up(db);
  await db.schema
    .createTable('schema_migrations')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('schema_migrations')
    .values([1, 2, 3].map((version) => ({ version, name: `v${version}`, applied_at: 1 })))
    .execute();
  await db
    .insertInto('flashcard_settings')
    .values({ platform: 'slack', server_id: 'T1', retention: 0.8, updated_by: 'U1', updated_at: 5 })
    .execute();
  await db.destroy();

  const store = await openStore(file);
  const settings = new SettingsService(store);
  expect((await settings.get('slack', 'T1')).retention).toBe(0.8);
  expect((await settings.get('slack', 'T2')).retention).toBe(0.9);
  const tables = await store.db.introspection.getTables();
  expect(tables.map((t) => t.name)).not.toContain('flashcard_settings');
  await store.close();
});
