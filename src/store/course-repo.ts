/**
 * A server's course content (migration 40) and the queries TAs ask of it: replace a deck
 * in one transaction (all or nothing), list, remove, read back for export, and the answers
 * and reviews behind `/course stats` and the results CSV.
 *
 * Ids. An item keeps its file id (or Anki GUID) in `course_items.item_id`. Where the rest of
 * the bot names it — a flashcard schedule's `card_id`, a quiz answer's question id — it is
 * `course:<server id>:<item id>` (`courseItemKey`): the platform is already a column of
 * those tables, the server keeps two servers' identical ids apart, and because the key
 * depends only on the file's id, a re-import keeps every schedule and statistic attached.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { toQuestion } from './quiz-rows.js';
import type { CourseDecksTable, CourseItemsTable, Database } from './schema.js';

export type CourseDeckRow = Selectable<CourseDecksTable>;
export type CourseItemRow = Selectable<CourseItemsTable>;

export const COURSE_PREFIX = 'course:';
export const courseItemKey = (serverId: string, itemId: string): string =>
  `${COURSE_PREFIX}${serverId}:${itemId}`;

export interface Where {
  platform: string;
  serverId: string;
}

export interface ReplaceResult {
  added: number;
  updated: number;
  removed: number;
  /** Items whose id another deck of the server held: they now belong to this deck. */
  moved: number;
}

export interface MemberResult {
  userId: string;
  userName: string;
  answered: number;
  correct: number;
  points: number;
  reviewed: number;
}

export interface Period {
  since?: number;
  until?: number;
  /** Only these rounds (session ids); reviews are then left out unless also asked. */
  rounds?: readonly string[];
}

export class CourseRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Make `deck` hold exactly `items`, in one transaction: rows with a known id are updated in
   * place, new ids are added, ids the file no longer has are deleted.
   */
  async replaceDeck(
    where: Where,
    deck: Omit<CourseDeckRow, 'platform' | 'server_id'>,
    items: readonly Omit<CourseItemRow, 'platform' | 'server_id' | 'deck'>[],
  ): Promise<ReplaceResult> {
    const { platform, serverId } = where;
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('course_items')
        .select(['item_id', 'deck'])
        .where('platform', '=', platform)
        .where('server_id', '=', serverId)
        .execute();
      const deckOf = new Map(existing.map((r) => [r.item_id, r.deck]));
      const keep = new Set(items.map((i) => i.item_id));
      const result: ReplaceResult = { added: 0, updated: 0, removed: 0, moved: 0 };
      for (const [id, d] of deckOf) {
        if (d === deck.name && !keep.has(id)) result.removed++;
      }
      if (result.removed > 0) {
        await trx
          .deleteFrom('course_items')
          .where('platform', '=', platform)
          .where('server_id', '=', serverId)
          .where('deck', '=', deck.name)
          .where('item_id', 'not in', [...keep, ''])
          .execute();
      }
      for (const item of items) {
        const before = deckOf.get(item.item_id);
        if (before === undefined) result.added++;
        else if (before === deck.name) result.updated++;
        else result.moved++;
        const row = { ...item, platform, server_id: serverId, deck: deck.name };
        const { platform: _p, server_id: _s, item_id: _i, ...changes } = row;
        await trx
          .insertInto('course_items')
          .values(row)
          .onConflict((oc) => oc.columns(['platform', 'server_id', 'item_id']).doUpdateSet(changes))
          .execute();
      }
      const deckRow = { ...deck, platform, server_id: serverId };
      const { platform: _p, server_id: _s, name: _n, ...deckChanges } = deckRow;
      await trx
        .insertInto('course_decks')
        .values(deckRow)
        .onConflict((oc) => oc.columns(['platform', 'server_id', 'name']).doUpdateSet(deckChanges))
        .execute();
      // Decks emptied by moves disappear from the list.
      await sql`DELETE FROM course_decks WHERE platform = ${platform} AND server_id = ${serverId}
                AND name NOT IN (SELECT DISTINCT deck FROM course_items
                                 WHERE platform = ${platform} AND server_id = ${serverId})`.execute(
        trx,
      );
      await this.recount(trx, where);
      return result;
    });
  }

  private async recount(db: Kysely<Database>, { platform, serverId }: Where): Promise<void> {
    await sql`UPDATE course_decks SET
        questions = (SELECT COUNT(*) FROM course_items i WHERE i.platform = course_decks.platform
          AND i.server_id = course_decks.server_id AND i.deck = course_decks.name AND i.kind <> 'card'),
        cards = (SELECT COUNT(*) FROM course_items i WHERE i.platform = course_decks.platform
          AND i.server_id = course_decks.server_id AND i.deck = course_decks.name AND i.kind = 'card')
      WHERE platform = ${platform} AND server_id = ${serverId}`.execute(db);
  }

  decks({ platform, serverId }: Where): Promise<CourseDeckRow[]> {
    return this.db
      .selectFrom('course_decks')
      .selectAll()
      .where('platform', '=', platform)
      .where('server_id', '=', serverId)
      .orderBy('name')
      .execute();
  }

  /** Delete a deck and its items; false when there was none. Schedules stay (harmless). */
  async removeDeck({ platform, serverId }: Where, name: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('course_items')
        .where('platform', '=', platform)
        .where('server_id', '=', serverId)
        .where('deck', '=', name)
        .execute();
      const r = await trx
        .deleteFrom('course_decks')
        .where('platform', '=', platform)
        .where('server_id', '=', serverId)
        .where('name', '=', name)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  /** A server's items (one deck, one tag, or all), in deck then file order. */
  items(where: Where, filter: { deck?: string; tag?: string } = {}): Promise<CourseItemRow[]> {
    let q = this.db
      .selectFrom('course_items')
      .selectAll()
      .where('platform', '=', where.platform)
      .where('server_id', '=', where.serverId);
    if (filter.deck !== undefined) q = q.where('deck', '=', filter.deck);
    if (filter.tag !== undefined) q = q.where('tags', 'like', `% ${filter.tag} %`);
    return q.orderBy('deck').orderBy('position').execute();
  }

  /** Every answer to a course question here, for the split per question and the hardest. */
  answers(where: Where, period: Period = {}) {
    let q = this.db
      .selectFrom('answers')
      .innerJoin('session_steps', (j) =>
        j
          .onRef('session_steps.session_id', '=', 'answers.round_id')
          .onRef('session_steps.idx', '=', 'answers.idx'),
      )
      .select([
        'answers.user_id',
        'answers.user_name',
        'answers.choice',
        'answers.correct',
        'answers.points',
        'answers.answered_at',
        'answers.value',
        'answers.round_id',
        'answers.idx',
        'session_steps.item_id',
      ])
      .where('answers.platform', '=', where.platform)
      .where('answers.server_id', '=', where.serverId);
    if (period.since !== undefined) q = q.where('answers.answered_at', '>=', period.since);
    if (period.until !== undefined) q = q.where('answers.answered_at', '<', period.until);
    if (period.rounds) q = q.where('answers.round_id', 'in', [...period.rounds, '']);
    return q.execute();
  }

  /**
   * The choices as a round showed them (shuffled, src/quiz/pick.ts), per step answered here:
   * an answer's `choice` is a position in these, not in the file's order.
   */
  async shownChoices(where: Where, period: Period = {}): Promise<Map<string, string[]>> {
    let answered = this.db
      .selectFrom('answers')
      .select('answers.round_id')
      .where('answers.platform', '=', where.platform)
      .where('answers.server_id', '=', where.serverId);
    if (period.since !== undefined) answered = answered.where('answered_at', '>=', period.since);
    if (period.until !== undefined) answered = answered.where('answered_at', '<', period.until);
    const rows = await this.db
      .selectFrom('session_steps')
      .selectAll()
      .where('item_id', 'like', 'course:%')
      .where('session_id', 'in', answered)
      .execute();
    const out = new Map<string, string[]>();
    for (const r of rows) {
      // A quiz step wraps its question (src/store/quiz-rows.ts); toQuestion unwraps it.
      const choices = (JSON.parse(toQuestion(r).payload) as { choices?: unknown }).choices;
      if (Array.isArray(choices)) out.set(`${r.session_id}:${r.idx}`, choices.map(String));
    }
    return out;
  }

  /** Every grade of a card here (built-in and course cards alike). */
  reviews(where: Where, period: Period = {}) {
    let q = this.db
      .selectFrom('flashcard_reviews')
      .select(['user_id', 'user_name', 'card_id', 'rating', 'reviewed_at', 'drill_id'])
      .where('platform', '=', where.platform)
      .where('server_id', '=', where.serverId);
    if (period.since !== undefined) q = q.where('reviewed_at', '>=', period.since);
    if (period.until !== undefined) q = q.where('reviewed_at', '<', period.until);
    if (period.rounds) q = q.where('drill_id', 'in', [...period.rounds, '']);
    return q.execute();
  }

  /** Per member: questions answered, correct, points, cards reviewed; in user id order. */
  async results(where: Where, period: Period = {}): Promise<MemberResult[]> {
    const byUser = new Map<string, MemberResult>();
    const get = (id: string, name: string) => {
      let r = byUser.get(id);
      if (!r) {
        r = { userId: id, userName: name, answered: 0, correct: 0, points: 0, reviewed: 0 };
        byUser.set(id, r);
      }
      return r;
    };
    for (const a of await this.answers(where, period)) {
      const r = get(a.user_id, a.user_name);
      r.answered++;
      r.correct += Number(a.correct);
      r.points += Number(a.points ?? 0);
    }
    for (const v of await this.reviews(where, period)) get(v.user_id, v.user_name).reviewed++;
    return [...byUser.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1));
  }
}
