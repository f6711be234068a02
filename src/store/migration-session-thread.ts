/**
 * Migration 71 (issue 17): the thread a channel session plays in (`/quiz thread:true`, the
 * server's `threads` setting), kept with the session so that after a restart its next
 * question still goes to the thread. NULL: the session plays in its channel. Discord: the
 * thread's channel id; Slack: the ts of the message the replies hang under.
 */
import type { Migration } from './migrations.js';

export const sessionThreadMigration: Migration = {
  version: 71,
  name: 'sessions.thread_id: the thread a channel session plays in',
  async up(db) {
    // Schema builder, no raw SQL: the same statement runs on SQLite and PostgreSQL.
    await db.schema.alterTable('sessions').addColumn('thread_id', 'text').execute();
  },
};
