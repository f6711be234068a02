/**
 * Migration 70: the number a member typed for a numeric question (issue 15), kept beside the
 * answer so reveals, `/course stats` and exports can show it after a restart. Null for
 * letter answers. A schema-builder change: PostgreSQL gets `double precision` through the
 * type translation in src/store/postgres.ts, so it needs no body of its own.
 */
import type { Kysely } from 'kysely';
import type { Migration } from './migrations.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('answers').addColumn('value', 'real').execute();
}

export const typedAnswersMigration: Migration = {
  version: 70,
  name: 'answers.value: the number typed for a numeric question',
  up,
};
