/**
 * The quiz: channel rounds (a session kind run by the shared lifecycle in
 * src/games/session.ts), solo practice (src/quiz/solo.ts), leaderboards and stats. This is
 * the one object commands/quiz.ts talks to; it routes each decoded click to its owner.
 */
import { randomBytes } from 'node:crypto';
import type {
  ActionInteraction,
  ActionResult,
  InteractionContext,
  Messenger,
  Platform,
} from '../interaction.js';
import type { GameDeps } from '../games/channel-game.js';
import { expiredReply } from '../games/ids.js';
import { info, SessionEngine } from '../games/session.js';
import { errorReply, type Reply } from '../reply.js';
import { QuizRepo, type QuestionRow, type RoundRow, type Store } from '../store/index.js';
import { boardAction, decodeQuizClick } from './actions.js';
import { newSeed } from './random.js';
import { leaderboardReply, statsReply, type Period, type Scope } from './render.js';
import { courseQuestions } from './course-questions.js';
import { createRound, QuizRound, recordAnswer, type RoundOptions } from './round.js';
import { weekStart } from './scoring.js';
import { SoloPractice } from './solo.js';

export type { TimerHandle } from '../games/channel-game.js';
export type { RoundOptions } from './round.js';

export interface QuizDeps extends GameDeps {
  store: Store;
  newRoundId?: () => string;
  newSeed?: () => number;
}

type Ctx = InteractionContext;

export class QuizEngine {
  readonly repo: QuizRepo;
  readonly rounds: SessionEngine<RoundRow, QuestionRow>;
  readonly solo: SoloPractice;
  private readonly newRoundId: () => string;
  private readonly newSeed: () => number;
  private readonly now: () => number;

  constructor(private readonly deps: QuizDeps) {
    this.repo = new QuizRepo(deps.store.db);
    this.newRoundId = deps.newRoundId ?? (() => randomBytes(4).toString('hex'));
    this.newSeed = deps.newSeed ?? newSeed;
    this.now = deps.now ?? Date.now;
    this.rounds = new SessionEngine(
      deps,
      { label: 'quiz', noun: 'quiz', step: 'question' },
      (io) => new QuizRound(this.repo, io),
    );
    this.solo = new SoloPractice(this.repo, this.now, () => ({
      id: this.newRoundId(),
      seed: this.newSeed(),
    }));
  }

  get store(): Store {
    return this.deps.store;
  }

  // --- commands --------------------------------------------------------------------------

  /** source 'course': the server's own questions (with `tag`), for pickQuestions. */
  private async withCourse(o: RoundOptions, ctx: Ctx): Promise<RoundOptions> {
    if (o.source !== 'course') return o;
    const serverId = ctx.server?.id;
    const { questions } = serverId
      ? await courseQuestions(
          this.deps.store.db,
          { platform: ctx.platform, serverId },
          o.tag ? { tag: o.tag } : {},
        )
      : { questions: [] };
    return { ...o, course: questions };
  }

  async start(options: RoundOptions, ctx: Ctx): Promise<Reply> {
    const o = await this.withCourse(options, ctx);
    if (!this.rounds.canPost(ctx)) {
      return errorReply(
        'No channel to quiz in',
        'Channel quizzes need a chat channel. Try `/quiz solo` for a private practice round.',
      );
    }
    return this.rounds.launch(ctx, () =>
      createRound(
        this.repo,
        'channel',
        { ...o, id: this.newRoundId(), seed: o.seed ?? this.newSeed(), now: this.now() },
        ctx,
      ),
    );
  }

  async startSolo(options: RoundOptions, ctx: Ctx): Promise<Reply> {
    return this.solo.start(await this.withCourse(options, ctx), ctx);
  }

  async stop(ctx: Ctx): Promise<Reply> {
    const round = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
    if (!round) {
      return (
        (await this.solo.stop(ctx)) ??
        errorReply('No quiz running', 'There is no quiz running in this channel.')
      );
    }
    return (
      (await this.rounds.stop(round, ctx)) ??
      info('Quiz stopped', 'The round is over; the summary is in the channel.')
    );
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
    const board = boardAction.decode(ctx.actionId);
    if (board) return { update: await this.leaderboard(ctx, board.scope, board.period) };
    const click = decodeQuizClick(ctx.actionId);
    if (!click) return { reply: expiredReply('quiz') };
    const soloClick = click.what.startsWith('solo-');
    const round = await this.repo.getRound(click.session);
    if (round && (round.mode === 'solo') !== soloClick) return { reply: expiredReply('quiz') };
    if (round?.mode === 'solo') {
      const row = await this.repo.getQuestion(round.id, click.step);
      if (row) return this.solo.onClick(round, row, click, ctx);
      return { reply: errorReply('That quiz has ended', 'This question is no longer part of it.') };
    }
    const found = await this.rounds.clicked(click.session, click.step, ctx);
    if (!('session' in found)) return { reply: found };
    const { session, step } = found;
    switch (click.what) {
      case 'reveal': {
        const done = await this.rounds.control(session, step.idx, 'reveal', ctx, 'reveal');
        if (typeof done !== 'boolean') return { reply: done };
        return {
          reply: done
            ? info('Revealed', 'The answer is up.')
            : info('Already revealed', 'That question was already revealed.'),
        };
      }
      case 'stop':
        return {
          reply:
            (await this.rounds.stop(session, ctx)) ??
            info('Quiz stopped', 'The round is over; the summary is in the channel.'),
        };
      case 'answer': {
        const { reply, stored } = await recordAnswer(
          this.repo,
          this.now(),
          session,
          step,
          click.choice,
          ctx,
        );
        if (stored) this.rounds.counted(session, step.idx);
        return { reply };
      }
      default:
        return { reply: expiredReply('quiz') };
    }
  }

  // --- the engine's life -----------------------------------------------------------------

  /** Re-arm every running round from the store: after a restart, or when first configured. */
  resume(): Promise<number> {
    return this.rounds.resume();
  }

  addMessenger(platform: Platform, messenger: Messenger): void {
    this.rounds.addMessenger(platform, messenger);
  }

  idle(): Promise<void> {
    return this.rounds.idle();
  }

  close(): void {
    this.rounds.close();
  }
}
