/**
 * Migration 72: when a step's hold ends (the quiz's reveal pause), apart from its own
 * deadline. Before it the hold overwrote `deadline_at`, so scoring after a restart, stats,
 * exports and lateness checks saw the pause's end instead of the answering deadline. NULL:
 * no hold; the lifecycle arms `hold_until` when set, else `deadline_at`.
 */
import type { Migration } from './migrations.js';

export const stepHoldMigration: Migration = {
  version: 72,
  name: 'session_steps.hold_until: the reveal pause apart from the answering deadline',
  async up(db) {
    // Schema builder, no raw SQL: 'integer' becomes bigint on PostgreSQL (epoch ms).
    await db.schema.alterTable('session_steps').addColumn('hold_until', 'integer').execute();
  },
};
