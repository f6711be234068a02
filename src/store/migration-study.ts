/**
 * Migrations 30–31 (issue 17, study modes): each member's switch for turning quiz misses
 * into flashcards, and the ts-fsrs review logs that let a grade be undone.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from './migrations.js';

export const studyMigrations: Migration[] = [
  {
    version: 30,
    name: 'study preferences: quiz misses become flashcards unless switched off',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE study_prefs (
        platform TEXT NOT NULL, user_id TEXT NOT NULL, quiz_cards INTEGER NOT NULL,
        updated_at INTEGER NOT NULL, PRIMARY KEY (platform, user_id))`.execute(db);
    },
  },
  {
    version: 31,
    name: 'flashcard undo: the ts-fsrs log of each grade, for rollback',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE flashcard_undo (
        drill_id TEXT NOT NULL, idx INTEGER NOT NULL, user_id TEXT NOT NULL,
        log TEXT NOT NULL, was_new INTEGER NOT NULL, graded_at INTEGER NOT NULL,
        PRIMARY KEY (drill_id, idx, user_id))`.execute(db);
    },
  },
];
