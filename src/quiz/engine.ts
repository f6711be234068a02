/**
 * The round engine: platform-neutral, it knows users, channels and servers as ids. Every
 * fact about a round lives in the store (questions, deadlines, answers, message refs), so
 * buttons on old messages keep working and `resume()` re-arms the timers after a restart;
 * memory only holds the timers themselves and the live-count throttle.
 *
 * Channel rounds post questions with the platform's Messenger and return a short private
 * "round started" reply to the command: the engine needs each question's MessageRef to
 * edit it later, and a command's own response has none. Solo rounds need no Messenger:
 * they live in the private command reply and its button updates.
 */
import { randomBytes } from 'node:crypto';
import type {
  ActionInteraction,
  ActionResult,
  InteractionContext,
  MessageRef,
  Platform,
} from '../interaction.js';
import { ChannelGame, type GameDeps } from '../games/channel-game.js';
import { logger } from '../logger.js';
import { errorReply, type Reply } from '../reply.js';
import { isStoreFailure } from '../store/failure.js';
import { QuizRepo, type QuestionRow, type RoundRow, type Store } from '../store/index.js';
import { expiredReply } from '../games/ids.js';
import { boardAction, decodeQuizClick, soloNextAction, type QuizClick } from './actions.js';
import { pickQuestions } from './pick.js';
import { LETTERS, type Question } from './question.js';
import { newSeed } from './random.js';
import {
  leaderboardReply,
  questionReply,
  revealReply,
  statsReply,
  summaryReply,
  type Period,
  type Scope,
} from './render.js';
import { pointsFor, weekStart } from './scoring.js';
import type { Difficulty, QuestionSource, Topic } from './topics.js';

export type { TimerHandle } from '../games/channel-game.js';

export interface QuizDeps extends GameDeps {
  store: Store;
  newRoundId?: () => string;
  newSeed?: () => number;
}

export interface RoundOptions {
  count: number;
  seconds: number;
  source: QuestionSource;
  topic?: Topic;
  difficulty?: Difficulty;
  seed?: number;
}

type Ctx = InteractionContext;

export class QuizEngine extends ChannelGame {
  readonly repo: QuizRepo;
  private readonly newRoundId: () => string;
  private readonly newSeed: () => number;

  constructor(private readonly deps: QuizDeps) {
    super(deps, 'quiz', 'quiz');
    this.repo = new QuizRepo(deps.store.db);
    this.newRoundId = deps.newRoundId ?? (() => randomBytes(4).toString('hex'));
    this.newSeed = deps.newSeed ?? newSeed;
  }

  get store(): Store {
    return this.deps.store;
  }

  // --- commands --------------------------------------------------------------------------

  async start(options: RoundOptions, ctx: Ctx): Promise<Reply> {
    this.remember(ctx);
    const messenger = this.messengers.get(ctx.platform);
    if (!messenger) {
      return errorReply(
        'No channel to quiz in',
        'Channel quizzes need a chat channel. Try `/quiz solo` for a private practice round.',
      );
    }
    let running = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
    // A round stuck on a deadline the store failed may be over once it is picked up.
    if (running && (await this.retryNow(running.id)))
      running = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
    if (running) return this.alreadyRunning(running, ctx);
    const round = await this.createRound('channel', options, ctx);
    if (!round) {
      const other = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
      return other
        ? this.alreadyRunning(other, ctx)
        : errorReply('Try again', 'Could not start the round.');
    }
    try {
      await this.serial(round.id, () => this.ask(round, 0));
    } catch (error) {
      // The store went down mid-start: the round carries on once it is back.
      if (isStoreFailure(error)) {
        this.retryLater(round.id, 0, error);
        throw error;
      }
      logger.error({ err: error, round: round.id }, 'quiz: could not post the first question');
      await this.repo.finishRound(round.id, 'stopped', this.now());
      return errorReply(
        'Could not post the question',
        'I could not post in this channel. Check that I may send messages here.',
      );
    }
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

  async startSolo(options: RoundOptions, ctx: Ctx): Promise<Reply> {
    this.remember(ctx);
    const old = await this.repo.runningSolo(ctx.platform, ctx.user.id);
    if (old) await this.repo.finishRound(old.id, 'stopped', this.now());
    const round = await this.createRound('solo', options, ctx);
    if (!round) return errorReply('Try again', 'Could not start a practice round.');
    const question = await this.openSolo(round, 0);
    return question;
  }

  async stop(ctx: Ctx): Promise<Reply> {
    const round = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
    if (!round) {
      const solo = await this.repo.runningSolo(ctx.platform, ctx.user.id);
      if (solo) {
        await this.repo.finishRound(solo.id, 'stopped', this.now());
        return {
          title: 'Practice stopped',
          summary: 'Your practice round is over.',
          visibility: 'private',
          tone: 'info',
        };
      }
      return errorReply('No quiz running', 'There is no quiz running in this channel.');
    }
    const refused = await this.refusal(round, ctx, 'stop');
    if (refused) return refused;
    await this.serial(round.id, () => this.end(round.id, 'stopped'));
    return {
      title: 'Quiz stopped',
      summary: 'The round is over; the summary is in the channel.',
      visibility: 'private',
      tone: 'info',
    };
  }

  async leaderboard(ctx: Ctx, scope: Scope, period: Period): Promise<Reply> {
    const rows = await this.repo.leaderboard({
      platform: ctx.platform,
      serverId: ctx.server?.id ?? '',
      channelId: scope === 'channel' ? ctx.channel.id : undefined,
      since: period === 'week' ? weekStart(this.now()) : undefined,
      limit: 10,
    });
    return leaderboardReply(rows, scope, period);
  }

  async stats(ctx: Ctx): Promise<Reply> {
    return statsReply(ctx.user.name, await this.repo.topicStats(ctx.platform, ctx.user.id));
  }

  // --- buttons ---------------------------------------------------------------------------

  async onAction(ctx: ActionInteraction): Promise<ActionResult> {
    this.remember(ctx);
    const board = boardAction.decode(ctx.actionId);
    if (board) return { update: await this.leaderboard(ctx, board.scope, board.period) };
    const click = decodeQuizClick(ctx.actionId);
    if (!click) return { reply: expiredReply('quiz') };
    const idx = click.step;
    let round = await this.repo.getRound(click.session);
    const soloClick = click.what.startsWith('solo-');
    if (round && (round.mode === 'solo') !== soloClick) return { reply: expiredReply('quiz') };
    if (round?.mode === 'channel') {
      const wrong = this.elsewhere(round, ctx);
      if (wrong) return { reply: wrong };
      if (await this.retryNow(round.id)) round = await this.repo.getRound(round.id);
    }
    const row = round ? await this.repo.getQuestion(round.id, idx) : undefined;
    if (!round || !row) {
      return {
        reply: errorReply(
          'That quiz has ended',
          'This question is no longer part of a running quiz.',
        ),
      };
    }
    if (round.mode === 'solo') return this.soloAction(round, row, click, ctx);
    const third = click.what;
    if (third === 'reveal') {
      const refused = await this.refusal(round, ctx, 'reveal');
      if (refused) return { reply: refused };
      const revealed = await this.serial(round.id, () =>
        this.revealAndAdvance(round.id, idx, true),
      );
      return {
        reply: info(
          revealed ? 'Revealed' : 'Already revealed',
          revealed ? 'The answer is up.' : 'That question was already revealed.',
        ),
      };
    }
    if (third === 'stop') {
      const refused = await this.refusal(round, ctx, 'stop');
      if (refused) return { reply: refused };
      await this.serial(round.id, () => this.end(round.id, 'stopped'));
      return { reply: info('Quiz stopped', 'The round is over; the summary is in the channel.') };
    }
    if (click.what !== 'answer') return { reply: expiredReply('quiz') };
    return { reply: await this.answer(round, row, click.choice, ctx) };
  }

  private async answer(
    round: RoundRow,
    row: QuestionRow,
    choice: number,
    ctx: ActionInteraction,
  ): Promise<Reply> {
    if (!Number.isInteger(choice) || choice < 0 || choice > 3) {
      return errorReply('Unknown button', 'That button does not belong to this quiz.');
    }
    const now = this.now();
    const existing = await this.repo.getAnswer(round.id, row.idx, ctx.user.id);
    if (existing)
      return alreadyAnswered(existing.choice, row.status === 'revealed' ? row.correct : undefined);
    if (
      round.status !== 'running' ||
      row.status !== 'open' ||
      (row.deadline_at !== null && now > row.deadline_at)
    ) {
      return info(
        'Too late',
        `This question is closed${row.status === 'revealed' ? `; the answer was ${LETTERS[row.correct]}` : ''}.`,
      );
    }
    const inserted = await this.repo.recordAnswer({
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
      const first = await this.repo.getAnswer(round.id, row.idx, ctx.user.id);
      return alreadyAnswered(first?.choice ?? choice);
    }
    // A crash between posting and saving the ref leaves it unknown: the click tells us.
    if (row.message_id === null && ctx.messageId) {
      await this.repo.setMessage(round.id, row.idx, {
        platform: round.platform,
        channelId: round.channel_id,
        messageId: ctx.messageId,
      });
    }
    if (round.mode === 'channel') this.scheduleLiveCount(round, row.idx);
    return info(
      `You answered ${LETTERS[choice]}`,
      'Locked in. The answer is revealed when the time is up.',
    );
  }

  private async soloAction(
    round: RoundRow,
    row: QuestionRow,
    click: QuizClick,
    ctx: ActionInteraction,
  ): Promise<ActionResult> {
    if (ctx.user.id !== round.starter_id) {
      return {
        reply: errorReply(
          'Not your practice round',
          'This is someone else’s practice round. Start your own with `/quiz solo`.',
        ),
      };
    }
    if (click.what === 'solo-stop') {
      await this.repo.finishRound(round.id, 'stopped', this.now());
      return { update: await this.soloSummary(round, true) };
    }
    if (click.what === 'solo-next') {
      const next = row.idx + 1;
      if (round.status !== 'running')
        return { reply: info('Practice over', 'Start another with `/quiz solo`.') };
      if (next >= round.count) {
        await this.repo.finishRound(round.id, 'finished', this.now());
        return { update: await this.soloSummary(round, false) };
      }
      const current = await this.repo.getRound(round.id);
      if (current && current.current >= next) {
        return { update: this.questionView(round, (await this.repo.getQuestion(round.id, next))!) };
      }
      return { update: await this.openSolo(round, next) };
    }
    if (click.what !== 'solo-answer') return { reply: expiredReply('quiz') };
    const choice = click.choice;
    const reply = await this.answer(round, row, choice, ctx);
    const existing = await this.repo.getAnswer(round.id, row.idx, ctx.user.id);
    if (!existing || existing.choice !== choice || reply.tone === 'error') return { reply };
    const result = await this.repo.reveal(round.id, row.idx, this.now(), this.scorer);
    if (!result) return { reply };
    const revealed = revealReply({
      ...this.view(round, result.question),
      answersList: result.answers,
      solo: true,
    });
    const last = row.idx + 1 >= round.count;
    revealed.actions = [
      [
        {
          id: soloNextAction.encode({ session: round.id, step: row.idx }),
          label: last ? 'Finish' : 'Next question',
          style: 'primary',
        },
      ],
    ];
    revealed.summary = `${existing.correct ? '✅ Right!' : `❌ You chose ${LETTERS[choice]}.`} ${revealed.summary}`;
    return { update: revealed };
  }

  // --- the round's life ------------------------------------------------------------------

  /** Re-arm every running round from the store: after a restart, or when first configured. */
  async resume(): Promise<number> {
    const rounds = await this.repo.runningRounds('channel');
    let armed = 0;
    for (const round of rounds) {
      if (!this.messengers.has(round.platform as Platform)) {
        logger.warn(
          { round: round.id, platform: round.platform },
          'quiz: no messenger for a running round; stopping it',
        );
        await this.repo.finishRound(round.id, 'stopped', this.now());
        continue;
      }
      try {
        if (await this.serial(round.id, () => this.carryOn(round, true))) armed++;
      } catch (error) {
        if (!isStoreFailure(error)) throw error;
        this.retryLater(round.id, 0, error);
      }
    }
    return armed;
  }

  protected override async recover(roundId: string): Promise<void> {
    const round = await this.repo.getRound(roundId);
    if (round?.status === 'running') await this.carryOn(round, false);
  }

  /**
   * Carry a running round on from the store: re-arm its open question, or reveal it when
   * its deadline has passed (`arm` false: now, so a failing store backs off), ask the next.
   */
  private async carryOn(round: RoundRow, arm: boolean): Promise<boolean> {
    const row = await this.repo.getQuestion(round.id, round.current);
    if (!row) return false;
    if (row.status === 'open' && row.deadline_at !== null) {
      if (arm || row.deadline_at > this.now()) this.armReveal(round.id, row.idx, row.deadline_at);
      else await this.revealAndAdvance(round.id, row.idx, false);
    } else if (row.status === 'revealed') await this.advance(round.id, row.idx);
    else await this.ask(round, row.idx);
    return true;
  }

  private async createRound(
    mode: 'channel' | 'solo',
    o: RoundOptions,
    ctx: Ctx,
  ): Promise<RoundRow | undefined> {
    const seed = o.seed ?? this.newSeed();
    const recent = new Set(await this.repo.recentQuestionIds(ctx.platform, ctx.channel.id));
    const questions = pickQuestions({
      count: o.count,
      seed,
      source: o.source,
      topic: o.topic,
      difficulty: o.difficulty,
      recent,
    });
    const round: RoundRow = {
      id: this.newRoundId(),
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
      seed,
      current: 0,
      created_at: this.now(),
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
    return (await this.repo.createRound(round, rows)) ? round : undefined;
  }

  /** Open question `idx` for answers, post it, and set its deadline timer. */
  private async ask(round: RoundRow, idx: number): Promise<void> {
    const messenger = this.messengerFor(round);
    const row = await this.repo.getQuestion(round.id, idx);
    if (!row) return;
    const now = this.now();
    const deadline = now + round.seconds * 1000;
    await this.repo.openQuestion(round.id, idx, now, deadline);
    const ref = await messenger.post(round.channel_id, this.questionView(round, row, 0));
    await this.repo.setMessage(round.id, idx, ref);
    this.openCount(round.id, idx);
    this.armReveal(round.id, idx, deadline);
  }

  private async openSolo(round: RoundRow, idx: number): Promise<Reply> {
    await this.repo.openQuestion(round.id, idx, this.now(), null);
    return this.questionView(round, (await this.repo.getQuestion(round.id, idx))!);
  }

  private armReveal(roundId: string, idx: number, deadline: number): void {
    this.arm(roundId, idx, deadline, () => this.revealAndAdvance(roundId, idx, false));
  }

  /** Reveal a question (once), then ask the next or end the round. */
  private async revealAndAdvance(roundId: string, idx: number, early: boolean): Promise<boolean> {
    const round = await this.repo.getRound(roundId);
    if (!round || round.status !== 'running') return false;
    const revealed = await this.revealOne(round, idx, early);
    if (!revealed) return false;
    await this.advance(roundId, idx);
    return true;
  }

  private async revealOne(round: RoundRow, idx: number, early: boolean): Promise<boolean> {
    this.disarm(round.id, idx);
    const result = await this.repo.reveal(round.id, idx, this.now(), this.scorer);
    if (!result) return false;
    const ref = refOf(result.question);
    if (ref) {
      const reply = revealReply({
        ...this.view(round, result.question),
        answersList: result.answers,
        early,
      });
      await this.safeEdit(round, ref, reply);
    }
    return true;
  }

  private async advance(roundId: string, idx: number): Promise<void> {
    const round = await this.repo.getRound(roundId);
    if (!round || round.status !== 'running') return;
    if (idx + 1 >= round.count) return this.end(roundId, 'finished');
    try {
      await this.ask(round, idx + 1);
    } catch (error) {
      if (isStoreFailure(error)) throw error; // picked up again when the store is back
      // Without its question message the round cannot go on; end it so the channel is free.
      logger.error({ err: error, round: roundId, idx: idx + 1 }, 'quiz: could not post a question');
      await this.end(roundId, 'stopped');
    }
  }

  /** End a round: reveal the open question (stop), then post the summary. */
  private async end(roundId: string, status: 'finished' | 'stopped'): Promise<void> {
    const round = await this.repo.getRound(roundId);
    if (!round || round.status !== 'running') return;
    const row = await this.repo.getQuestion(round.id, round.current);
    if (row && row.status === 'open') await this.revealOne(round, row.idx, true);
    if (!(await this.repo.finishRound(round.id, status, this.now()))) return;
    const scores = await this.repo.roundScores(round.id);
    const weekly = await this.repo.leaderboard({
      platform: round.platform,
      serverId: round.server_id,
      channelId: round.channel_id,
      since: weekStart(this.now()),
      limit: 5,
    });
    const summary = summaryReply({
      scores,
      count: round.count,
      stopped: status === 'stopped',
      weekly,
    });
    try {
      await this.messengerFor(round).post(round.channel_id, summary);
    } catch (error) {
      logger.error({ err: error, round: round.id }, 'quiz: could not post the summary');
    }
  }

  private async soloSummary(round: RoundRow, stopped: boolean): Promise<Reply> {
    const scores = await this.repo.roundScores(round.id);
    return summaryReply({ scores, count: round.count, stopped, weekly: [], solo: true });
  }

  /** Throttled "N answered" edits of the question message. */
  private scheduleLiveCount(round: RoundRow, idx: number): void {
    this.scheduleCount(round.id, idx, () => this.editLiveCount(round, idx));
  }

  private async editLiveCount(round: RoundRow, idx: number): Promise<void> {
    const row = await this.repo.getQuestion(round.id, idx);
    const ref = row && refOf(row);
    if (!row || !ref || row.status !== 'open') return;
    const answers = await this.repo.countAnswers(round.id, idx);
    if (this.counting(round.id, idx)) {
      await this.safeEdit(round, ref, this.questionView(round, row, answers));
    }
  }

  // --- helpers ---------------------------------------------------------------------------

  private readonly scorer = (
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

  private view(round: RoundRow, row: QuestionRow) {
    return {
      roundId: round.id,
      idx: row.idx,
      count: round.count,
      question: JSON.parse(row.payload) as Question,
      seconds: round.seconds,
      solo: round.mode === 'solo',
    };
  }

  private questionView(round: RoundRow, row: QuestionRow, answers?: number): Reply {
    return questionReply({ ...this.view(round, row), answers });
  }

  private async alreadyRunning(round: RoundRow, _ctx: Ctx): Promise<Reply> {
    const row = await this.repo.getQuestion(round.id, round.current);
    const ref = row && refOf(row);
    const link = await this.linkTo(round, ref);
    const where = link ? `Jump to it: ${link}` : 'Answer it above, or wait for it to end.';
    const reply = errorReply(
      'A quiz is already running here',
      `${round.starter_name} started a quiz in this channel (question ${round.current + 1} of ${round.count}). ${where}`,
    );
    reply.data = { roundId: round.id, link };
    return reply;
  }
}

function refOf(row: QuestionRow): MessageRef | undefined {
  if (!row.message_id || !row.message_platform || !row.message_channel) return undefined;
  return {
    platform: row.message_platform as Platform,
    channelId: row.message_channel,
    messageId: row.message_id,
  };
}

const info = (title: string, summary: string): Reply => ({
  title,
  summary,
  visibility: 'private',
  tone: 'info',
});

function alreadyAnswered(choice: number, correct?: number): Reply {
  const after = correct === undefined ? '' : ` The answer was ${LETTERS[correct]}.`;
  return info(
    'Already answered',
    `You already answered ${LETTERS[choice] ?? '?'}; only your first click counts.${after}`,
  );
}
