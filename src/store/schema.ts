/**
 * The tables as Kysely sees them. Times are epoch milliseconds (integers sort and compare
 * the same in every database); booleans are 0/1 for SQLite.
 */
export type RoundMode = 'channel' | 'solo';
export type RoundStatus = 'running' | 'finished' | 'stopped';
export type QuestionStatus = 'pending' | 'open' | 'revealed';

export interface RoundsTable {
  id: string;
  platform: string;
  /** '' when the platform has no server (DMs, the CLI): keeps GROUP BY and = simple. */
  server_id: string;
  channel_id: string;
  starter_id: string;
  starter_name: string;
  mode: RoundMode;
  status: RoundStatus;
  seconds: number;
  count: number;
  topic: string | null;
  difficulty: string | null;
  source: string;
  seed: number;
  /** Index of the question being asked (or last asked). */
  current: number;
  created_at: number;
  finished_at: number | null;
}

export interface QuestionsTable {
  round_id: string;
  idx: number;
  /** The bank id, or `gen:<kind>:<seed>` for a generated problem. */
  question_id: string;
  topic: string;
  difficulty: string;
  correct: number;
  /** The whole question as JSON, so a restart asks and reveals exactly the same thing. */
  payload: string;
  status: QuestionStatus;
  posted_at: number | null;
  deadline_at: number | null;
  revealed_at: number | null;
  message_platform: string | null;
  message_channel: string | null;
  message_id: string | null;
}

export interface AnswersTable {
  round_id: string;
  idx: number;
  user_id: string;
  user_name: string;
  choice: number;
  correct: number;
  answered_at: number;
  /** Null until the question is revealed (the streak bonus needs the earlier questions). */
  points: number | null;
  // Copied from the round so leaderboards and stats need no joins.
  platform: string;
  server_id: string;
  channel_id: string;
  topic: string;
  /** 1 for channel rounds (leaderboards), 0 for solo practice (stats only). */
  ranked: number;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface Database {
  rounds: RoundsTable;
  questions: QuestionsTable;
  answers: AnswersTable;
  schema_migrations: MigrationsTable;
}
