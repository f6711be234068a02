/**
 * Migration 3: quiz rounds and flashcard drills move into one pair of tables, `sessions` and
 * `session_steps`, which the shared session lifecycle (src/games/session.ts) reads. Every
 * row is carried over — running rounds and drills keep their deadlines and message refs, so
 * they resume after the upgrade — and the kinds' own columns go into JSON settings/payload.
 * `answers` is rebuilt without its foreign key to the old `questions` table.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from './migrations.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE sessions (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, platform TEXT NOT NULL, server_id TEXT NOT NULL,
    channel_id TEXT NOT NULL, starter_id TEXT NOT NULL, starter_name TEXT NOT NULL,
    mode TEXT NOT NULL, status TEXT NOT NULL, count INTEGER NOT NULL, current INTEGER NOT NULL,
    settings TEXT NOT NULL, created_at INTEGER NOT NULL, finished_at INTEGER)`.execute(db);
  // One running channel session per kind and channel, one private one per kind and person:
  // enforced by the database, so two starts racing each other cannot both win.
  await sql`CREATE UNIQUE INDEX sessions_one_per_channel ON sessions (kind, platform, channel_id)
            WHERE status = 'running' AND mode = 'channel'`.execute(db);
  await sql`CREATE UNIQUE INDEX sessions_one_private_per_user ON sessions (kind, platform, starter_id)
            WHERE status = 'running' AND mode != 'channel'`.execute(db);
  await sql`CREATE INDEX sessions_running ON sessions (status, kind)`.execute(db);
  await sql`CREATE TABLE session_steps (
    session_id TEXT NOT NULL REFERENCES sessions (id), idx INTEGER NOT NULL,
    item_id TEXT NOT NULL, payload TEXT NOT NULL, phase TEXT NOT NULL,
    posted_at INTEGER, deadline_at INTEGER, revealed_at INTEGER,
    message_platform TEXT, message_channel TEXT, message_id TEXT,
    PRIMARY KEY (session_id, idx))`.execute(db);

  await sql`INSERT INTO sessions SELECT id, 'quiz', platform, server_id, channel_id, starter_id,
      starter_name, mode, status, count, current,
      json_object('seconds', seconds, 'topic', topic, 'difficulty', difficulty,
                  'source', source, 'seed', seed),
      created_at, finished_at FROM rounds`.execute(db);
  await sql`INSERT INTO session_steps SELECT round_id, idx, question_id,
      json_object('q', payload, 'topic', topic, 'difficulty', difficulty, 'correct', correct), status,
      posted_at, deadline_at, revealed_at, message_platform, message_channel, message_id
      FROM questions`.execute(db);
  // Drill ids were drawn apart from round ids; the rare one taken by a round gets a prefix.
  const renamed = (column: string) =>
    sql.raw(
      `(CASE WHEN ${column} IN (SELECT id FROM rounds) THEN 'f-' || ${column} ELSE ${column} END)`,
    );
  await sql`INSERT INTO sessions SELECT ${renamed('id')}, 'flashcards', platform, server_id,
      channel_id, starter_id, starter_name, mode, status, count, current,
      json_object('tag', tag, 'seconds', seconds, 'grade_seconds', grade_seconds),
      created_at, finished_at FROM flashcard_drills`.execute(db);
  await sql`INSERT INTO session_steps SELECT ${renamed('drill_id')}, idx, card_id, '{}', status,
      posted_at, deadline_at, revealed_at, message_platform, message_channel, message_id
      FROM flashcard_drill_cards`.execute(db);
  await sql`UPDATE flashcard_reviews SET drill_id = ${renamed('drill_id')}`.execute(db);

  // answers referenced questions: rebuild it without that key, then drop the old tables.
  await sql`CREATE TABLE answers_v3 (
    round_id TEXT NOT NULL, idx INTEGER NOT NULL, user_id TEXT NOT NULL, user_name TEXT NOT NULL,
    choice INTEGER NOT NULL, correct INTEGER NOT NULL, answered_at INTEGER NOT NULL,
    points INTEGER, platform TEXT NOT NULL, server_id TEXT NOT NULL, channel_id TEXT NOT NULL,
    topic TEXT NOT NULL, ranked INTEGER NOT NULL,
    PRIMARY KEY (round_id, idx, user_id))`.execute(db);
  await sql`INSERT INTO answers_v3 SELECT round_id, idx, user_id, user_name, choice, correct,
      answered_at, points, platform, server_id, channel_id, topic, ranked FROM answers`.execute(db);
  await sql`DROP TABLE answers`.execute(db);
  await sql`ALTER TABLE answers_v3 RENAME TO answers`.execute(db);
  await sql`CREATE INDEX answers_board ON answers (platform, server_id, channel_id, answered_at)`.execute(
    db,
  );
  await sql`CREATE INDEX answers_user ON answers (platform, user_id)`.execute(db);
  await sql`DROP TABLE questions`.execute(db);
  await sql`DROP TABLE rounds`.execute(db);
  await sql`DROP TABLE flashcard_drill_cards`.execute(db);
  await sql`DROP TABLE flashcard_drills`.execute(db);
}

export const sessionsMigration: Migration = {
  version: 3,
  name: 'one sessions/session_steps pair for quiz rounds and flashcard drills',
  up,
};
