/**
 * The tables as Kysely sees them. Times are epoch milliseconds (integers sort and compare
 * the same in every database); booleans are 0/1 for SQLite.
 */
import type { Generated } from 'kysely';
export type RoundMode = 'channel' | 'solo';
export type RoundStatus = 'running' | 'finished' | 'stopped';
/** 'reviewing': revealed, held for the reveal pause (a deadline) or the host's "next". */
export type QuestionStatus = 'pending' | 'open' | 'reviewing' | 'revealed';

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
  /** The letter's index; -1 for a typed number (numeric questions). */
  choice: number;
  correct: number;
  /** The typed number of a numeric question's answer (migration 70); null for a letter. */
  value?: number | null;
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

// --- flashcards (migration 2) ----------------------------------------------------------

/** 'quiz': a grade a quiz answer gave (a miss is Again, a right answer on a known card Good). */
export type DrillMode = 'channel' | 'review' | 'quiz';
export type DrillStatus = 'running' | 'finished' | 'stopped';
/** pending → front (posted, hidden answer) → revealed (grading open) → done. */
export type DrillCardStatus = 'pending' | 'front' | 'revealed' | 'done';

/** A person's schedule for one card: ts-fsrs's Card, with times as epoch ms. */
export interface FlashcardStatesTable {
  platform: string;
  user_id: string;
  card_id: string;
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning. */
  state: number;
  last_review: number | null;
  updated_at: number;
}

/** A channel drill or a private review session. */
export interface FlashcardDrillsTable {
  id: string;
  platform: string;
  server_id: string;
  channel_id: string;
  starter_id: string;
  starter_name: string;
  mode: DrillMode;
  status: DrillStatus;
  count: number;
  tag: string | null;
  /** Seconds to think before the answer shows itself (channel drills). */
  seconds: number;
  /** Seconds of grading after the reveal before the drill moves on (channel drills). */
  grade_seconds: number;
  current: number;
  created_at: number;
  finished_at: number | null;
}

export interface FlashcardDrillCardsTable {
  drill_id: string;
  idx: number;
  card_id: string;
  status: DrillCardStatus;
  posted_at: number | null;
  /** When the current phase ends: the auto-reveal, then the auto-advance. */
  deadline_at: number | null;
  revealed_at: number | null;
  message_platform: string | null;
  message_channel: string | null;
  message_id: string | null;
}

/** The review log: one row per grade, keyed (drill_id, idx, user_id). */
export interface FlashcardReviewsTable {
  drill_id: string;
  idx: number;
  user_id: string;
  user_name: string;
  platform: string;
  server_id: string;
  channel_id: string;
  mode: DrillMode;
  card_id: string;
  /** ts-fsrs Rating: 1 Again, 2 Hard, 3 Good, 4 Easy. */
  rating: number;
  /** The card's state before this review (ts-fsrs ReviewLog.state). */
  state: number;
  /** When the card is due next, after this review. */
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  last_elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  /** The desired retention the schedule was computed with. */
  retention: number;
  reviewed_at: number;
}

// --- classroom settings and privacy (migration 20) --------------------------------------

/** The settings a TA changed for one server, as JSON (src/settings/schema.ts reads it). */
export interface ServerSettingsTable {
  platform: string;
  server_id: string;
  settings: string;
  updated_by: string;
  updated_at: number;
}

/** A member's board choices in one server. */
export interface MemberPrefsTable {
  platform: string;
  server_id: string;
  user_id: string;
  /** 'default' | 'hide' | 'show' */
  board: string;
  nickname: string | null;
  created_at: number;
  updated_at: number;
}

/** A server the bot was removed from; its data is deleted at `delete_at` unless it returns. */
export interface ServerRemovalsTable {
  platform: string;
  server_id: string;
  removed_at: number;
  delete_at: number;
}

// --- every channel game's sessions and steps (migration 3) ------------------------------

/**
 * One session of any kind (a quiz round, a flashcard drill, solo practice, a private
 * review): the columns the shared lifecycle reads, plus the kind's own settings as JSON.
 */
export interface SessionsTable {
  id: string;
  /** 'quiz' | 'flashcards' | …: whose session it is. */
  kind: string;
  platform: string;
  server_id: string;
  channel_id: string;
  starter_id: string;
  starter_name: string;
  /** 'channel' for sessions in a channel (one per kind and channel); the kind names the others. */
  mode: string;
  status: RoundStatus;
  count: number;
  current: number;
  /** The kind's settings (seconds, topic, seed…), JSON. */
  settings: string;
  created_at: number;
  finished_at: number | null;
  /** The thread it plays in (migration 71), NULL in the channel; only the lifecycle sets it. */
  thread_id: Generated<string | null>;
}

/** One step of a session (a question, a card): its phase, deadline and message. */
export interface SessionStepsTable {
  session_id: string;
  idx: number;
  /** What the step shows: a bank question id, a card id. */
  item_id: string;
  /** The kind's data for the step (a whole question), JSON; '{}' when none. */
  payload: string;
  /** The kind's phase name ('pending', 'open', 'front', 'revealed', 'done'…). */
  phase: string;
  posted_at: number | null;
  deadline_at: number | null;
  revealed_at: number | null;
  message_platform: string | null;
  message_channel: string | null;
  message_id: string | null;
  /** Raised by every phase change: a live-count edit applies only to the version it read. */
  version: Generated<number>;
  /**
   * When a hold after the phase ends (the quiz's reveal pause; migration 72), NULL when none:
   * `deadline_at` stays the phase's own (answering) deadline.
   */
  hold_until: Generated<number | null>;
}

/** One Slack workspace (or Enterprise Grid org) that installed the app (OAuth distribution). */
export interface SlackInstallationsTable {
  /** `T…` team id, or `E…` enterprise id for an org-wide install. */
  id: string;
  team_id: string | null;
  enterprise_id: string | null;
  is_enterprise_install: number;
  /** Bolt's Installation object as JSON: holds the bot token, a secret (never logged). */
  installation: string;
  installed_at: number;
  updated_at: number;
}

/** Which workspace a channel belongs to, so a round's later posts use that workspace's token. */
export interface SlackChannelTeamsTable {
  channel_id: string;
  team_id: string;
  enterprise_id: string | null;
  seen_at: number;
}

// --- course content a server imports (migration 40) -------------------------------------

export interface CourseDecksTable {
  platform: string;
  server_id: string;
  name: string;
  /** The format it was read from: csv, tsv, anki, gift. */
  format: string;
  questions: number;
  cards: number;
  imported_by: string;
  imported_at: number;
}

export interface CourseItemsTable {
  platform: string;
  server_id: string;
  /** The file's id or Anki GUID: the key a re-import updates. */
  item_id: string;
  deck: string;
  kind: string;
  /** Space-separated, with a space at each end (`' a b '`), so LIKE '% a %' finds a tag. */
  tags: string;
  position: number;
  /** The validated CourseItem, JSON. */
  payload: string;
  updated_at: number;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/**
 * RoundsTable, QuestionsTable, FlashcardDrillsTable and FlashcardDrillCardsTable are the
 * kinds' views of `sessions` and `session_steps` since migration 3 (their tables are gone).
 */
export interface Database {
  sessions: SessionsTable;
  session_steps: SessionStepsTable;
  answers: AnswersTable;
  schema_migrations: MigrationsTable;
  flashcard_states: FlashcardStatesTable;
  flashcard_reviews: FlashcardReviewsTable;
  slack_installations: SlackInstallationsTable;
  slack_channel_teams: SlackChannelTeamsTable;
  server_settings: ServerSettingsTable;
  member_prefs: MemberPrefsTable;
  server_removals: ServerRemovalsTable;
  study_prefs: StudyPrefsTable;
  flashcard_undo: FlashcardUndoTable;
  course_decks: CourseDecksTable;
  course_items: CourseItemsTable;
  saved_fits: SavedFitsTable;
}

export interface StudyPrefsTable {
  platform: string;
  user_id: string;
  /** 0: this member's quiz misses do not become flashcards. */
  quiz_cards: number;
  updated_at: number;
}

/** The ts-fsrs log of a grade (JSON), so `rollback` can take it back. */
export interface FlashcardUndoTable {
  drill_id: string;
  idx: number;
  user_id: string;
  log: string;
  /** 1: the card was new to the member, so undoing removes it from their schedule. */
  was_new: number;
  graded_at: number;
}

// --- fits a server's TAs saved from /fit (migration 60) ------------------------------------

export interface SavedFitsTable {
  platform: string;
  server_id: string;
  name: string;
  e: number;
  a: number;
  b: number;
  alpha: number;
  beta: number;
  saved_by: string;
  saved_at: number;
}
