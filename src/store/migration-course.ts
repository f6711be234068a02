/**
 * Migration 40: course content a server's TAs import (issue 15), beside the built-in bank
 * and deck. One row per deck and one per item; an item is keyed by its file id (or Anki
 * GUID) within its server, so re-importing the file updates the same rows and every schedule
 * and answer that names the item keeps pointing at it (see course-repo.ts for the ids).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from './migrations.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE course_decks (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, name TEXT NOT NULL,
    format TEXT NOT NULL, questions INTEGER NOT NULL, cards INTEGER NOT NULL,
    imported_by TEXT NOT NULL, imported_at INTEGER NOT NULL,
    PRIMARY KEY (platform, server_id, name))`.execute(db);
  await sql`CREATE TABLE course_items (
    platform TEXT NOT NULL, server_id TEXT NOT NULL, item_id TEXT NOT NULL,
    deck TEXT NOT NULL, kind TEXT NOT NULL, tags TEXT NOT NULL, position INTEGER NOT NULL,
    payload TEXT NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (platform, server_id, item_id))`.execute(db);
  await sql`CREATE INDEX course_items_deck ON course_items (platform, server_id, deck, position)`.execute(
    db,
  );
}

export const courseMigration: Migration = {
  version: 40,
  name: 'course decks and items per server',
  up,
};
