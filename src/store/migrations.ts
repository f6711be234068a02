/**
 * Versioned schema changes, applied in order on open. Each runs in its own transaction with
 * the row that records it, so a crash leaves either the old schema or the new one. Never
 * edit a released migration: add the next version.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface Migration {
  version: number;
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
  up(db: Kysely<any>): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'quiz rounds, questions and answers',
    async up(db) {
      await db.schema
        .createTable('rounds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('server_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('starter_id', 'text', (c) => c.notNull())
        .addColumn('starter_name', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('seconds', 'integer', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('topic', 'text')
        .addColumn('difficulty', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('seed', 'integer', (c) => c.notNull())
        .addColumn('current', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('finished_at', 'integer')
        .execute();
      // One running round per channel, and one solo round per person, enforced by the database
      // so two /quiz commands racing each other cannot both win.
      await sql`CREATE UNIQUE INDEX rounds_one_per_channel ON rounds (platform, channel_id)
                WHERE status = 'running' AND mode = 'channel'`.execute(db);
      await sql`CREATE UNIQUE INDEX rounds_one_solo_per_user ON rounds (platform, starter_id)
                WHERE status = 'running' AND mode = 'solo'`.execute(db);
      await db.schema.createIndex('rounds_status').on('rounds').column('status').execute();

      await db.schema
        .createTable('questions')
        .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('difficulty', 'text', (c) => c.notNull())
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('posted_at', 'integer')
        .addColumn('deadline_at', 'integer')
        .addColumn('revealed_at', 'integer')
        .addColumn('message_platform', 'text')
        .addColumn('message_channel', 'text')
        .addColumn('message_id', 'text')
        .addPrimaryKeyConstraint('questions_pk', ['round_id', 'idx'])
        .execute();

      await db.schema
        .createTable('answers')
        .addColumn('round_id', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('choice', 'integer', (c) => c.notNull())
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('answered_at', 'integer', (c) => c.notNull())
        .addColumn('points', 'integer')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('server_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('ranked', 'integer', (c) => c.notNull())
        // The unique key that makes "each member's first click counts" hold under any race.
        .addPrimaryKeyConstraint('answers_pk', ['round_id', 'idx', 'user_id'])
        .addForeignKeyConstraint('answers_question', ['round_id', 'idx'], 'questions', [
          'round_id',
          'idx',
        ])
        .execute();
      await db.schema
        .createIndex('answers_board')
        .on('answers')
        .columns(['platform', 'server_id', 'channel_id', 'answered_at'])
        .execute();
      await db.schema
        .createIndex('answers_user')
        .on('answers')
        .columns(['platform', 'user_id'])
        .execute();
    },
  },
];

/** Apply every migration newer than the database; returns the versions applied. */
export async function migrate(db: Kysely<Database>): Promise<number[]> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'integer', (c) => c.notNull())
    .execute();
  const row = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  const current = Number(row?.v ?? 0);
  const applied: number[] = [];
  for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    await db.transaction().execute(async (trx) => {
      await m.up(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, applied_at: Date.now() })
        .execute();
    });
    applied.push(m.version);
  }
  return applied;
}

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
