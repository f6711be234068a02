/**
 * A member's own data: what is stored (with since when), an export as JSON, and forgetting.
 * Forgetting deletes what is theirs alone (solo practice, private reviews, schedules, board
 * choices) and anonymises what a channel shared: their answers and grades in past rounds and
 * drills get a random id that leads to nobody and leave every board, so a reveal's "12
 * answered" stays true. Every table that names a member is listed here; test/privacy checks
 * the database catalog so a new table cannot be missed.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** The id that replaces a forgotten member's (never a real platform id). */
export const FORGOTTEN_PREFIX = 'forgotten-';
export const FORGOTTEN_NAME = 'a former member';
export const isForgotten = (userId: string): boolean => userId.startsWith(FORGOTTEN_PREFIX);

export interface Who {
  platform: string;
  userId: string;
}

export interface DataSummary {
  answers: { count: number; since?: number };
  reviews: { count: number; since?: number };
  schedules: number;
  sessionsStarted: number;
  boardChoices: number;
  /** Study preferences (/flashcards quiz-cards): on, off, or undefined when never set. */
  quizCards?: boolean;
  /** Grades kept so a review can be undone (flashcard_undo). */
  undoLogs: number;
  taLists: number;
  /** Fits and course decks this member saved for a server (kept when forgotten: the server's). */
  savedFits: number;
  decksImported: number;
}

export async function memberSummary(db: Kysely<Database>, who: Who): Promise<DataSummary> {
  const span = async (
    table: 'answers' | 'flashcard_reviews',
    at: 'answered_at' | 'reviewed_at',
  ) => {
    const row = await db
      .selectFrom(table)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min(at).as('first')])
      .where('platform', '=', who.platform)
      .where('user_id', '=', who.userId)
      .executeTakeFirst();
    const first = row?.first == null ? undefined : Number(row.first);
    return { count: Number(row?.n ?? 0), ...(first !== undefined ? { since: first } : {}) };
  };
  const count = async (q: Promise<{ n: number | string | bigint } | undefined>) =>
    Number((await q)?.n ?? 0);
  // One shape of count over tables that all have a platform and a member column.
  const rowsOf = (table: 'flashcard_states' | 'sessions' | 'member_prefs', column: string) =>
    count(
      db
        .selectFrom(table as 'member_prefs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('platform', '=', who.platform)
        .where(column as 'user_id', '=', who.userId)
        .executeTakeFirst(),
    );
  const study = await studyPrefs(db, who);
  return {
    answers: await span('answers', 'answered_at'),
    reviews: await span('flashcard_reviews', 'reviewed_at'),
    schedules: await rowsOf('flashcard_states', 'user_id'),
    sessionsStarted: await rowsOf('sessions', 'starter_id'),
    boardChoices: await rowsOf('member_prefs', 'user_id'),
    ...(study ? { quizCards: study.quiz_cards === 1 } : {}),
    undoLogs: await count(
      db
        .selectFrom('flashcard_undo')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', who.userId)
        .executeTakeFirst(),
    ),
    taLists: (await taListRows(db, who)).length,
    savedFits: (await fitsSaved(db, who)).length,
    decksImported: (await decksImported(db, who)).length,
  };
}

/** What a member saved for their servers: names and when, not the content (the server's). */
const fitsSaved = (db: Kysely<Database>, who: Who) =>
  db
    .selectFrom('saved_fits')
    .select(['server_id', 'name', 'saved_at'])
    .where('platform', '=', who.platform)
    .where('saved_by', '=', who.userId)
    .execute();
const decksImported = (db: Kysely<Database>, who: Who) =>
  db
    .selectFrom('course_decks')
    .select(['server_id', 'name', 'imported_at'])
    .where('platform', '=', who.platform)
    .where('imported_by', '=', who.userId)
    .execute();

/** Everything stored about one member, as plain rows. */
export async function memberExport(db: Kysely<Database>, who: Who) {
  const mine = <T extends 'answers' | 'flashcard_reviews' | 'flashcard_states' | 'member_prefs'>(
    table: T,
  ) =>
    db
      // One shape of query over four tables that all have platform and user_id.
      .selectFrom(table as 'member_prefs')
      .selectAll()
      .where('platform', '=', who.platform)
      .where('user_id', '=', who.userId)
      .execute();
  return {
    platform: who.platform,
    userId: who.userId,
    answers: await mine('answers'),
    reviews: await mine('flashcard_reviews'),
    schedules: await mine('flashcard_states'),
    boardChoices: await mine('member_prefs'),
    sessionsStarted: await db
      .selectFrom('sessions')
      .select(['id', 'kind', 'server_id', 'channel_id', 'mode', 'status', 'created_at'])
      .where('platform', '=', who.platform)
      .where('starter_id', '=', who.userId)
      .execute(),
    studyPrefs: (await studyPrefs(db, who)) ?? null,
    // Undo logs carry no platform column: they are the member's by user id.
    undoLogs: await db
      .selectFrom('flashcard_undo')
      .selectAll()
      .where('user_id', '=', who.userId)
      .execute(),
    taOf: (await taListRows(db, who)).map((r) => r.server_id),
    savedFits: await fitsSaved(db, who),
    decksImported: await decksImported(db, who),
  };
}

function studyPrefs(db: Kysely<Database>, who: Who) {
  return db
    .selectFrom('study_prefs')
    .selectAll()
    .where('platform', '=', who.platform)
    .where('user_id', '=', who.userId)
    .executeTakeFirst();
}

async function taListRows(db: Kysely<Database>, who: Who) {
  const rows = await db
    .selectFrom('server_settings')
    .selectAll()
    .where('platform', '=', who.platform)
    .execute();
  return rows.filter((r) => {
    const list = (JSON.parse(r.settings) as { taUsers?: unknown }).taUsers;
    return Array.isArray(list) && list.includes(who.userId);
  });
}

/** Forget one member on one platform; returns how many rows were deleted or anonymised. */
export async function forgetMember(db: Kysely<Database>, who: Who): Promise<number> {
  const ghost = FORGOTTEN_PREFIX + randomBytes(6).toString('hex');
  const n = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint } | undefined) =>
    Number(r?.numDeletedRows ?? r?.numUpdatedRows ?? 0);
  return db.transaction().execute(async (trx) => {
    let total = 0;
    const { platform, userId } = who;
    // Their private sessions (solo practice, reviews) are theirs alone: steps, then sessions.
    const own = trx
      .selectFrom('sessions')
      .select('id')
      .where('platform', '=', platform)
      .where('starter_id', '=', userId)
      .where('mode', '!=', 'channel');
    total += n(
      await trx.deleteFrom('session_steps').where('session_id', 'in', own).executeTakeFirst(),
    );
    total += n(
      await trx
        .deleteFrom('sessions')
        .where('platform', '=', platform)
        .where('starter_id', '=', userId)
        .where('mode', '!=', 'channel')
        .executeTakeFirst(),
    );
    // Channel rounds and drills they started stay, started by nobody in particular.
    total += n(
      await trx
        .updateTable('sessions')
        .set({ starter_id: ghost, starter_name: FORGOTTEN_NAME })
        .where('platform', '=', platform)
        .where('starter_id', '=', userId)
        .executeTakeFirst(),
    );
    // Solo practice answers and private review grades are theirs alone.
    total += n(
      await trx
        .deleteFrom('answers')
        .where('platform', '=', platform)
        .where('user_id', '=', userId)
        .where('ranked', '=', 0)
        .executeTakeFirst(),
    );
    total += n(
      await trx
        .deleteFrom('flashcard_reviews')
        .where('platform', '=', platform)
        .where('user_id', '=', userId)
        .where('mode', '!=', 'channel')
        .executeTakeFirst(),
    );
    // Channel answers and grades: off every board (ranked 0), still counted in their step.
    total += n(
      await trx
        .updateTable('answers')
        .set({ user_id: ghost, user_name: FORGOTTEN_NAME, ranked: 0 })
        .where('platform', '=', platform)
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    );
    total += n(
      await trx
        .updateTable('flashcard_reviews')
        .set({ user_id: ghost, user_name: FORGOTTEN_NAME })
        .where('platform', '=', platform)
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    );
    // Undo logs name no platform: a member's are theirs by user id (ids differ across platforms).
    total += n(
      await trx.deleteFrom('flashcard_undo').where('user_id', '=', userId).executeTakeFirst(),
    );
    for (const table of ['flashcard_states', 'member_prefs', 'study_prefs'] as const) {
      total += n(
        await trx
          .deleteFrom(table)
          .where('platform', '=', platform)
          .where('user_id', '=', userId)
          .executeTakeFirst(),
      );
    }
    // What they changed or saved for a server stays the server's, by nobody: settings, course
    // decks, fits. They also leave every TA list (below).
    for (const [table, column] of [
      ['server_settings', 'updated_by'],
      ['course_decks', 'imported_by'],
      ['saved_fits', 'saved_by'],
    ] as const) {
      total += n(
        await trx
          // One shape of update over three tables that each name who changed the row.
          .updateTable(table as 'saved_fits')
          .set({ [column]: ghost } as { saved_by: string })
          .where('platform', '=', platform)
          .where(column as 'saved_by', '=', userId)
          .executeTakeFirst(),
      );
    }
    for (const row of await taListRows(trx, who)) {
      const settings = JSON.parse(row.settings) as { taUsers: string[] };
      settings.taUsers = settings.taUsers.filter((u) => u !== userId);
      await trx
        .updateTable('server_settings')
        .set({ settings: JSON.stringify(settings) })
        .where('platform', '=', platform)
        .where('server_id', '=', row.server_id)
        .execute();
      total += 1;
    }
    return total;
  });
}
