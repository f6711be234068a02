/**
 * Migration 20 (issue 16): per-server settings, members' privacy choices and servers the bot
 * was removed from. The flashcards' per-server retention moves into `server_settings` (its
 * table goes), so one settings service reads every setting.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from './migrations.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function up(db: Kysely<any>): Promise<void> {
  // Only the values a TA changed, as JSON: a new setting needs no migration.
  await sql`CREATE TABLE server_settings (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, settings TEXT NOT NULL,
    updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (platform, server_id))`.execute(db);
  await sql`INSERT INTO server_settings
    SELECT platform, server_id, json_object('retention', retention), updated_by, updated_at
    FROM flashcard_settings`.execute(db);
  await sql`DROP TABLE flashcard_settings`.execute(db);

  // A member's choices for boards in one server: hidden/shown (opt-in mode) and a nickname.
  await sql`CREATE TABLE member_prefs (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, user_id TEXT NOT NULL,
    board TEXT NOT NULL, nickname TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (platform, server_id, user_id))`.execute(db);

  // The bot left these servers: their data goes at delete_at unless it comes back first.
  await sql`CREATE TABLE server_removals (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, removed_at INTEGER NOT NULL,
    delete_at INTEGER NOT NULL, PRIMARY KEY (platform, server_id))`.execute(db);
}

export const classroomMigration: Migration = {
  version: 20,
  name: 'server settings, member privacy choices, server removals',
  up,
};
