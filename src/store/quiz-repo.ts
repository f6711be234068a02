/**
 * Every quiz query in one place: the engine speaks in rounds, questions and answers, and
 * never writes SQL. Multi-row changes run in a transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AnswersTable, Database, QuestionsTable, RoundStatus, RoundsTable } from './schema.js';
import { countQuizAnswer } from '../metrics/index.js';

export type RoundRow = Selectable<RoundsTable>;
export type QuestionRow = Selectable<QuestionsTable>;
export type AnswerRow = Selectable<AnswersTable>;

export interface MessageLocation {
  platform: string;
  channelId: string;
  messageId: string;
}

export interface BoardRow {
  userId: string;
  userName: string;
  points: number;
  correct: number;
  answered: number;
}

export interface TopicRow {
  topic: string;
  answered: number;
  correct: number;
}

/** Points for one answer, decided at reveal; `streak` counts this answer if it is correct. */
export type Scorer = (answer: AnswerRow, question: QuestionRow, streak: number) => number;

/** SQLite's "UNIQUE constraint failed" and its kin in other drivers. */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error &&
  (/UNIQUE constraint failed|PRIMARY KEY/i.test(error.message) ||
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY');

export class QuizRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Insert a round and all its questions, or nothing (a running round holds the slot). */
  async createRound(round: RoundRow, questions: QuestionRow[]): Promise<boolean> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('rounds').values(round).execute();
        if (questions.length > 0) await trx.insertInto('questions').values(questions).execute();
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  getRound(id: string): Promise<RoundRow | undefined> {
    return this.db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  runningInChannel(platform: string, channelId: string): Promise<RoundRow | undefined> {
    return this.db
      .selectFrom('rounds')
      .selectAll()
      .where('platform', '=', platform)
      .where('channel_id', '=', channelId)
      .where('mode', '=', 'channel')
      .where('status', '=', 'running')
      .executeTakeFirst();
  }

  runningSolo(platform: string, userId: string): Promise<RoundRow | undefined> {
    return this.db
      .selectFrom('rounds')
      .selectAll()
      .where('platform', '=', platform)
      .where('starter_id', '=', userId)
      .where('mode', '=', 'solo')
      .where('status', '=', 'running')
      .executeTakeFirst();
  }

  runningRounds(mode?: 'channel' | 'solo'): Promise<RoundRow[]> {
    let q = this.db.selectFrom('rounds').selectAll().where('status', '=', 'running');
    if (mode) q = q.where('mode', '=', mode);
    return q.orderBy('created_at').execute();
  }

  getQuestion(roundId: string, idx: number): Promise<QuestionRow | undefined> {
    return this.db
      .selectFrom('questions')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('idx', '=', idx)
      .executeTakeFirst();
  }

  /** Open a question for answers: its deadline, and the round now points at it. */
  async openQuestion(roundId: string, idx: number, postedAt: number, deadlineAt: number | null) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('questions')
        .set({ status: 'open', posted_at: postedAt, deadline_at: deadlineAt })
        .where('round_id', '=', roundId)
        .where('idx', '=', idx)
        .where('status', '=', 'pending')
        .execute();
      await trx.updateTable('rounds').set({ current: idx }).where('id', '=', roundId).execute();
    });
  }

  async setMessage(roundId: string, idx: number, ref: MessageLocation): Promise<void> {
    await this.db
      .updateTable('questions')
      .set({
        message_platform: ref.platform,
        message_channel: ref.channelId,
        message_id: ref.messageId,
      })
      .where('round_id', '=', roundId)
      .where('idx', '=', idx)
      .execute();
  }

  /** Record an answer once; false when this user has already answered this question. */
  async recordAnswer(answer: AnswerRow): Promise<boolean> {
    const result = await this.db
      .insertInto('answers')
      .values(answer)
      .onConflict((oc) => oc.columns(['round_id', 'idx', 'user_id']).doNothing())
      .executeTakeFirst();
    const stored = Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    if (stored) countQuizAnswer();
    return stored;
  }

  getAnswer(roundId: string, idx: number, userId: string): Promise<AnswerRow | undefined> {
    return this.db
      .selectFrom('answers')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('idx', '=', idx)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  answersTo(roundId: string, idx: number): Promise<AnswerRow[]> {
    return this.db
      .selectFrom('answers')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('idx', '=', idx)
      .orderBy('answered_at')
      .orderBy('user_id')
      .execute();
  }

  async countAnswers(roundId: string, idx: number): Promise<number> {
    const row = await this.db
      .selectFrom('answers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('round_id', '=', roundId)
      .where('idx', '=', idx)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Close a question and score its answers, once: of two reveals racing (the deadline timer
   * and the starter's button), only the one that flips the status gets the answers back.
   */
  async reveal(
    roundId: string,
    idx: number,
    now: number,
    score: Scorer,
  ): Promise<{ question: QuestionRow; answers: AnswerRow[] } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const flipped = await trx
        .updateTable('questions')
        .set({ status: 'revealed', revealed_at: now })
        .where('round_id', '=', roundId)
        .where('idx', '=', idx)
        .where('status', '!=', 'revealed')
        .executeTakeFirst();
      if (Number(flipped.numUpdatedRows) !== 1) return undefined;
      const question = await trx
        .selectFrom('questions')
        .selectAll()
        .where('round_id', '=', roundId)
        .where('idx', '=', idx)
        .executeTakeFirstOrThrow();
      const answers = await trx
        .selectFrom('answers')
        .selectAll()
        .where('round_id', '=', roundId)
        .where('idx', '=', idx)
        .orderBy('answered_at')
        .orderBy('user_id')
        .execute();
      // Earlier correct answers by the same people, for streaks (a missed question breaks one).
      const earlier = await trx
        .selectFrom('answers')
        .select(['user_id', 'idx'])
        .where('round_id', '=', roundId)
        .where('idx', '<', idx)
        .where('correct', '=', 1)
        .execute();
      const rightAt = new Set(earlier.map((r) => `${r.user_id}\u0000${r.idx}`));
      for (const answer of answers) {
        let streak = 0;
        if (answer.correct) {
          streak = 1;
          while (rightAt.has(`${answer.user_id}\u0000${idx - streak}`)) streak++;
        }
        answer.points = score(answer, question, streak);
        await trx
          .updateTable('answers')
          .set({ points: answer.points })
          .where('round_id', '=', roundId)
          .where('idx', '=', idx)
          .where('user_id', '=', answer.user_id)
          .execute();
      }
      return { question, answers };
    });
  }

  /** End a round; false if it had already ended. */
  async finishRound(roundId: string, status: Exclude<RoundStatus, 'running'>, now: number) {
    const result = await this.db
      .updateTable('rounds')
      .set({ status, finished_at: now })
      .where('id', '=', roundId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Totals for one round, best first. */
  roundScores(roundId: string): Promise<BoardRow[]> {
    return this.board((q) => q.where('round_id', '=', roundId), 50);
  }

  /** Ranked answers (channel rounds) in a channel or a whole server, since a time. */
  leaderboard(filter: {
    platform: string;
    serverId?: string;
    channelId?: string;
    since?: number;
    limit?: number;
  }): Promise<BoardRow[]> {
    return this.board((q) => {
      let out = q.where('platform', '=', filter.platform).where('ranked', '=', 1);
      if (filter.serverId !== undefined) out = out.where('server_id', '=', filter.serverId);
      if (filter.channelId !== undefined) out = out.where('channel_id', '=', filter.channelId);
      if (filter.since !== undefined) out = out.where('answered_at', '>=', filter.since);
      return out;
    }, filter.limit ?? 10);
  }

  private async board(
    where: (q: ReturnType<QuizRepo['answersQuery']>) => ReturnType<QuizRepo['answersQuery']>,
    limit: number,
  ): Promise<BoardRow[]> {
    const rows = await where(this.answersQuery())
      .select((eb) => [
        'user_id',
        eb.fn.max('user_name').as('user_name'),
        eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('points'),
        eb.fn.sum<number>('correct').as('correct'),
        eb.fn.countAll<number>().as('answered'),
      ])
      .groupBy('user_id')
      .orderBy('points', 'desc')
      .orderBy('correct', 'desc')
      .orderBy('user_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      userName: String(r.user_name),
      points: Number(r.points),
      correct: Number(r.correct),
      answered: Number(r.answered),
    }));
  }

  private answersQuery() {
    return this.db.selectFrom('answers');
  }

  /** A person's answers per topic, solo practice included. */
  async topicStats(platform: string, userId: string): Promise<TopicRow[]> {
    const rows = await this.db
      .selectFrom('answers')
      .select((eb) => [
        'topic',
        eb.fn.countAll<number>().as('answered'),
        eb.fn.sum<number>('correct').as('correct'),
      ])
      .where('platform', '=', platform)
      .where('user_id', '=', userId)
      .groupBy('topic')
      .orderBy('topic')
      .execute();
    return rows.map((r) => ({
      topic: r.topic,
      answered: Number(r.answered),
      correct: Number(r.correct),
    }));
  }

  /** Bank questions asked recently in a channel, so a new round prefers fresh ones. */
  async recentQuestionIds(platform: string, channelId: string, limit = 200): Promise<string[]> {
    const rows = await this.db
      .selectFrom('questions')
      .innerJoin('rounds', 'rounds.id', 'questions.round_id')
      .select('questions.question_id')
      .where('rounds.platform', '=', platform)
      .where('rounds.channel_id', '=', channelId)
      .orderBy('rounds.created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.question_id);
  }
}
