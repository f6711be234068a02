/**
 * Versioned schema changes, applied in order on open. Each runs in its own transaction with
 * the row that records it, so a crash leaves either the old schema or the new one. Never
 * edit a released migration: add the next version.
 */
import { sql, type Kysely } from 'kysely';
import { classroomMigration } from './migration-classroom.js';
import { courseMigration } from './migration-course.js';
import { savedFitsMigration } from './migration-saved-fits.js';
import { sessionsMigration } from './migration-sessions.js';
import { sessionThreadMigration } from './migration-session-thread.js';
import { stepHoldMigration } from './migration-step-hold.js';
import { studyMigrations } from './migration-study.js';
import { stepVersionMigration } from './migration-step-version.js';
import { typedAnswersMigration } from './migration-typed-answers.js';
import { POSTGRES_BODIES } from './migrations-postgres.js';
import { isPostgres, postgresTypes } from './postgres.js';
import type { Database } from './schema.js';
import { SLACK_INSTALLATIONS_MIGRATION } from './slack-installations.js';

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
  {
    version: 2,
    name: 'flashcards: card states, review log, drills and per-server settings',
    async up(db) {
      // One spaced-repetition schedule per person and card (ts-fsrs's Card, times in ms).
      await db.schema
        .createTable('flashcard_states')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('card_id', 'text', (c) => c.notNull())
        .addColumn('due', 'integer', (c) => c.notNull())
        .addColumn('stability', 'real', (c) => c.notNull())
        .addColumn('difficulty', 'real', (c) => c.notNull())
        .addColumn('elapsed_days', 'integer', (c) => c.notNull())
        .addColumn('scheduled_days', 'integer', (c) => c.notNull())
        .addColumn('learning_steps', 'integer', (c) => c.notNull())
        .addColumn('reps', 'integer', (c) => c.notNull())
        .addColumn('lapses', 'integer', (c) => c.notNull())
        .addColumn('state', 'integer', (c) => c.notNull())
        .addColumn('last_review', 'integer')
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('flashcard_states_pk', ['platform', 'user_id', 'card_id'])
        .execute();
      await db.schema
        .createIndex('flashcard_states_due')
        .on('flashcard_states')
        .columns(['platform', 'user_id', 'due'])
        .execute();

      // Channel drills and private review sessions: the same life, one table.
      await db.schema
        .createTable('flashcard_drills')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('server_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('starter_id', 'text', (c) => c.notNull())
        .addColumn('starter_name', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('tag', 'text')
        .addColumn('seconds', 'integer', (c) => c.notNull())
        .addColumn('grade_seconds', 'integer', (c) => c.notNull())
        .addColumn('current', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('finished_at', 'integer')
        .execute();
      // One drill per channel and one review session per person, held by the database.
      await sql`CREATE UNIQUE INDEX flashcard_drills_one_per_channel
                ON flashcard_drills (platform, channel_id)
                WHERE status = 'running' AND mode = 'channel'`.execute(db);
      await sql`CREATE UNIQUE INDEX flashcard_drills_one_review_per_user
                ON flashcard_drills (platform, starter_id)
                WHERE status = 'running' AND mode = 'review'`.execute(db);
      await db.schema
        .createIndex('flashcard_drills_status')
        .on('flashcard_drills')
        .column('status')
        .execute();

      await db.schema
        .createTable('flashcard_drill_cards')
        .addColumn('drill_id', 'text', (c) => c.notNull().references('flashcard_drills.id'))
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('card_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('posted_at', 'integer')
        .addColumn('deadline_at', 'integer')
        .addColumn('revealed_at', 'integer')
        .addColumn('message_platform', 'text')
        .addColumn('message_channel', 'text')
        .addColumn('message_id', 'text')
        .addPrimaryKeyConstraint('flashcard_drill_cards_pk', ['drill_id', 'idx'])
        .execute();

      // The review log: one row per grade. Its key makes "one grade per member per card" hold
      // under any race (double clicks, two processes).
      await db.schema
        .createTable('flashcard_reviews')
        .addColumn('drill_id', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('server_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('card_id', 'text', (c) => c.notNull())
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('state', 'integer', (c) => c.notNull())
        .addColumn('due', 'integer', (c) => c.notNull())
        .addColumn('stability', 'real', (c) => c.notNull())
        .addColumn('difficulty', 'real', (c) => c.notNull())
        .addColumn('elapsed_days', 'integer', (c) => c.notNull())
        .addColumn('last_elapsed_days', 'integer', (c) => c.notNull())
        .addColumn('scheduled_days', 'integer', (c) => c.notNull())
        .addColumn('learning_steps', 'integer', (c) => c.notNull())
        .addColumn('retention', 'real', (c) => c.notNull())
        .addColumn('reviewed_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('flashcard_reviews_pk', ['drill_id', 'idx', 'user_id'])
        .execute();
      await db.schema
        .createIndex('flashcard_reviews_user')
        .on('flashcard_reviews')
        .columns(['platform', 'user_id', 'reviewed_at'])
        .execute();
      await db.schema
        .createIndex('flashcard_reviews_channel')
        .on('flashcard_reviews')
        .columns(['platform', 'channel_id', 'reviewed_at'])
        .execute();

      await db.schema
        .createTable('flashcard_settings')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('server_id', 'text', (c) => c.notNull())
        .addColumn('retention', 'real', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('flashcard_settings_pk', ['platform', 'server_id'])
        .execute();
    },
  },
  sessionsMigration,
  SLACK_INSTALLATIONS_MIGRATION,
  classroomMigration,
  ...studyMigrations,
  courseMigration,
  stepVersionMigration,
  savedFitsMigration,
  typedAnswersMigration,
  sessionThreadMigration,
  stepHoldMigration,
];

/**
 * Apply every migration newer than the database; returns the versions applied. On
 * PostgreSQL all of them run in one transaction that first takes an advisory lock, so two
 * instances starting at once apply each migration once (the second waits, then finds none).
 */
export async function migrate(db: Kysely<Database>): Promise<number[]> {
  if (!isPostgres(db)) return applyMigrations(db, (fn) => db.transaction().execute(fn), false);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    // Already inside the one transaction: each migration runs in it directly.
    return applyMigrations(trx.withPlugin(postgresTypes), (fn) => fn(trx), true);
  });
}

/** The advisory lock key migrations hold on PostgreSQL ("scaltut" in ASCII). */
const MIGRATION_LOCK = 0x7363616c747574;

async function applyMigrations(
  db: Kysely<Database>,
  inTransaction: (fn: (trx: Kysely<Database>) => Promise<void>) => Promise<void>,
  postgres: boolean,
): Promise<number[]> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'integer', (c) => c.notNull())
    .execute();
  // Every migration not yet recorded, in version order: versions are numbered in blocks per
  // feature, so a database may hold a later block before an earlier one was released.
  const done = new Set(
    (await db.selectFrom('schema_migrations').select('version').execute()).map((r) =>
      Number(r.version),
    ),
  );
  const applied: number[] = [];
  for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    const up = (postgres && POSTGRES_BODIES[m.version]) || m.up;
    await inTransaction(async (trx) => {
      const target = postgres ? trx.withPlugin(postgresTypes) : trx;
      await up(target);
      await target
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, applied_at: Date.now() })
        .execute();
    });
    applied.push(m.version);
  }
  return applied;
}

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
