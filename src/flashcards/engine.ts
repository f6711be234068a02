/**
 * Flashcards: channel drills (a session kind run by the shared lifecycle in
 * src/games/session.ts), private reviews (src/flashcards/review.ts), stats and settings.
 * This is the one object commands/flashcards.ts talks to; it routes each decoded click.
 *
 * In a drill the starter (or a moderator) reveals each card, or it reveals itself after
 * `seconds`; every member then grades themselves once, which updates their own FSRS
 * schedule; the starter moves on with Next, or the drill moves on after `grade_seconds`.
 */
import { randomBytes } from 'node:crypto';
import type {
  ActionInteraction,
  ActionResult,
  InteractionContext,
  Messenger,
  Platform,
} from '../interaction.js';
import { isModerator, startedBy, type GameDeps } from '../games/channel-game.js';
import { expiredReply } from '../games/ids.js';
import { info, SessionEngine } from '../games/session.js';
import { InputError } from '../input-error.js';
import { errorReply, type Reply } from '../reply.js';
import { FlashcardRepo, type DrillCardRow, type DrillRow, type Store } from '../store/index.js';
import { decodeFlashcardClick } from './actions.js';
import { courseCards, isCourseCard, serverOfKey } from './course-cards.js';
import { loadDeck, type Card, type Tag } from './deck.js';
import { cardRows, DeckIndex, FlashcardDrill, recordGrade, retentionFor } from './drill.js';
import { alreadyGraded } from './grades.js';
import { isQuizCard } from './from-quiz.js';
import { undoAction, undoButton, undoGrade, undoReply } from './undo.js';
import { pickCards } from './pick.js';
import { settingsReply, statsReply } from './render.js';
import { PrivateReview } from './review.js';
import {
  DEFAULT_RETENTION,
  GRADE_LABEL,
  RETENTION_MAX,
  RETENTION_MIN,
  type GradeName,
} from './schedule.js';
import { DAY_MS, formatDue, statsOf } from './stats.js';

import { revealNames } from '../settings/boards.js';
import type { SettingsService } from '../settings/service.js';

export { REVIEW_DEFAULTS, type ReviewOptions } from './review.js';

export interface FlashcardDeps extends GameDeps {
  store: Store;
  newDrillId?: () => string;
  /** The cards to drill (default: the deck in src/flashcards/deck). */
  deck?: readonly Card[];
  /** Seconds of grading after a reveal before a channel drill moves on (default 45). */
  gradeSeconds?: number;
  /** Leaderboard modes and nicknames for graders' names in the channel (absent: named). */
  settings?: SettingsService;
}

export const DRILL_DEFAULTS = { count: 5, seconds: 30, gradeSeconds: 45 } as const;
/** Whose schedules a drill looks at: the starter and who graded in the channel lately. */
const PARTICIPANT_WINDOW_MS = 30 * DAY_MS;

export interface DrillOptions {
  count: number;
  seconds: number;
  tag?: Tag;
  /** A course deck of this server (`/course list`) instead of the built-in deck. */
  deck?: string;
  /** Play it in a thread (undefined: the server's `threads` setting). */
  thread?: boolean;
}

type Ctx = InteractionContext;

export class FlashcardEngine {
  readonly repo: FlashcardRepo;
  readonly drills: SessionEngine<DrillRow, DrillCardRow>;
  readonly reviews: PrivateReview;
  private readonly deck: DeckIndex;
  private readonly newDrillId: () => string;
  private readonly gradeSeconds: number;
  private readonly now: () => number;

  constructor(private readonly deps: FlashcardDeps) {
    this.repo = new FlashcardRepo(deps.store.db);
    this.newDrillId = deps.newDrillId ?? (() => randomBytes(4).toString('hex'));
    this.deck = new DeckIndex(deps.deck ?? loadDeck());
    this.gradeSeconds = deps.gradeSeconds ?? DRILL_DEFAULTS.gradeSeconds;
    this.now = deps.now ?? Date.now;
    this.drills = new SessionEngine(
      deps,
      { label: 'flashcards', noun: 'drill', step: 'card' },
      (io) =>
        new FlashcardDrill(this.repo, this.deck, io, (rows, where) =>
          revealNames(rows, where, deps.settings),
        ),
    );
    this.reviews = new PrivateReview(
      this.repo,
      this.deck,
      this.now,
      (mode, ctx, count, tag) => this.newDrill(mode, ctx, count, tag, 0, 0),
      (id, fn) => this.drills.queued(id, fn),
    );
  }

  get store(): Store {
    return this.deps.store;
  }

  // --- commands --------------------------------------------------------------------------

  /** Start a channel drill. */
  async start(o: DrillOptions, ctx: Ctx): Promise<Reply> {
    if (!this.drills.canPost(ctx)) {
      return errorReply(
        'No channel to drill in',
        'Channel drills need a chat channel. Try `/flashcards review` for a private session.',
      );
    }
    let pool: readonly Card[] = this.deck.cards;
    if (o.deck !== undefined) {
      const serverId = ctx.server?.id;
      const cards = serverId
        ? await courseCards(this.deps.store.db, { platform: ctx.platform, serverId }, o.deck)
        : [];
      if (cards.length === 0)
        return errorReply(
          'No such deck',
          `This server has no course deck \`${o.deck}\` with cards; /course lists the decks.`,
        );
      this.deck.add(cards);
      pool = cards;
    }
    let empty = false;
    const started = await this.drills.launch({ ...ctx, thread: o.thread }, async () => {
      const now = this.now();
      const since = now - PARTICIPANT_WINDOW_MS;
      const recent = await this.repo.recentGraders(ctx.platform, ctx.channel.id, since);
      const participants = [...new Set([ctx.user.id, ...recent])];
      const cards = pickCards({
        deck: pool,
        count: o.count,
        tag: o.tag,
        participants,
        states: await this.repo.statesOf(ctx.platform, participants),
        now,
      });
      if (cards.length === 0) return void (empty = true);
      const drill = this.newDrill(
        'channel',
        ctx,
        cards.length,
        o.tag,
        o.seconds,
        this.gradeSeconds,
      );
      return (await this.repo.createDrill(drill, cardRows(drill.id, cards))) ? drill : undefined;
    });
    return empty ? errorReply('No cards', 'No cards match that tag.') : started;
  }

  review(o: { count: number; tag?: Tag }, ctx: Ctx): Promise<Reply> {
    return this.reviews.start(o, ctx);
  }

  async stop(ctx: Ctx): Promise<Reply> {
    const drill = await this.drills.running(ctx); // also from inside its thread
    if (!drill) {
      return (
        (await this.reviews.stop(ctx)) ??
        errorReply('No drill running', 'There is no flashcard drill running in this channel.')
      );
    }
    return (
      (await this.drills.stop(drill, ctx)) ??
      info('Drill stopped', 'The drill is over; the summary follows the last card.')
    );
  }

  async stats(ctx: Ctx): Promise<Reply> {
    const states = (await this.repo.userStates(ctx.platform, ctx.user.id)).filter(
      (s) => this.deck.find(s.card_id) !== undefined,
    );
    const totals = await this.repo.totals(ctx.platform, ctx.user.id);
    const target = await retentionFor(this.repo, ctx.platform, ctx.server?.id ?? '');
    const stats = statsOf(states, totals, this.deck.cards.length, this.now());
    const reply = statsReply(ctx.user.name, stats, target);
    const fromQuiz = states.filter((s) => isQuizCard(s.card_id));
    const on = await this.repo.study.quizCardsOn(ctx.platform, ctx.user.id);
    const due = fromQuiz.filter((s) => s.due <= this.now()).length;
    (reply.fields ??= []).push({
      label: 'From quizzes',
      value: `${fromQuiz.length} card${fromQuiz.length === 1 ? '' : 's'} from questions you missed (${due} due now). ${on ? 'On' : 'Off'}: \`/flashcards quizcards:${on ? 'off' : 'on'}\` switches it.`,
    });
    return reply;
  }

  /** Switch quiz misses becoming cards on or off, for the caller. */
  async quizCards(ctx: Ctx, on: boolean): Promise<Reply> {
    await this.repo.study.setQuizCards(ctx.platform, ctx.user.id, on, this.now());
    return info(
      on ? 'Quiz misses become cards' : 'Quiz misses stay out of your cards',
      on
        ? 'Questions you miss in quizzes join your flashcard schedule (graded Again).'
        : 'Quizzes no longer add cards to your schedule; the cards you have stay.',
    );
  }

  /** Show the server's desired retention, or set it (moderators). */
  async settings(ctx: Ctx, retention?: number): Promise<Reply> {
    const serverId = ctx.server?.id ?? '';
    if (retention === undefined) {
      const stored = serverId ? await this.repo.getRetention(ctx.platform, serverId) : undefined;
      return settingsReply({
        retention: stored ?? DEFAULT_RETENTION,
        isDefault: stored === undefined,
      });
    }
    if (!serverId) {
      return errorReply(
        'No server here',
        `Desired retention is a per-server setting; outside a server the default ${DEFAULT_RETENTION} applies.`,
      );
    }
    if (!(await isModerator(ctx))) {
      return errorReply(
        'Moderators only',
        'Only a moderator can change the desired retention for this server.',
      );
    }
    if (!(retention >= RETENTION_MIN && retention <= RETENTION_MAX)) {
      throw new InputError(
        'out_of_range',
        `retention must be between ${RETENTION_MIN} and ${RETENTION_MAX}`,
        String(retention),
        '/flashcards settings retention:0.85',
      );
    }
    const value = Math.round(retention * 100) / 100;
    await this.repo.setRetention(ctx.platform, serverId, value, ctx.user.id, this.now());
    return settingsReply({ retention: value, isDefault: false, changed: true });
  }

  // --- buttons ---------------------------------------------------------------------------

  async onAction(ctx: ActionInteraction): Promise<ActionResult> {
    const undo = undoAction.decode(ctx.actionId);
    if (undo) return this.undo(undo.session, undo.step, ctx);
    const click = decodeFlashcardClick(ctx.actionId);
    if (!click) return { reply: expiredReply('flashcards') };
    const reviewClick = click.what.startsWith('review-');
    const drill = await this.repo.getDrill(click.session);
    if (drill && (drill.mode === 'review') !== reviewClick) {
      return { reply: expiredReply('flashcards') };
    }
    if (drill?.mode === 'review') {
      const row = await this.repo.getCard(drill.id, click.step);
      if (row) return this.reviews.onClick(drill, row, click, ctx);
      return { reply: errorReply('That drill has ended', 'This card is no longer part of it.') };
    }
    const found = await this.drills.clicked(click.session, click.step, ctx);
    if (!('session' in found)) return { reply: found };
    const { session, step } = found;
    if (click.what === 'grade') return { reply: await this.grade(session, step, click.grade, ctx) };
    if (session.status !== 'running') return { reply: info('Drill over', 'This drill has ended.') };
    if (click.what === 'stop') {
      return {
        reply:
          (await this.drills.stop(session, ctx)) ??
          info('Drill stopped', 'The drill is over; the summary follows the last card.'),
      };
    }
    if (click.what !== 'reveal' && click.what !== 'next')
      return { reply: expiredReply('flashcards') };
    const what = click.what === 'reveal' ? 'reveal cards in' : 'move on in';
    const done = await this.drills.control(session, step.idx, click.what, ctx, what);
    if (typeof done !== 'boolean') return { reply: done };
    if (click.what === 'reveal') {
      return {
        reply: done
          ? info('Revealed', 'The answer is up; grading is open.')
          : info('Already revealed', 'That card was already revealed.'),
      };
    }
    return {
      reply: done
        ? info('Next card', 'Grading for that card is closed.')
        : info('Already moved on', 'That card is already closed.'),
    };
  }

  /** Undo the clicker's own grade on a card, within 30 s (src/flashcards/undo.ts). */
  private async undo(id: string, idx: number, ctx: ActionInteraction): Promise<ActionResult> {
    const drill = await this.repo.getDrill(id);
    if (drill?.mode === 'review') return this.reviews.undo(drill, idx, ctx);
    const found = await this.drills.clicked(id, idx, ctx);
    if (!('session' in found)) return { reply: found };
    const result = await this.drills.queued(id, () =>
      undoGrade(this.repo, this.now(), found.session, idx, ctx.user.id),
    );
    if (result === 'undone') this.drills.counted(found.session, idx);
    return { reply: undoReply(result, found.step.status === 'revealed') };
  }

  private async grade(
    drill: DrillRow,
    row: DrillCardRow,
    grade: GradeName,
    ctx: ActionInteraction,
  ): Promise<Reply> {
    const existing = await this.repo.getReview(drill.id, row.idx, ctx.user.id);
    if (existing) return alreadyGraded(existing, this.now());
    if (row.status === 'front' || row.status === 'pending') {
      return info('Not revealed yet', 'Recall the answer first: grading opens at the reveal.');
    }
    if (row.status !== 'revealed' || drill.status !== 'running') {
      return info('Grading closed', 'The drill has moved past this card.');
    }
    const outcome = await recordGrade(this.repo, this.now(), drill, row, grade, ctx);
    // Another instance (or the deadline) closed the card since `row` was read.
    if (outcome === 'closed') return info('Grading closed', 'The drill has moved past this card.');
    if (!outcome.recorded) return alreadyGraded(outcome.existing, this.now());
    this.drills.counted(drill, row.idx);
    const due = outcome.review.due;
    return {
      title: `Saved: ${GRADE_LABEL[grade]}`,
      summary: `This card comes back for you ${formatDue(due, outcome.review.reviewed_at)}.`,
      visibility: 'private',
      tone: 'info',
      actions: [[undoButton(drill.id, row.idx)]],
      data: { grade, due },
    };
  }

  // --- the engine's life -----------------------------------------------------------------

  /** Re-arm every running channel drill from the store: after a restart, or at start-up. */
  async resume(): Promise<number> {
    // Running drills of course cards render from the database's cards after a restart.
    for (const drill of await this.repo.runningDrills()) {
      for (const row of await this.repo.cardsOf(drill.id)) {
        if (!isCourseCard(row.card_id) || this.deck.has(row.card_id)) continue;
        const serverId = serverOfKey(row.card_id)!;
        this.deck.add(
          await courseCards(this.deps.store.db, { platform: drill.platform, serverId }),
        );
      }
    }
    return this.drills.resume();
  }

  addMessenger(platform: Platform, messenger: Messenger): void {
    this.drills.addMessenger(platform, messenger);
  }

  idle(): Promise<void> {
    return this.drills.idle();
  }

  close(): void {
    this.drills.close();
  }

  async retentionFor(platform: string, serverId: string): Promise<number> {
    return retentionFor(this.repo, platform, serverId);
  }

  private newDrill(
    mode: 'channel' | 'review',
    ctx: Ctx,
    count: number,
    tag: string | undefined,
    seconds: number,
    gradeSeconds: number,
  ): DrillRow {
    return {
      id: this.newDrillId(),
      ...startedBy(ctx),
      mode,
      status: 'running',
      count,
      tag: tag ?? null,
      seconds,
      grade_seconds: gradeSeconds,
      current: 0,
      created_at: this.now(),
      finished_at: null,
    };
  }
}
