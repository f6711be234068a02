/**
 * PostgreSQL bodies for the released migrations whose raw SQL is SQLite's own (SQLite
 * databases keep running the originals). Schema-builder migrations need none: their types
 * are translated (src/store/postgres.ts). A new migration with raw SQL that differs between
 * the two adds its PostgreSQL body here under its version.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type Up = (db: Kysely<any>) => Promise<void>;

/** Migration 3 (sessions/session_steps), as src/store/migration-sessions.ts does it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function sessions(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE sessions (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, platform TEXT NOT NULL, server_id TEXT NOT NULL,
    channel_id TEXT NOT NULL, starter_id TEXT NOT NULL, starter_name TEXT NOT NULL,
    mode TEXT NOT NULL, status TEXT NOT NULL, count BIGINT NOT NULL, current BIGINT NOT NULL,
    settings TEXT NOT NULL, created_at BIGINT NOT NULL, finished_at BIGINT)`.execute(db);
  await sql`CREATE UNIQUE INDEX sessions_one_per_channel ON sessions (kind, platform, channel_id)
            WHERE status = 'running' AND mode = 'channel'`.execute(db);
  await sql`CREATE UNIQUE INDEX sessions_one_private_per_user ON sessions (kind, platform, starter_id)
            WHERE status = 'running' AND mode != 'channel'`.execute(db);
  await sql`CREATE INDEX sessions_running ON sessions (status, kind)`.execute(db);
  await sql`CREATE TABLE session_steps (
    session_id TEXT NOT NULL REFERENCES sessions (id), idx BIGINT NOT NULL,
    item_id TEXT NOT NULL, payload TEXT NOT NULL, phase TEXT NOT NULL,
    posted_at BIGINT, deadline_at BIGINT, revealed_at BIGINT,
    message_platform TEXT, message_channel TEXT, message_id TEXT,
    PRIMARY KEY (session_id, idx))`.execute(db);

  await sql`INSERT INTO sessions SELECT id, 'quiz', platform, server_id, channel_id, starter_id,
      starter_name, mode, status, count, current,
      json_build_object('seconds', seconds, 'topic', topic, 'difficulty', difficulty,
                        'source', source, 'seed', seed)::text,
      created_at, finished_at FROM rounds`.execute(db);
  await sql`INSERT INTO session_steps SELECT round_id, idx, question_id,
      json_build_object('q', payload, 'topic', topic, 'difficulty', difficulty,
                        'correct', correct)::text, status,
      posted_at, deadline_at, revealed_at, message_platform, message_channel, message_id
      FROM questions`.execute(db);
  const renamed = (column: string) =>
    sql.raw(
      `(CASE WHEN ${column} IN (SELECT id FROM rounds) THEN 'f-' || ${column} ELSE ${column} END)`,
    );
  await sql`INSERT INTO sessions SELECT ${renamed('id')}, 'flashcards', platform, server_id,
      channel_id, starter_id, starter_name, mode, status, count, current,
      json_build_object('tag', tag, 'seconds', seconds, 'grade_seconds', grade_seconds)::text,
      created_at, finished_at FROM flashcard_drills`.execute(db);
  await sql`INSERT INTO session_steps SELECT ${renamed('drill_id')}, idx, card_id, '{}', status,
      posted_at, deadline_at, revealed_at, message_platform, message_channel, message_id
      FROM flashcard_drill_cards`.execute(db);
  await sql`UPDATE flashcard_reviews SET drill_id = ${renamed('drill_id')}`.execute(db);

  // PostgreSQL can drop the foreign key in place (SQLite rebuilds the table).
  await sql`ALTER TABLE answers DROP CONSTRAINT answers_question`.execute(db);
  await sql`DROP TABLE questions`.execute(db);
  await sql`DROP TABLE rounds`.execute(db);
  await sql`DROP TABLE flashcard_drill_cards`.execute(db);
  await sql`DROP TABLE flashcard_drills`.execute(db);
}

/** Migration 20 (settings, member choices, removals): bigint times, json_build_object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function classroom(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE server_settings (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, settings TEXT NOT NULL,
    updated_by TEXT NOT NULL, updated_at BIGINT NOT NULL,
    PRIMARY KEY (platform, server_id))`.execute(db);
  await sql`INSERT INTO server_settings
    SELECT platform, server_id, json_build_object('retention', retention)::text, updated_by,
      updated_at FROM flashcard_settings`.execute(db);
  await sql`DROP TABLE flashcard_settings`.execute(db);
  await sql`CREATE TABLE member_prefs (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, user_id TEXT NOT NULL,
    board TEXT NOT NULL, nickname TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    PRIMARY KEY (platform, server_id, user_id))`.execute(db);
  await sql`CREATE TABLE server_removals (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, removed_at BIGINT NOT NULL,
    delete_at BIGINT NOT NULL, PRIMARY KEY (platform, server_id))`.execute(db);
}

/** Migrations 30–31 (study preferences, undo logs): bigint times. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function studyPrefs(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE study_prefs (
    platform TEXT NOT NULL, user_id TEXT NOT NULL, quiz_cards BIGINT NOT NULL,
    updated_at BIGINT NOT NULL, PRIMARY KEY (platform, user_id))`.execute(db);
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function undoLog(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE flashcard_undo (
    drill_id TEXT NOT NULL, idx BIGINT NOT NULL, user_id TEXT NOT NULL,
    log TEXT NOT NULL, was_new BIGINT NOT NULL, graded_at BIGINT NOT NULL,
    PRIMARY KEY (drill_id, idx, user_id))`.execute(db);
}

/** Migration 40 (course decks and items): bigint times. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function course(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE course_decks (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, name TEXT NOT NULL,
    format TEXT NOT NULL, questions BIGINT NOT NULL, cards BIGINT NOT NULL,
    imported_by TEXT NOT NULL, imported_at BIGINT NOT NULL,
    PRIMARY KEY (platform, server_id, name))`.execute(db);
  await sql`CREATE TABLE course_items (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, item_id TEXT NOT NULL,
    deck TEXT NOT NULL, kind TEXT NOT NULL, tags TEXT NOT NULL, position BIGINT NOT NULL,
    payload TEXT NOT NULL, updated_at BIGINT NOT NULL,
    PRIMARY KEY (platform, server_id, item_id))`.execute(db);
  await sql`CREATE INDEX course_items_deck ON course_items (platform, server_id, deck, position)`.execute(
    db,
  );
}

export const POSTGRES_BODIES: Readonly<Record<number, Up>> = {
  3: sessions,
  20: classroom,
  30: studyPrefs,
  31: undoLog,
  40: course,
};
