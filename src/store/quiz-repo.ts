/**
 * Every quiz query in one place: the engine speaks in rounds, questions and answers, and
 * never writes SQL. Multi-row changes run in a transaction.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type {
  AnswersTable,
  Database,
  RoundStatus, // rounds and questions as the sessions tables keep them: quiz-rows.ts
} from './schema.js';
import { KindStore, type MessageLocation } from './kind-store.js';
import { fromQuestion, fromRound, quizRows, toQuestion } from './quiz-rows.js';
import type { QuestionRow, RoundRow } from './quiz-rows.js';
import { SessionRepo } from './session-repo.js';
import { isPostgres } from './postgres.js';
import { countQuizAnswer } from '../metrics/index.js';

export type { QuestionRow, RoundRow } from './quiz-rows.js';
/** `value` is absent on letter answers written before migration 70 or by older code. */
export type AnswerRow = Omit<Selectable<AnswersTable>, 'value'> & { value?: number | null };

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

export { isUniqueViolation } from './session-repo.js';

export class QuizRepo {
  private readonly sessions: SessionRepo;
  /** Rounds and their questions as the engine's lifecycle reads them. */
  readonly rounds: KindStore<RoundRow, QuestionRow>;
  constructor(private readonly db: Kysely<Database>) {
    this.sessions = new SessionRepo(db);
    this.rounds = new KindStore(this.sessions, quizRows);
  }

  /** Insert a round and all its questions, or nothing (a running round holds the slot). */
  createRound(round: RoundRow, questions: QuestionRow[]): Promise<boolean> {
    return this.sessions.create(fromRound(round), questions.map(fromQuestion));
  }

  getRound(id: string): Promise<RoundRow | undefined> {
    return this.rounds.get(id);
  }

  runningInChannel(platform: string, channelId: string): Promise<RoundRow | undefined> {
    return this.rounds.runningInChannel(platform, channelId);
  }

  runningSolo(platform: string, userId: string): Promise<RoundRow | undefined> {
    return this.rounds.runningOf('solo', platform, userId);
  }

  runningRounds(mode?: 'channel' | 'solo'): Promise<RoundRow[]> {
    return this.rounds.running(mode);
  }

  getQuestion(roundId: string, idx: number): Promise<QuestionRow | undefined> {
    return this.rounds.step(roundId, idx);
  }

  /** Open a question for answers: its deadline, and the round now points at it. */
  async openQuestion(roundId: string, idx: number, postedAt: number, deadlineAt: number | null) {
    await this.sessions.open(roundId, idx, 'open', postedAt, deadlineAt);
  }

  async setMessage(roundId: string, idx: number, ref: MessageLocation): Promise<void> {
    await this.rounds.setMessage(roundId, idx, ref);
  }

  /** The thread the round plays in (null: its channel), as the lifecycle kept it. */
  thread(roundId: string): Promise<string | null | undefined> {
    return this.sessions.thread(roundId);
  }

  /** Record an answer once; false when this user has already answered this question. */
  async recordAnswer(answer: AnswerRow): Promise<boolean> {
    const insert = (db: Kysely<Database>) =>
      db
        .insertInto('answers')
        .values(answer)
        .onConflict((oc) => oc.columns(['round_id', 'idx', 'user_id']).doNothing())
        .executeTakeFirst();
    // On PostgreSQL another instance may be revealing this question: the insert holds its
    // step (FOR SHARE) and happens only while it is open, so the reveal waits for this answer
    // and scores it, or this answer sees it closed. One statement: one round trip per click.
    const result = !isPostgres(this.db) ? await insert(this.db) : await this.insertIfOpen(answer);
    const stored = Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    if (stored) countQuizAnswer();
    return stored;
  }

  private async insertIfOpen(answer: AnswerRow) {
    const columns = ANSWER_COLUMNS;
    // Typed parameters: in a SELECT list PostgreSQL would take them for text.
    const values = columns.map((c) =>
      typeof answer[c] === 'string' ? sql`${answer[c]}::text` : sql`${answer[c]}::bigint`,
    );
    const r = await sql`INSERT INTO answers (${sql.join(columns.map((c) => sql.ref(c)))})
      SELECT ${sql.join(values)} WHERE EXISTS (SELECT 1 FROM session_steps
        WHERE session_id = ${answer.round_id} AND idx = ${answer.idx} AND phase = 'open' FOR SHARE)
      ON CONFLICT (round_id, idx, user_id) DO NOTHING`.execute(this.db);
    return { numInsertedOrUpdatedRows: r.numAffectedRows };
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
    hold?: { until: number | null },
  ): Promise<{ question: QuestionRow; answers: AnswerRow[] } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const to = hold ? 'reviewing' : 'revealed';
      const flipped = await this.sessions.move(
        roundId,
        idx,
        ['pending', 'open'],
        to,
        { revealed_at: now },
        trx,
      );
      if (!flipped) return undefined;
      const question = toQuestion((await this.sessions.step(roundId, idx, trx))!);
      // Held for the reveal pause or the host: the hold's end is kept apart, so a restart
      // re-arms it and `deadline_at` stays the answering deadline (scoring, stats, exports).
      if (hold) {
        await this.sessions.move(roundId, idx, [to], to, { hold_until: hold.until }, trx);
      }
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

  /** A held (reviewing) question is over: its pause passed or the host moved on. Once. */
  conclude(roundId: string, idx: number): Promise<boolean> {
    return this.sessions.move(roundId, idx, ['reviewing'], 'revealed');
  }

  /**
   * Store or replace an answer while the question is open (host-paced rounds: the last
   * answer counts). False when the question is not open. A reveal on another instance
   * waits for this answer and scores it, or this sees the question closed (whilePhase).
   */
  async changeAnswer(answer: AnswerRow): Promise<boolean> {
    const { round_id: id, idx } = answer;
    const held = await this.sessions.whilePhase(id, idx, ['open'], (t) => this.upsert(t, answer));
    return held !== undefined;
  }

  private async upsert(trx: Transaction<Database>, answer: AnswerRow): Promise<void> {
    await trx
      .insertInto('answers')
      .values(answer)
      .onConflict((oc) =>
        oc.columns(['round_id', 'idx', 'user_id']).doUpdateSet({
          choice: answer.choice,
          correct: answer.correct,
          value: answer.value ?? null,
          answered_at: answer.answered_at,
        }),
      )
      .execute();
  }

  /** End a round; false if it had already ended. */
  finishRound(roundId: string, status: Exclude<RoundStatus, 'running'>, now: number) {
    return this.sessions.finish(roundId, status, now);
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
  recentQuestionIds(platform: string, channelId: string, limit = 200): Promise<string[]> {
    return this.rounds.recentItems(platform, channelId, limit);
  }
}

const ANSWER_COLUMNS = [
  'round_id',
  'idx',
  'user_id',
  'user_name',
  'choice',
  'correct',
  'answered_at',
  'points',
  'platform',
  'server_id',
  'channel_id',
  'topic',
  'ranked',
] as const satisfies readonly (keyof AnswerRow)[];
