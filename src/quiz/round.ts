/**
 * A quiz round as a session kind (src/games/session.ts): what differs from every other
 * channel session. A question is pending, then open (answers, a deadline), then revealed
 * (scored). The lifecycle — posting, deadlines, resume, stop — is the engine's.
 */
import type { InteractionContext } from '../interaction.js';
import type { SessionIO, SessionKind, SessionStore } from '../games/session.js';
import { info } from '../games/session.js';
import type { Reply } from '../reply.js';
import type { QuestionRow, QuizRepo, RoundRow } from '../store/index.js';
import { pickQuestions } from './pick.js';
import { LETTERS, type Question } from './question.js';
import { questionReply, revealReply, summaryReply } from './render.js';
import { pointsFor, weekStart } from './scoring.js';
import type { Difficulty, QuestionSource, Topic } from './topics.js';

export interface RoundOptions {
  count: number;
  seconds: number;
  source: QuestionSource;
  topic?: Topic;
  difficulty?: Difficulty;
  seed?: number;
}

/** The quiz's sessions and steps, as the lifecycle reads them. */
export const roundStore = (repo: QuizRepo): SessionStore<RoundRow, QuestionRow> => ({
  get: (id) => repo.getRound(id),
  runningInChannel: (platform, channelId) => repo.runningInChannel(platform, channelId),
  runningChannel: () => repo.runningRounds('channel'),
  step: (id, idx) => repo.getQuestion(id, idx),
  setMessage: (id, idx, ref) => repo.setMessage(id, idx, ref),
  finish: (id, status, now) => repo.finishRound(id, status, now),
});

export class QuizRound implements SessionKind<RoundRow, QuestionRow> {
  readonly store: SessionStore<RoundRow, QuestionRow>;

  constructor(
    private readonly repo: QuizRepo,
    private readonly io: SessionIO,
  ) {
    this.store = roundStore(repo);
  }

  phase(row: QuestionRow) {
    return row.status === 'open' ? 'live' : row.status === 'revealed' ? 'done' : 'pending';
  }

  async open(round: RoundRow, idx: number) {
    const row = await this.repo.getQuestion(round.id, idx);
    if (!row) return undefined;
    const now = this.io.now();
    const deadline = now + round.seconds * 1000;
    await this.repo.openQuestion(round.id, idx, now, deadline);
    return { post: questionView(round, row, 0), deadline };
  }

  /** Reveal a question (once) and score it: at its deadline, or early by the host. */
  async move(round: RoundRow, idx: number, control?: string) {
    return (await this.reveal(round, idx, control === 'reveal')) ? ('done' as const) : undefined;
  }

  async close(round: RoundRow, idx: number): Promise<void> {
    const row = await this.repo.getQuestion(round.id, idx);
    if (row?.status === 'open') await this.reveal(round, idx, true);
  }

  private async reveal(round: RoundRow, idx: number, early: boolean): Promise<boolean> {
    const result = await this.repo.reveal(round.id, idx, this.io.now(), scorer);
    if (!result) return false;
    const reply = revealReply({
      ...viewOf(round, result.question),
      answersList: result.answers,
      early,
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
      limit: 5,
    });
    return summaryReply({ scores, count: round.count, stopped: status === 'stopped', weekly });
  }

  started(round: RoundRow): Reply {
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
    platform: ctx.platform,
    server_id: ctx.server?.id ?? '',
    channel_id: ctx.channel.id,
    starter_id: ctx.user.id,
    starter_name: ctx.user.name.slice(0, 80),
    mode,
    status: 'running',
    seconds: o.seconds,
    count: questions.length,
    topic: o.topic ?? null,
    difficulty: o.difficulty ?? null,
    source: o.source,
    seed: o.seed,
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
  const existing = await repo.getAnswer(round.id, row.idx, ctx.user.id);
  if (existing) {
    const correct = row.status === 'revealed' ? row.correct : undefined;
    return { reply: alreadyAnswered(existing.choice, correct), stored: false };
  }
  if (
    round.status !== 'running' ||
    row.status !== 'open' ||
    (row.deadline_at !== null && now > row.deadline_at)
  ) {
    const answer = row.status === 'revealed' ? `; the answer was ${LETTERS[row.correct]}` : '';
    return { reply: info('Too late', `This question is closed${answer}.`), stored: false };
  }
  const inserted = await repo.recordAnswer({
    round_id: round.id,
    idx: row.idx,
    user_id: ctx.user.id,
    user_name: ctx.user.name.slice(0, 80),
    choice,
    correct: choice === row.correct ? 1 : 0,
    answered_at: now,
    points: null,
    platform: round.platform,
    server_id: round.server_id,
    channel_id: round.channel_id,
    topic: row.topic,
    ranked: round.mode === 'channel' ? 1 : 0,
  });
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
      channelId: round.channel_id,
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
  };
}

export const questionView = (round: RoundRow, row: QuestionRow, answers?: number): Reply =>
  questionReply({ ...viewOf(round, row), answers });

function alreadyAnswered(choice: number, correct?: number): Reply {
  const after = correct === undefined ? '' : ` The answer was ${LETTERS[correct]}.`;
  return info(
    'Already answered',
    `You already answered ${LETTERS[choice] ?? '?'}; only your first click counts.${after}`,
  );
}
