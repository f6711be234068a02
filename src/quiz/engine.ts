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
import { fixedSettings, type SessionSettingsSource } from '../games/session-settings.js';
import { errorReply, type Reply } from '../reply.js';
import { QuizRepo, type QuestionRow, type RoundRow, type Store } from '../store/index.js';
import { presentBoard, revealNames } from '../settings/boards.js';
import type { SettingsService } from '../settings/service.js';
import {
  boardAction,
  boardRevealAction,
  decodeQuizClick,
  hostAction,
  NUMBER_FIELD,
  numberAction,
  numberInAction,
} from './actions.js';
import { numberModal, numericOf, recordNumber } from './numeric.js';
import { hostClick } from './host.js';
import { DailyEngine } from '../daily/engine.js';
import { newSeed } from './random.js';
import { leaderboardReply, statsReply, type Period, type Scope } from './render.js';
import { courseQuestions } from './course-questions.js';
import {
  createRound,
  QuizRound,
  recordAnswer,
  type RevealHook,
  type RoundOptions,
} from './round.js';
import { weekStart } from './scoring.js';
import { SoloPractice } from './solo.js';

export type { TimerHandle } from '../games/channel-game.js';
export type { RoundOptions } from './round.js';

export interface QuizDeps extends GameDeps {
  store: Store;
  /**
   * Per-server pause and threads, from the settings service in the running bot (services.ts);
   * an engine built bare (tests) has no pause.
   */
  sessionSettings?: SessionSettingsSource;
  /** Each revealed question with its answers (services.ts: quiz misses become flashcards). */
  onRevealed?: RevealHook;
  newRoundId?: () => string;
  newDailyId?: () => string;
  newSeed?: () => number;
  /** Leaderboard modes, opt-outs and nicknames (absent: every board is named). */
  settings?: SettingsService;
}

type Ctx = InteractionContext;

export class QuizEngine {
  readonly repo: QuizRepo;
  readonly rounds: SessionEngine<RoundRow, QuestionRow>;
  readonly solo: SoloPractice;
  /** The question of the day (src/daily), on the same store and messengers. */
  readonly daily: DailyEngine;
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
      (io) =>
        new QuizRound(
          this.repo,
          io,
          deps.sessionSettings ?? fixedSettings({ pauseSeconds: 0 }),
          deps.onRevealed,
          async (rows, where) =>
            (await presentBoard(rows, where, { settings: deps.settings, limit: 10 })).rows,
          (answers, where) => revealNames(answers, where, deps.settings),
        ),
    );
    this.daily = new DailyEngine({ ...deps, newId: deps.newDailyId });
    this.solo = new SoloPractice(this.repo, this.now, deps.onRevealed, () => ({
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
    return this.rounds.launch({ ...ctx, thread: o.thread }, () =>
      createRound(
        this.repo,
        'channel',
        { ...o, id: this.newRoundId(), seed: o.seed ?? this.newSeed(), now: this.now() },
        ctx,
      ),
    );
  }

  /** A host-paced round: no timers; the starter gets a private control panel. */
  startHost(o: RoundOptions, ctx: Ctx): Promise<Reply> {
    return this.start({ ...o, host: true }, ctx);
  }

  async startSolo(options: RoundOptions, ctx: Ctx): Promise<Reply> {
    return this.solo.start(await this.withCourse(options, ctx), ctx);
  }

  async stop(ctx: Ctx): Promise<Reply> {
    // Also from inside the round's thread (a channel of its own on Discord).
    const round = await this.rounds.running(ctx);
    if (!round) {
      return (
        (await this.solo.stop(ctx)) ??
        errorReply('No quiz running', 'There is no quiz running in this channel.')
      );
    }
    return (
      (await this.rounds.stop(round, ctx)) ??
      info('Quiz stopped', 'The round is over; the summary follows the last question.')
    );
  }

  async leaderboard(ctx: Ctx, scope: Scope, period: Period, reveal = false): Promise<Reply> {
    const serverId = ctx.server?.id ?? '';
    // More rows than shown: members who left the board must not shorten it.
    const rows = await this.repo.leaderboard({
      platform: ctx.platform,
      serverId,
      channelId: scope === 'channel' ? ctx.channel.id : undefined,
      since: period === 'week' ? weekStart(this.now()) : undefined,
      limit: 100,
    });
    const view = await presentBoard(
      rows,
      { platform: ctx.platform, serverId },
      { settings: this.deps.settings, names: ctx.displayNames, reveal },
    );
    return leaderboardReply(view.rows, scope, period, {
      anonymous: view.anonymous,
      revealed: reveal && view.mode === 'anonymous',
      mode: view.mode,
    });
  }

  /** `/quiz leaderboard hide|show`: leave or join this server's boards. */
  async boardChoice(ctx: Ctx, choice: 'hide' | 'show'): Promise<Reply> {
    const settings = this.deps.settings;
    if (!settings || !ctx.server) {
      return errorReply('No server here', 'Leaderboards belong to a server; run this in one.');
    }
    await settings.setPrefs(ctx, { board: choice });
    return info(
      choice === 'hide' ? 'You are off the leaderboards' : 'You are on the leaderboards',
      choice === 'hide'
        ? 'Boards and round summaries in this server no longer list you; your answers still count for you. `/quiz leaderboard show` brings you back.'
        : 'Boards in this server list you (in opt-in mode too). `/quiz leaderboard hide` takes you off.',
    );
  }

  async stats(ctx: Ctx): Promise<Reply> {
    return statsReply(ctx.user.name, await this.repo.topicStats(ctx.platform, ctx.user.id));
  }

  // --- buttons ---------------------------------------------------------------------------

  async onAction(ctx: ActionInteraction): Promise<ActionResult> {
    const board = boardAction.decode(ctx.actionId);
    if (board) return { update: await this.leaderboard(ctx, board.scope, board.period) };
    const host = hostAction.decode(ctx.actionId);
    if (host) return hostClick(this.rounds, this.repo, host.session, host.control, ctx);
    const names = boardRevealAction.decode(ctx.actionId);
    if (names) {
      if ((await ctx.isStaff?.()) !== true) {
        return {
          reply: errorReply('Staff only', 'Only TAs can reveal the names on an anonymous board.'),
        };
      }
      const reply = await this.leaderboard(ctx, names.scope, names.period, true);
      return { reply: { ...reply, actions: [], visibility: 'private' } };
    }
    const number = numberAction.decode(ctx.actionId);
    if (number) return this.numberClick(number.session, number.step, ctx);
    const typed = numberInAction.decode(ctx.actionId);
    if (typed) return this.numberTyped(typed.session, typed.step, ctx);
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
            info('Quiz stopped', 'The round is over; the summary follows the last question.'),
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

  /** "Answer with a number": the modal, while the question is open. */
  private async numberClick(
    id: string,
    idx: number,
    ctx: ActionInteraction,
  ): Promise<ActionResult> {
    const round = await this.repo.getRound(id);
    const row = round && (await this.repo.getQuestion(round.id, idx));
    if (!round || !row) return { reply: expiredReply('quiz') };
    if (round.mode === 'solo' && round.starter_id !== ctx.user.id)
      return { reply: errorReply('Not your practice round', 'Start your own with `/quiz solo`.') };
    if (round.mode !== 'solo') {
      const found = await this.rounds.clicked(round.id, idx, ctx);
      if (!('session' in found)) return { reply: found };
    }
    if (round.status !== 'running' || row.status !== 'open' || !numericOf(row))
      return { reply: info('Too late', 'This question is closed.') };
    return { modal: numberModal(round, idx) };
  }

  /** The modal's number: stored (last one counts), or a private reply saying what was wrong. */
  private async numberTyped(
    id: string,
    idx: number,
    ctx: ActionInteraction,
  ): Promise<ActionResult> {
    const text = ctx.fields?.[NUMBER_FIELD] ?? '';
    const round = await this.repo.getRound(id);
    if (round?.mode === 'solo') {
      const row = await this.repo.getQuestion(round.id, idx);
      if (row) return this.solo.onNumber(round, row, text, ctx);
      return { reply: expiredReply('quiz') };
    }
    const found = await this.rounds.clicked(id, idx, ctx);
    if (!('session' in found)) return { reply: found };
    const { session, step } = found;
    const result = await recordNumber(this.repo, this.now(), session, step, text, ctx);
    if (result.stored) this.rounds.counted(session, step.idx);
    return { reply: result.reply, ...(result.errors ? { errors: result.errors } : {}) };
  }

  // --- the engine's life -----------------------------------------------------------------

  /** Re-arm every running round from the store: after a restart, or when first configured. */
  async resume(): Promise<number> {
    return (await this.rounds.resume()) + (await this.daily.sessions.resume());
  }

  addMessenger(platform: Platform, messenger: Messenger): void {
    this.rounds.addMessenger(platform, messenger);
    this.daily.sessions.addMessenger(platform, messenger);
  }

  async idle(): Promise<void> {
    await this.rounds.idle();
    await this.daily.sessions.idle();
  }

  close(): void {
    this.rounds.close();
    this.daily.sessions.close();
  }
}
