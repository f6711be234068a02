/**
 * A quiz round as a session kind (src/games/session.ts): what differs from every other
 * channel session. A question is pending, then open (answers, a deadline), then revealed
 * (scored). The lifecycle — posting, deadlines, resume, stop — is the engine's.
 */
import type { InteractionContext } from '../interaction.js';
import type { Moved, SessionIO, SessionKind, SessionStore } from '../games/session.js';
import { startedBy } from '../games/channel-game.js';
import { info, phaseOf } from '../games/session.js';
import type { Reply } from '../reply.js';
import type { SessionSettingsSource } from '../games/session-settings.js';
import type { AnswerRow, BoardRow, QuestionRow, QuizRepo, RoundRow } from '../store/index.js';
import { answerRow } from './answer-row.js';
import { pickQuestions } from './pick.js';
import { LETTERS, type Question } from './question.js';
import { questionReply, revealReply, summaryReply } from './render.js';
import { changeAnswer, panelReply } from './host.js';
import { numericOf } from './numeric.js';
import { pointsFor, weekStart } from './scoring.js';
import type { Difficulty, QuestionSource, Topic } from './topics.js';

/** Told each revealed question with its answers (quiz misses become flashcards). */
export type RevealHook = (round: RoundRow, q: QuestionRow, answers: AnswerRow[]) => Promise<void>;

export interface RoundOptions {
  /** Host-paced: no timers; the starter's private panel moves the round on. */
  host?: boolean;
  /** Play it in a thread (undefined: the server's `threads` setting). */
  thread?: boolean;
  count: number;
  seconds: number;
  source: QuestionSource;
  topic?: Topic;
  difficulty?: Difficulty;
  seed?: number;
  /** source 'course': only the server's questions with this tag of the file. */
  tag?: string;
  /** source 'course': the server's questions, loaded by the engine. */
  course?: readonly Question[];
  /** Generated problems are answered by typing the number, not by a letter. */
  typed?: boolean;
}

export type BoardFilter = (
  rows: BoardRow[],
  where: { platform: string; serverId: string },
) => Promise<BoardRow[]>;

export class QuizRound implements SessionKind<RoundRow, QuestionRow> {
  readonly store: SessionStore<RoundRow, QuestionRow>;

  constructor(
    private readonly repo: QuizRepo,
    private readonly io: SessionIO,
    private readonly settings: SessionSettingsSource,
    private readonly revealed?: RevealHook,
    /** The server's leaderboard mode applied to the summary's lists (src/settings/boards.ts). */
    private readonly present?: BoardFilter,
    /** The same rules for the names on a public reveal. */
    private readonly names?: <R extends { user_id: string; user_name: string }>(
      answers: R[],
      where: { platform: string; serverId: string },
    ) => Promise<R[]>,
  ) {
    this.store = repo.rounds;
  }

  /** 'reviewing' (revealed, held for the pause or the host) is still live: it moves on later. */
  phase(row: QuestionRow) {
    return phaseOf(row.status, ['open', 'reviewing'], 'revealed');
  }

  async open(round: RoundRow, idx: number) {
    const row = await this.repo.getQuestion(round.id, idx);
    if (!row) return undefined;
    const now = this.io.now();
    const deadline = round.host === 1 ? null : now + round.seconds * 1000;
    await this.repo.openQuestion(round.id, idx, now, deadline);
    return { post: questionView(round, row, 0), deadline };
  }

  /**
   * Timed rounds: the deadline (or the host's early reveal) reveals and scores a question,
   * which is then held for the reveal pause; the pause's deadline moves on. Host-paced
   * rounds: `reveal` holds it until `next`; `skip` reveals and moves on at once.
   */
  async move(round: RoundRow, idx: number, control?: string): Promise<Moved> {
    const row = await this.repo.getQuestion(round.id, idx);
    const host = round.host === 1;
    if (host && control === 'back') {
      await this.showAgain(round, idx - 1);
      return undefined; // nothing moved: the current question stays where it is
    }
    if (row?.status === 'reviewing') {
      const go = host ? control === 'next' || control === 'skip' : control === undefined;
      return go && (await this.repo.conclude(round.id, idx)) ? 'done' : undefined;
    }
    if (row?.status !== 'open') return undefined;
    if (host && control !== 'reveal' && control !== 'skip') return undefined;
    let hold: { until: number | null } | undefined;
    if (host) hold = control === 'reveal' ? { until: null } : undefined;
    else if (idx + 1 < round.count) {
      const { pauseSeconds } = await this.settings.forServer(round.platform, round.server_id);
      if (pauseSeconds > 0) hold = { until: this.io.now() + pauseSeconds * 1000 };
    }
    if (!(await this.reveal(round, idx, !host && control === 'reveal', hold))) return undefined;
    return hold ? { deadline: hold.until } : 'done';
  }

  async close(round: RoundRow, idx: number): Promise<void> {
    const row = await this.repo.getQuestion(round.id, idx);
    if (row?.status === 'open') await this.reveal(round, idx, true);
    else if (row?.status === 'reviewing') await this.repo.conclude(round.id, idx);
  }

  /** The host went back: post an earlier question with its reveal again. */
  private async showAgain(round: RoundRow, idx: number): Promise<void> {
    const row = idx >= 0 ? await this.repo.getQuestion(round.id, idx) : undefined;
    if (!row || row.status !== 'revealed') return;
    const answers = await this.repo.answersTo(round.id, idx);
    const where = { platform: round.platform, serverId: round.server_id };
    const reply = revealReply({
      ...viewOf(round, row),
      answersList: this.names ? await this.names(answers, where) : answers,
    });
    await this.io.say(round, { ...reply, notes: [`The host went back to question ${idx + 1}.`] });
  }

  private async reveal(
    round: RoundRow,
    idx: number,
    early: boolean,
    hold?: { until: number | null },
  ): Promise<boolean> {
    const result = await this.repo.reveal(round.id, idx, this.io.now(), scorer, hold);
    if (!result) return false;
    await this.revealed?.(round, result.question, result.answers);
    const where = { platform: round.platform, serverId: round.server_id };
    const reply = revealReply({
      ...viewOf(round, result.question),
      answersList: this.names ? await this.names(result.answers, where) : result.answers,
      early,
      next: hold?.until ? Math.round((hold.until - this.io.now()) / 1000) : undefined,
    });
    await this.io.edit(round, result.question, reply);
    return true;
  }

  async liveView(round: RoundRow, idx: number): Promise<Reply | undefined> {
    const row = await this.repo.getQuestion(round.id, idx);
    if (!row || row.status !== 'open') return undefined;
    return questionView(round, row, await this.repo.countAnswers(round.id, idx));
  }

  async summary(round: RoundRow, status: 'finished' | 'stopped'): Promise<Reply> {
    const scores = await this.repo.roundScores(round.id);
    const weekly = await this.repo.leaderboard({
      platform: round.platform,
      serverId: round.server_id,
      channelId: round.channel_id,
      since: weekStart(this.io.now()),
      limit: 100,
    });
    const where = { platform: round.platform, serverId: round.server_id };
    const present = this.present ?? ((rows: BoardRow[]) => Promise.resolve(rows));
    return summaryReply({
      scores: await present(scores, where),
      count: round.count,
      stopped: status === 'stopped',
      weekly: (await present(weekly, where)).slice(0, 5),
    });
  }

  started(round: RoundRow): Reply {
    if (round.host === 1) return panelReply(round);
    return {
      title: 'Quiz started',
      summary: `${round.count} question${round.count === 1 ? '' : 's'}, ${round.seconds} s each. Answer with the buttons on the question; your first click counts.`,
      notes: [
        'You can reveal early or stop the round with the buttons under each question, or `/quiz stop`.',
      ],
      visibility: 'private',
      tone: 'info',
      data: { roundId: round.id },
    };
  }

  async starterName(round: RoundRow): Promise<string> {
    const starter = { user_id: round.starter_id, user_name: round.starter_name };
    const where = { platform: round.platform, serverId: round.server_id };
    return this.names ? (await this.names([starter], where))[0]!.user_name : round.starter_name;
  }

  threadName(round: RoundRow): string {
    const about = round.topic?.replace(/-/g, ' ') ?? 'scaling laws';
    return `Quiz · ${about} · ${round.count} question${round.count === 1 ? '' : 's'}`;
  }

  busy(round: RoundRow) {
    return {
      what: `a quiz in this channel (question ${round.current + 1} of ${round.count})`,
      join: 'Answer it above, or wait for it to end.',
      key: 'roundId',
    };
  }
}

/** Pick the questions and store a new round (false: the channel's or player's slot is taken). */
export async function createRound(
  repo: QuizRepo,
  mode: 'channel' | 'solo',
  o: RoundOptions & { id: string; seed: number; now: number },
  ctx: InteractionContext,
): Promise<RoundRow | undefined> {
  const recent = new Set(await repo.recentQuestionIds(ctx.platform, ctx.channel.id));
  const questions = pickQuestions({ ...o, recent });
  const round: RoundRow = {
    id: o.id,
    ...startedBy(ctx),
    mode,
    status: 'running',
    seconds: o.seconds,
    count: questions.length,
    topic: o.topic ?? null,
    difficulty: o.difficulty ?? null,
    source: o.source,
    seed: o.seed,
    host: o.host ? 1 : 0,
    current: 0,
    created_at: o.now,
    finished_at: null,
  };
  const rows: QuestionRow[] = questions.map((q, idx) => ({
    round_id: round.id,
    idx,
    question_id: q.id,
    topic: q.topic,
    difficulty: q.difficulty,
    correct: q.correct,
    payload: JSON.stringify(q),
    status: 'pending',
    posted_at: null,
    deadline_at: null,
    revealed_at: null,
    message_platform: null,
    message_channel: null,
    message_id: null,
  }));
  return (await repo.createRound(round, rows)) ? round : undefined;
}

/**
 * Store one answer (the first click counts), for channel rounds and solo practice alike.
 * `stored` tells the caller whether this click was the one recorded.
 */
export async function recordAnswer(
  repo: QuizRepo,
  now: number,
  round: RoundRow,
  row: QuestionRow,
  choice: number,
  ctx: InteractionContext & { messageId?: string },
): Promise<{ reply: Reply; stored: boolean }> {
  // A forged or stale letter click on a numeric question stores nothing.
  if (numericOf(row)) {
    return {
      reply: info('Type a number', 'This question is answered with “Answer with a number”.'),
      stored: false,
    };
  }
  if (round.host === 1) return changeAnswer(repo, now, round, row, choice, ctx);
  const existing = await repo.getAnswer(round.id, row.idx, ctx.user.id);
  if (existing) {
    const correct = row.status === 'open' || row.status === 'pending' ? undefined : row.correct;
    return { reply: alreadyAnswered(existing.choice, correct), stored: false };
  }
  if (
    round.status !== 'running' ||
    row.status !== 'open' ||
    (row.deadline_at !== null && now > row.deadline_at)
  ) {
    const answer =
      row.status === 'revealed' || row.status === 'reviewing'
        ? `; the answer was ${LETTERS[row.correct]}`
        : '';
    return { reply: info('Too late', `This question is closed${answer}.`), stored: false };
  }
  const inserted = await repo.recordAnswer(
    answerRow(round, row, ctx, now, { choice, correct: choice === row.correct }),
  );
  if (!inserted) {
    const first = await repo.getAnswer(round.id, row.idx, ctx.user.id);
    // No answer of theirs: another instance closed the question meanwhile.
    if (!first) return { reply: info('Too late', 'This question is closed.'), stored: false };
    return { reply: alreadyAnswered(first.choice), stored: false };
  }
  // A crash between posting and saving the ref leaves it unknown: the click tells us.
  if (row.message_id === null && ctx.messageId) {
    await repo.setMessage(round.id, row.idx, {
      platform: round.platform,
      channelId: await clickedChannel(repo, round, ctx),
      messageId: ctx.messageId,
    });
  }
  return {
    reply: info(
      `You answered ${LETTERS[choice]}`,
      'Locked in. The answer is revealed when the time is up.',
    ),
    stored: true,
  };
}

export const scorer = (
  answer: { correct: number; answered_at: number },
  q: QuestionRow,
  streak: number,
) =>
  pointsFor({
    correct: answer.correct === 1,
    answeredAt: answer.answered_at,
    postedAt: q.posted_at,
    deadlineAt: q.deadline_at,
    streak,
  });

export function viewOf(round: RoundRow, row: QuestionRow) {
  return {
    roundId: round.id,
    idx: row.idx,
    count: round.count,
    question: JSON.parse(row.payload) as Question,
    seconds: round.seconds,
    solo: round.mode === 'solo',
    host: round.host === 1,
  };
}

export const questionView = (round: RoundRow, row: QuestionRow, answers?: number): Reply =>
  questionReply({ ...viewOf(round, row), answers });

/**
 * The channel of the message clicked: the round's thread when the click came from it (Discord,
 * where a thread is a channel of its own), else the round's channel (Slack keeps a thread's
 * replies in the channel; its thread id is the parent's ts, never a click's channel).
 */
async function clickedChannel(
  repo: QuizRepo,
  round: RoundRow,
  ctx: InteractionContext,
): Promise<string> {
  const thread = await repo.thread(round.id);
  return thread && ctx.channel.id === thread ? thread : round.channel_id;
}

function alreadyAnswered(choice: number, correct?: number): Reply {
  const after = correct === undefined ? '' : ` The answer was ${LETTERS[correct]}.`;
  return info(
    'Already answered',
    `You already answered ${LETTERS[choice] ?? '?'}; only your first click counts.${after}`,
  );
}
