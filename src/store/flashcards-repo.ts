/**
 * Every flashcard query in one place: schedules (one per person and card), the review log,
 * drills and review sessions with their cards, and per-server settings. The engine never
 * writes SQL; multi-row changes run in a transaction.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { isUniqueViolation } from './quiz-repo.js';
import type {
  Database,
  DrillMode,
  DrillStatus,
  FlashcardDrillCardsTable,
  FlashcardDrillsTable,
  FlashcardReviewsTable,
  FlashcardStatesTable,
} from './schema.js';

export type DrillRow = Selectable<FlashcardDrillsTable>;
export type DrillCardRow = Selectable<FlashcardDrillCardsTable>;
export type CardStateRow = Selectable<FlashcardStatesTable>;
export type ReviewRow = Selectable<FlashcardReviewsTable>;

const DAY_MS = 86_400_000;

export interface GradeKey {
  drillId: string;
  idx: number;
  platform: string;
  userId: string;
  cardId: string;
}

export type GradeOutcome =
  | { recorded: true; review: ReviewRow; state: CardStateRow }
  | { recorded: false; existing: ReviewRow };

export interface ReviewTotals {
  reviews: number;
  again: number;
  /** UTC days (epoch ms / 86 400 000, floored) with at least one review, newest first. */
  days: number[];
}

export class FlashcardRepo {
  constructor(private readonly db: Kysely<Database>) {}

  // --- drills and review sessions --------------------------------------------------------

  /** Insert a drill and its cards, or nothing (a running drill holds the slot). */
  async createDrill(drill: DrillRow, cards: DrillCardRow[]): Promise<boolean> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('flashcard_drills').values(drill).execute();
        if (cards.length > 0) await trx.insertInto('flashcard_drill_cards').values(cards).execute();
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  getDrill(id: string): Promise<DrillRow | undefined> {
    return this.db
      .selectFrom('flashcard_drills')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }

  runningInChannel(platform: string, channelId: string): Promise<DrillRow | undefined> {
    return this.db
      .selectFrom('flashcard_drills')
      .selectAll()
      .where('platform', '=', platform)
      .where('channel_id', '=', channelId)
      .where('mode', '=', 'channel')
      .where('status', '=', 'running')
      .executeTakeFirst();
  }

  runningReview(platform: string, userId: string): Promise<DrillRow | undefined> {
    return this.db
      .selectFrom('flashcard_drills')
      .selectAll()
      .where('platform', '=', platform)
      .where('starter_id', '=', userId)
      .where('mode', '=', 'review')
      .where('status', '=', 'running')
      .executeTakeFirst();
  }

  runningDrills(mode?: DrillMode): Promise<DrillRow[]> {
    let q = this.db.selectFrom('flashcard_drills').selectAll().where('status', '=', 'running');
    if (mode) q = q.where('mode', '=', mode);
    return q.orderBy('created_at').execute();
  }

  /** End a drill; false if it had already ended. */
  async finishDrill(id: string, status: Exclude<DrillStatus, 'running'>, now: number) {
    const result = await this.db
      .updateTable('flashcard_drills')
      .set({ status, finished_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  getCard(drillId: string, idx: number): Promise<DrillCardRow | undefined> {
    return this.db
      .selectFrom('flashcard_drill_cards')
      .selectAll()
      .where('drill_id', '=', drillId)
      .where('idx', '=', idx)
      .executeTakeFirst();
  }

  cardsOf(drillId: string): Promise<DrillCardRow[]> {
    return this.db
      .selectFrom('flashcard_drill_cards')
      .selectAll()
      .where('drill_id', '=', drillId)
      .orderBy('idx')
      .execute();
  }

  /** Show card `idx`'s front: the drill now points at it. False if it was not pending. */
  async openCard(drillId: string, idx: number, now: number, deadline: number | null) {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('flashcard_drill_cards')
        .set({ status: 'front', posted_at: now, deadline_at: deadline })
        .where('drill_id', '=', drillId)
        .where('idx', '=', idx)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      await trx
        .updateTable('flashcard_drills')
        .set({ current: idx })
        .where('id', '=', drillId)
        .execute();
      return Number(r.numUpdatedRows) === 1;
    });
  }

  async setMessage(
    drillId: string,
    idx: number,
    ref: { platform: string; channelId: string; messageId: string },
  ): Promise<void> {
    await this.db
      .updateTable('flashcard_drill_cards')
      .set({
        message_platform: ref.platform,
        message_channel: ref.channelId,
        message_id: ref.messageId,
      })
      .where('drill_id', '=', drillId)
      .where('idx', '=', idx)
      .execute();
  }

  /** front → revealed, once: of a timer and a button racing, only one flips it. */
  async revealCard(drillId: string, idx: number, now: number, deadline: number | null) {
    const r = await this.db
      .updateTable('flashcard_drill_cards')
      .set({ status: 'revealed', revealed_at: now, deadline_at: deadline })
      .where('drill_id', '=', drillId)
      .where('idx', '=', idx)
      .where('status', '=', 'front')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** front or revealed → done, once (grading closes). */
  async closeCard(drillId: string, idx: number) {
    const r = await this.db
      .updateTable('flashcard_drill_cards')
      .set({ status: 'done', deadline_at: null })
      .where('drill_id', '=', drillId)
      .where('idx', '=', idx)
      .where('status', 'in', ['front', 'revealed'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // --- schedules and the review log ------------------------------------------------------

  getState(platform: string, userId: string, cardId: string): Promise<CardStateRow | undefined> {
    return this.db
      .selectFrom('flashcard_states')
      .selectAll()
      .where('platform', '=', platform)
      .where('user_id', '=', userId)
      .where('card_id', '=', cardId)
      .executeTakeFirst();
  }

  /** Every schedule some of `userIds` hold. */
  statesOf(platform: string, userIds: readonly string[]): Promise<CardStateRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('flashcard_states')
      .selectAll()
      .where('platform', '=', platform)
      .where('user_id', 'in', [...userIds])
      .execute();
  }

  /** A person's schedules, soonest due first (due ones first, most overdue first). */
  userStates(platform: string, userId: string, dueBy?: number): Promise<CardStateRow[]> {
    let q = this.db
      .selectFrom('flashcard_states')
      .selectAll()
      .where('platform', '=', platform)
      .where('user_id', '=', userId);
    if (dueBy !== undefined) q = q.where('due', '<=', dueBy);
    return q.orderBy('due').orderBy('card_id').execute();
  }

  /**
   * Record one grade, once: read the person's schedule, let `compute` turn it into the
   * review and the new schedule, and write both in one transaction. A second grade for the
   * same (drill, card, person) changes nothing and returns the first.
   */
  async recordGrade(
    key: GradeKey,
    compute: (previous: CardStateRow | undefined) => { review: ReviewRow; state: CardStateRow },
  ): Promise<GradeOutcome> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('flashcard_reviews')
          .selectAll()
          .where('drill_id', '=', key.drillId)
          .where('idx', '=', key.idx)
          .where('user_id', '=', key.userId)
          .executeTakeFirst();
        if (existing) return { recorded: false as const, existing };
        const previous = await trx
          .selectFrom('flashcard_states')
          .selectAll()
          .where('platform', '=', key.platform)
          .where('user_id', '=', key.userId)
          .where('card_id', '=', key.cardId)
          .executeTakeFirst();
        const { review, state } = compute(previous);
        await trx.insertInto('flashcard_reviews').values(review).execute();
        const { platform: _p, user_id: _u, card_id: _c, ...changes } = state;
        await trx
          .insertInto('flashcard_states')
          .values(state)
          .onConflict((oc) => oc.columns(['platform', 'user_id', 'card_id']).doUpdateSet(changes))
          .execute();
        return { recorded: true as const, review, state };
      });
    } catch (error) {
      // Another process won the race between our read and our insert.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.getReview(key.drillId, key.idx, key.userId);
      if (!existing) throw error;
      return { recorded: false, existing };
    }
  }

  getReview(drillId: string, idx: number, userId: string): Promise<ReviewRow | undefined> {
    return this.db
      .selectFrom('flashcard_reviews')
      .selectAll()
      .where('drill_id', '=', drillId)
      .where('idx', '=', idx)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** The grades given in a drill, card by card, in the order they came. */
  reviewsOf(drillId: string, idx?: number): Promise<ReviewRow[]> {
    let q = this.db.selectFrom('flashcard_reviews').selectAll().where('drill_id', '=', drillId);
    if (idx !== undefined) q = q.where('idx', '=', idx);
    return q.orderBy('idx').orderBy('reviewed_at').orderBy('user_id').execute();
  }

  /** Review count, Again count and the UTC days with a review, for one person. */
  async totals(platform: string, userId: string): Promise<ReviewTotals> {
    const row = await this.db
      .selectFrom('flashcard_reviews')
      .select((eb) => [
        eb.fn.countAll<number>().as('reviews'),
        eb.fn.sum<number>(sql<number>`CASE WHEN rating = 1 THEN 1 ELSE 0 END`).as('again'),
      ])
      .where('platform', '=', platform)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const days = await this.db
      .selectFrom('flashcard_reviews')
      .select(sql<number>`CAST(reviewed_at / ${sql.lit(DAY_MS)} AS INTEGER)`.as('day'))
      .distinct()
      .where('platform', '=', platform)
      .where('user_id', '=', userId)
      .orderBy('day', 'desc')
      .limit(1000)
      .execute();
    return {
      reviews: Number(row?.reviews ?? 0),
      again: Number(row?.again ?? 0),
      days: days.map((d) => Number(d.day)),
    };
  }

  /** People who graded cards in a channel since a time, most recent first. */
  async recentGraders(
    platform: string,
    channelId: string,
    since: number,
    limit = 50,
  ): Promise<string[]> {
    const rows = await this.db
      .selectFrom('flashcard_reviews')
      .select((eb) => ['user_id', eb.fn.max('reviewed_at').as('last')])
      .where('platform', '=', platform)
      .where('channel_id', '=', channelId)
      .where('mode', '=', 'channel')
      .where('reviewed_at', '>=', since)
      .groupBy('user_id')
      .orderBy('last', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.user_id);
  }

  // --- settings --------------------------------------------------------------------------

  async getRetention(platform: string, serverId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('flashcard_settings')
      .select('retention')
      .where('platform', '=', platform)
      .where('server_id', '=', serverId)
      .executeTakeFirst();
    return row?.retention;
  }

  async setRetention(
    platform: string,
    serverId: string,
    retention: number,
    by: string,
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('flashcard_settings')
      .values({
        platform,
        server_id: serverId,
        retention,
        updated_by: by,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['platform', 'server_id']).doUpdateSet({
          retention,
          updated_by: by,
          updated_at: now,
        }),
      )
      .execute();
  }
}
