/**
 * Migration 50: a version on each session step, raised by every phase change (open, reveal,
 * next). A live "N answered" edit, possibly made by another instance than the reveal, edits
 * the message only while the step still has the version it read (src/store/session-repo.ts
 * `whileVersion`), so a count never lands on a revealed message.
 */
import type { Migration } from './migrations.js';

export const stepVersionMigration: Migration = {
  version: 50,
  name: 'session_steps.version for live edits across instances',
  async up(db) {
    await db.schema
      .alterTable('session_steps')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
