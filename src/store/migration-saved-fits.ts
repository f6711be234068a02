/**
 * Migration 60: scaling-law fits a server's TAs saved from /fit under a name (issue 20), so
 * `fit:<name>` works in every command. One row per server and name; a re-save replaces it.
 */
import type { Kysely } from 'kysely';
import type { Migration } from './migrations.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saved_fits')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('e', 'real', (c) => c.notNull())
    .addColumn('a', 'real', (c) => c.notNull())
    .addColumn('b', 'real', (c) => c.notNull())
    .addColumn('alpha', 'real', (c) => c.notNull())
    .addColumn('beta', 'real', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('saved_fits_pk', ['platform', 'server_id', 'name'])
    .execute();
}

export const savedFitsMigration: Migration = { version: 60, name: 'saved fits per server', up };
