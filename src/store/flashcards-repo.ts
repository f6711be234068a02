/**
 * Every flashcard query in one place: schedules (one per person and card), the review log,
 * drills and review sessions with their cards, and per-server settings. The engine never
 * writes SQL; multi-row changes run in a transaction.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  isUniqueViolation,
  SessionRepo,
  type SessionRecord,
  type StepRecord,
} from './session-repo.js';
import { KindStore, type MessageLocation } from './kind-store.js';
import { SettingsRepo } from './settings-repo.js';
import { StudyRepo } from './study-repo.js';
import type {
  Database,
  FlashcardUndoTable,
  DrillMode,
  DrillCardStatus,
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

/** The review and new schedule for a grade, from the person's previous schedule. */
export type ComputeGrade = (previous: CardStateRow | undefined) => {
  review: ReviewRow;
  state: CardStateRow;
  undo?: FlashcardUndoTable;
};

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
  private readonly sessions: SessionRepo;
  /** Drills and review sessions with their cards, as the engine's lifecycle reads them. */
  readonly drills: KindStore<DrillRow, DrillCardRow>;
  /** Quiz-card preferences and undo (issue 17). */
  readonly study: StudyRepo;
  constructor(private readonly db: Kysely<Database>) {
    this.sessions = new SessionRepo(db);
    this.drills = new KindStore(this.sessions, { kind: KIND, toSession: toDrill, toStep: toCard });
    this.study = new StudyRepo(db);
  }

  // --- drills and review sessions --------------------------------------------------------

  /** Insert a drill and its cards, or nothing (a running drill holds the slot). */
  createDrill(drill: DrillRow, cards: DrillCardRow[]): Promise<boolean> {
    return this.sessions.create(fromDrill(drill), cards.map(fromCard));
  }

  getDrill(id: string): Promise<DrillRow | undefined> {
    return this.drills.get(id);
  }

  runningInChannel(platform: string, channelId: string): Promise<DrillRow | undefined> {
    return this.drills.runningInChannel(platform, channelId);
  }

  runningReview(platform: string, userId: string): Promise<DrillRow | undefined> {
    return this.drills.runningOf('review', platform, userId);
  }

  runningDrills(mode?: DrillMode): Promise<DrillRow[]> {
    return this.drills.running(mode);
  }

  finishDrill(id: string, status: Exclude<DrillStatus, 'running'>, now: number) {
    return this.sessions.finish(id, status, now);
  }

  getCard(drillId: string, idx: number): Promise<DrillCardRow | undefined> {
    return this.drills.step(drillId, idx);
  }

  cardsOf(drillId: string): Promise<DrillCardRow[]> {
    return this.drills.steps(drillId);
  }

  /** Show card `idx`'s front: the drill now points at it. False if it was not pending. */
  openCard(drillId: string, idx: number, now: number, deadline: number | null) {
    return this.sessions.open(drillId, idx, 'front', now, deadline);
  }

  setMessage(drillId: string, idx: number, ref: MessageLocation): Promise<void> {
    return this.drills.setMessage(drillId, idx, ref);
  }

  /** front → revealed, once: of a timer and a button racing, only one flips it. */
  revealCard(drillId: string, idx: number, now: number, deadline: number | null) {
    return this.sessions.move(drillId, idx, ['front'], 'revealed', {
      revealed_at: now,
      deadline_at: deadline,
    });
  }

  /** front or revealed → done, once (grading closes). */
  closeCard(drillId: string, idx: number) {
    return this.sessions.move(drillId, idx, ['front', 'revealed'], 'done', { deadline_at: null });
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
  async recordGrade(key: GradeKey, compute: ComputeGrade): Promise<GradeOutcome> {
    return (await this.gradeIn(key, compute, (write) => this.db.transaction().execute(write)))!;
  }

  /**
   * As recordGrade, only while the card is in one of `phases` (a drill's grading): 'closed'
   * when it is not, and nothing is stored. A close by another instance (Next, the deadline)
   * waits for this grade and then shows it, or this grade sees the card closed.
   */
  async recordGradeWhile(
    key: GradeKey,
    phases: readonly string[],
    compute: ComputeGrade,
  ): Promise<GradeOutcome | 'closed'> {
    const outcome = await this.gradeIn(key, compute, async (write) => {
      return (await this.sessions.whilePhase(key.drillId, key.idx, phases, write, 'last'))?.value;
    });
    return outcome ?? 'closed';
  }

  private async gradeIn(
    key: GradeKey,
    compute: ComputeGrade,
    run: (
      write: (trx: Transaction<Database>) => Promise<GradeOutcome>,
    ) => Promise<GradeOutcome | undefined>,
  ): Promise<GradeOutcome | undefined> {
    try {
      return await run(async (trx) => {
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
        const { review, state, undo } = compute(previous);
        await trx.insertInto('flashcard_reviews').values(review).execute();
        if (undo) {
          await trx
            .insertInto('flashcard_undo')
            .values(undo)
            .onConflict((oc) => oc.columns(['drill_id', 'idx', 'user_id']).doUpdateSet(undo))
            .execute();
        }
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

  /** The server's settings JSON (src/settings/schema.ts `fromStored` reads it). */
  serverSettings(platform: string, serverId: string): Promise<string | undefined> {
    return new SettingsRepo(this.db).getSettings(platform, serverId);
  }

  // The retention lives in the server's settings (src/settings/), kept here for the drills.
  // The JSON is read and merged here, not in SQL, so both SQLite and PostgreSQL run it.
  async getRetention(platform: string, serverId: string): Promise<number | undefined> {
    const json = await this.serverSettings(platform, serverId);
    const retention = json ? (JSON.parse(json) as { retention?: unknown }).retention : undefined;
    return typeof retention === 'number' ? retention : undefined;
  }

  async setRetention(
    platform: string,
    serverId: string,
    retention: number,
    by: string,
    now: number,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('server_settings')
        .select('settings')
        .where('platform', '=', platform)
        .where('server_id', '=', serverId)
        .executeTakeFirst();
      const settings = JSON.stringify({
        ...(row ? (JSON.parse(row.settings) as object) : {}),
        retention,
      });
      await trx
        .insertInto('server_settings')
        .values({ platform, server_id: serverId, settings, updated_by: by, updated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['platform', 'server_id'])
            .doUpdateSet({ settings, updated_by: by, updated_at: now }),
        )
        .execute();
    });
  }
}

const KIND = 'flashcards';

interface DrillSettings {
  tag: string | null;
  seconds: number;
  grade_seconds: number;
}

function toDrill(s: SessionRecord): DrillRow {
  const o = JSON.parse(s.settings) as DrillSettings;
  const { kind: _kind, settings: _settings, ...common } = s;
  return {
    ...common,
    mode: s.mode as DrillMode,
    tag: o.tag ?? null,
    seconds: o.seconds,
    grade_seconds: o.grade_seconds,
  };
}

function fromDrill(d: DrillRow): SessionRecord {
  const { tag, seconds, grade_seconds, ...common } = d;
  return { ...common, kind: KIND, settings: JSON.stringify({ tag, seconds, grade_seconds }) };
}

function toCard(st: StepRecord): DrillCardRow {
  const { session_id, item_id, phase, payload: _payload, ...common } = st;
  return { ...common, drill_id: session_id, card_id: item_id, status: phase as DrillCardStatus };
}

function fromCard(c: DrillCardRow): StepRecord {
  const { drill_id, card_id, status, ...common } = c;
  return { ...common, session_id: drill_id, item_id: card_id, payload: '{}', phase: status };
}
