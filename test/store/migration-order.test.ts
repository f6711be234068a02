// Migrations are numbered in blocks per feature; a database that already has a later block
// must still get an earlier one released after it (it used to apply only versions above the
// highest recorded).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../../src/store/index.js';

let dir: string | undefined;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('applies a missing earlier migration when later ones are already recorded', async () => {
  dir = mkdtempSync(join(tmpdir(), 'migration-order-'));
  store = await openStore(join(dir, 'db.sqlite'));
  // As if version 30 had been released after 31, 40 and 50 reached this database.
  await sql`DROP TABLE study_prefs`.execute(store.db);
  await sql`DELETE FROM schema_migrations WHERE version = 30`.execute(store.db);
  expect(await migrate(store.db)).toEqual([30]);
  const tables = await sql<{
    name: string;
  }>`SELECT name FROM sqlite_master WHERE name = 'study_prefs'`.execute(store.db);
  expect(tables.rows).toHaveLength(1);
  expect(await migrate(store.db)).toEqual([]);
});
