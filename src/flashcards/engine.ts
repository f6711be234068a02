/**
 * The flashcard engine: channel drills, private review sessions, stats and settings. Like
 * the quiz's round engine it is platform-neutral and keeps every fact in the store (cards
 * of a drill, phase deadlines, message refs, grades, schedules), so buttons on old messages
 * keep working and `resume()` re-arms the timers after a restart; memory holds only the
 * timers and the live-count throttle.
 *
 * A channel drill posts each card's front with the platform's Messenger; the starter (or a
 * moderator) reveals it, or it reveals itself after `seconds`; then every member grades
 * themselves once (Again / Hard / Good / Easy), which updates their own FSRS schedule; the
 * starter moves on with Next, or the drill moves on after `grade_seconds`. A private review
 * lives in the command's private reply and its button updates, so it needs no Messenger.
 */
import { randomBytes } from 'node:crypto';
import type {
  ActionInteraction,
  ActionResult,
  InteractionContext,
  MessageRef,
  Platform,
} from '../interaction.js';
import { ChannelGame, isModerator, type GameDeps } from '../games/channel-game.js';
import { logger } from '../logger.js';
import { errorReply, type Reply } from '../reply.js';
import { InputError } from '../input-error.js';
import { isStoreFailure } from '../store/failure.js';
import {
  FlashcardRepo,
  type DrillCardRow,
  type DrillRow,
  type ReviewRow,
  type Store,
} from '../store/index.js';
import { expiredReply } from '../games/ids.js';
import { decodeFlashcardClick, type FlashcardClick } from './actions.js';
import { loadDeck, type Card, type Tag } from './deck.js';
import { pickCards } from './pick.js';
import {
  doneReply,
  drillSummaryReply,
  frontReply,
  nothingDueReply,
  revealedReply,
  reviewBackReply,
  reviewFrontReply,
  reviewSummaryReply,
  settingsReply,
  statsReply,
} from './render.js';
import {
  DEFAULT_RETENTION,
  GRADE_LABEL,
  gradeName,
  gradeRows,
  isGradeName,
  previewDue,
  RETENTION_MAX,
  RETENTION_MIN,
  type GradeName,
} from './schedule.js';
import { DAY_MS, formatDue, statsOf } from './stats.js';

export interface FlashcardDeps extends GameDeps {
  store: Store;
  newDrillId?: () => string;
  /** The cards to drill (default: the deck in src/flashcards/deck). */
  deck?: readonly Card[];
  /** Seconds of grading after a reveal before a channel drill moves on (default 45). */
  gradeSeconds?: number;
}

export const DRILL_DEFAULTS = { count: 5, seconds: 30, gradeSeconds: 45 } as const;
export const REVIEW_DEFAULTS = { count: 20, newCards: 10 } as const;
/** Whose schedules a drill looks at: the starter and who graded in the channel lately. */
const PARTICIPANT_WINDOW_MS = 30 * DAY_MS;

export interface DrillOptions {
  count: number;
  seconds: number;
  tag?: Tag;
}

export interface ReviewOptions {
  count: number;
  tag?: Tag;
}

type Ctx = InteractionContext;

export class FlashcardEngine extends ChannelGame {
  readonly repo: FlashcardRepo;
  private readonly newDrillId: () => string;
  private readonly deck: readonly Card[];
  private readonly byId: Map<string, Card>;
  private readonly gradeSeconds: number;

  constructor(private readonly deps: FlashcardDeps) {
    super(deps, 'flashcards', 'drill');
    this.repo = new FlashcardRepo(deps.store.db);
    this.newDrillId = deps.newDrillId ?? (() => randomBytes(4).toString('hex'));
    this.deck = deps.deck ?? loadDeck();
    this.byId = new Map(this.deck.map((c) => [c.id, c]));
    this.gradeSeconds = deps.gradeSeconds ?? DRILL_DEFAULTS.gradeSeconds;
  }

  get store(): Store {
    return this.deps.store;
  }

  // --- commands --------------------------------------------------------------------------

  /** Start a channel drill. */
  async start(o: DrillOptions, ctx: Ctx): Promise<Reply> {
    this.remember(ctx);
    if (!this.messengers.has(ctx.platform)) {
      return errorReply(
        'No channel to drill in',
        'Channel drills need a chat channel. Try `/flashcards review` for a private session.',
      );
    }
    let running = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
    // A drill stuck on a deadline the store failed may be over once it is picked up.
    if (running && (await this.retryNow(running.id)))
      running = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
    if (running) return this.alreadyRunning(running);
    const now = this.now();
    const recent = await this.repo.recentGraders(
      ctx.platform,
      ctx.channel.id,
      now - PARTICIPANT_WINDOW_MS,
    );
    const participants = [...new Set([ctx.user.id, ...recent])];
    const cards = pickCards({
      deck: this.deck,
      count: o.count,
      tag: o.tag,
      participants,
      states: await this.repo.statesOf(ctx.platform, participants),
      now,
    });
    if (cards.length === 0) return errorReply('No cards', 'No cards match that tag.');
    const drill = this.newDrill('channel', ctx, cards.length, o.tag, o.seconds, this.gradeSeconds);
    if (!(await this.repo.createDrill(drill, cardRows(drill.id, cards)))) {
      const other = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
      return other
        ? this.alreadyRunning(other)
        : errorReply('Try again', 'Could not start the drill.');
    }
    try {
      await this.serial(drill.id, () => this.ask(drill, 0));
    } catch (error) {
      // The store went down mid-start: the drill carries on once it is back.
      if (isStoreFailure(error)) {
        this.retryLater(drill.id, 0, error);
        throw error;
      }
      logger.error({ err: error, drill: drill.id }, 'flashcards: could not post the first card');
      await this.repo.finishDrill(drill.id, 'stopped', this.now());
      return errorReply(
        'Could not post the card',
        'I could not post in this channel. Check that I may send messages here.',
      );
    }
    return {
      title: 'Flashcard drill started',
      summary: `${drill.count} card${drill.count === 1 ? '' : 's'}: recall each answer, reveal it, then grade yourself. Each grade schedules the card for you alone.`,
      notes: [
        `You started it, so you reveal cards, move on with Next, or stop with \`/flashcards stop\`. Cards reveal themselves after ${drill.seconds} s and move on ${drill.grade_seconds} s later.`,
      ],
      visibility: 'private',
      tone: 'info',
      data: { drillId: drill.id, cards: cards.map((c) => c.id) },
    };
  }

  /** Start a private review of the caller's due cards (new cards when nothing is due). */
  async review(o: ReviewOptions, ctx: Ctx): Promise<Reply> {
    const now = this.now();
    const old = await this.repo.runningReview(ctx.platform, ctx.user.id);
    if (old) await this.repo.finishDrill(old.id, 'stopped', now);
    const states = (await this.repo.userStates(ctx.platform, ctx.user.id)).filter((s) => {
      const card = this.byId.get(s.card_id);
      return card !== undefined && (!o.tag || card.tags.includes(o.tag));
    });
    let chosen = states.filter((s) => s.due <= now).map((s) => this.byId.get(s.card_id)!);
    if (chosen.length === 0) {
      const seen = new Set(states.map((s) => s.card_id));
      chosen = this.deck
        .filter((c) => !seen.has(c.id) && (!o.tag || c.tags.includes(o.tag)))
        .slice(0, Math.min(o.count, REVIEW_DEFAULTS.newCards));
    }
    chosen = chosen.slice(0, o.count);
    if (chosen.length === 0) return nothingDueReply({ nextDue: states[0]?.due, now, tag: o.tag });
    const drill = this.newDrill('review', ctx, chosen.length, o.tag, 0, 0);
    if (!(await this.repo.createDrill(drill, cardRows(drill.id, chosen)))) {
      return errorReply('Try again', 'Could not start the review; run `/flashcards review` again.');
    }
    await this.repo.openCard(drill.id, 0, now, null);
    return this.reviewFront(drill, 0);
  }

  async stop(ctx: Ctx): Promise<Reply> {
    const drill = await this.repo.runningInChannel(ctx.platform, ctx.channel.id);
    if (!drill) {
      const review = await this.repo.runningReview(ctx.platform, ctx.user.id);
      if (review) {
        await this.repo.finishDrill(review.id, 'stopped', this.now());
        return info('Review stopped', 'Your review session is over; your grades are saved.');
      }
      return errorReply('No drill running', 'There is no flashcard drill running in this channel.');
    }
    const refused = await this.refusal(drill, ctx, 'stop');
    if (refused) return refused;
    await this.serial(drill.id, () => this.end(drill.id, 'stopped'));
    return info('Drill stopped', 'The drill is over; the summary is in the channel.');
  }

  async stats(ctx: Ctx): Promise<Reply> {
    const now = this.now();
    const states = (await this.repo.userStates(ctx.platform, ctx.user.id)).filter((s) =>
      this.byId.has(s.card_id),
    );
    const totals = await this.repo.totals(ctx.platform, ctx.user.id);
    const target = await this.retentionFor(ctx.platform, ctx.server?.id ?? '');
    return statsReply(ctx.user.name, statsOf(states, totals, this.deck.length, now), target);
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
    this.remember(ctx);
    const click = decodeFlashcardClick(ctx.actionId);
    if (!click) return { reply: expiredReply('flashcards') };
    const idx = click.step;
    let drill = await this.repo.getDrill(click.session);
    const reviewClick = click.what.startsWith('review-');
    if (drill && (drill.mode === 'review') !== reviewClick) {
      return { reply: expiredReply('flashcards') };
    }
    if (drill?.mode === 'channel') {
      const wrong = this.elsewhere(drill, ctx);
      if (wrong) return { reply: wrong };
      if (await this.retryNow(drill.id)) drill = await this.repo.getDrill(drill.id);
    }
    const row = drill ? await this.repo.getCard(drill.id, idx) : undefined;
    if (!drill || !row) {
      return {
        reply: errorReply('That drill has ended', 'This card is no longer part of a drill.'),
      };
    }
    if (drill.mode === 'review') return this.reviewAction(drill, row, click, ctx);
    if (click.what === 'grade') {
      return { reply: await this.gradeInChannel(drill, row, click.grade, ctx) };
    }
    if (drill.status !== 'running') {
      return { reply: info('Drill over', 'This drill has ended.') };
    }
    switch (click.what) {
      case 'reveal': {
        const refused = await this.refusal(drill, ctx, 'reveal cards in');
        if (refused) return { reply: refused };
        const done = await this.serial(drill.id, () => this.reveal(drill.id, idx));
        return {
          reply: done
            ? info('Revealed', 'The answer is up; grading is open.')
            : info('Already revealed', 'That card was already revealed.'),
        };
      }
      case 'next': {
        const refused = await this.refusal(drill, ctx, 'move on in');
        if (refused) return { reply: refused };
        const done = await this.serial(drill.id, () => this.closeAndAdvance(drill.id, idx));
        return {
          reply: done
            ? info('Next card', 'Grading for that card is closed.')
            : info('Already moved on', 'That card is already closed.'),
        };
      }
      case 'stop': {
        const refused = await this.refusal(drill, ctx, 'stop');
        if (refused) return { reply: refused };
        await this.serial(drill.id, () => this.end(drill.id, 'stopped'));
        return {
          reply: info('Drill stopped', 'The drill is over; the summary is in the channel.'),
        };
      }
      default:
        return {
          reply: errorReply('Unknown button', 'That button does not belong to this drill.'),
        };
    }
  }

  private async gradeInChannel(
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
    const outcome = await this.record(drill, row, grade, ctx);
    if (!outcome.recorded) return alreadyGraded(outcome.existing, this.now());
    this.scheduleLiveCount(drill, row.idx);
    const due = outcome.review.due;
    return {
      title: `Saved: ${GRADE_LABEL[grade]}`,
      summary: `This card comes back for you ${formatDue(due, outcome.review.reviewed_at)}.`,
      visibility: 'private',
      tone: 'info',
      data: { grade, due },
    };
  }

  private async reviewAction(
    drill: DrillRow,
    row: DrillCardRow,
    click: FlashcardClick,
    ctx: ActionInteraction,
  ): Promise<ActionResult> {
    const what = click.what === 'review-grade' ? click.grade : click.what;
    if (ctx.user.id !== drill.starter_id) {
      return {
        reply: errorReply('Not your review', 'This review session belongs to someone else.'),
      };
    }
    if (isGradeName(what)) {
      const existing = await this.repo.getReview(drill.id, row.idx, ctx.user.id);
      if (existing) return { reply: alreadyGraded(existing, this.now()) };
    }
    if (drill.status !== 'running') {
      return {
        reply: info(
          'Review over',
          'This review session has ended. Start another with `/flashcards review`.',
        ),
      };
    }
    return this.serial(drill.id, async (): Promise<ActionResult> => {
      const current = (await this.repo.getCard(drill.id, row.idx))!;
      if (what === 'review-stop') {
        await this.repo.finishDrill(drill.id, 'stopped', this.now());
        return { update: await this.reviewSummary(drill, true) };
      }
      if (what === 'review-reveal') {
        if (current.status === 'front')
          await this.repo.revealCard(drill.id, row.idx, this.now(), null);
        else if (current.status !== 'revealed') {
          return { reply: info('Already graded', 'You have graded this card.') };
        }
        return { update: await this.reviewBack(drill, row.idx) };
      }
      if (!isGradeName(what)) {
        return {
          reply: errorReply('Unknown button', 'That button does not belong to this review.'),
        };
      }
      if (current.status !== 'revealed') {
        return { reply: info('Reveal first', 'Reveal the answer before grading yourself.') };
      }
      const outcome = await this.record(drill, current, what, ctx);
      if (!outcome.recorded) return { reply: alreadyGraded(outcome.existing, this.now()) };
      await this.repo.closeCard(drill.id, row.idx);
      const next = row.idx + 1;
      if (next < drill.count) {
        await this.repo.openCard(drill.id, next, this.now(), null);
        return { update: await this.reviewFront(drill, next, outcome.review) };
      }
      await this.repo.finishDrill(drill.id, 'finished', this.now());
      return { update: await this.reviewSummary(drill, false) };
    });
  }

  /** Write one grade (once) with the desired retention of the drill's server. */
  private async record(
    drill: DrillRow,
    row: DrillCardRow,
    grade: GradeName,
    ctx: ActionInteraction,
  ) {
    const retention = await this.retentionFor(drill.platform, drill.server_id);
    const now = this.now();
    const who = {
      drillId: drill.id,
      idx: row.idx,
      platform: drill.platform,
      userId: ctx.user.id,
      userName: ctx.user.name,
      cardId: row.card_id,
      serverId: drill.server_id,
      channelId: drill.channel_id,
      mode: drill.mode,
    };
    return this.repo.recordGrade(who, (previous) =>
      gradeRows(previous, grade, now, retention, who),
    );
  }

  // --- the drill's life ------------------------------------------------------------------

  /** Re-arm every running channel drill from the store: after a restart, or at start-up. */
  async resume(): Promise<number> {
    const drills = await this.repo.runningDrills('channel');
    let armed = 0;
    for (const drill of drills) {
      if (!this.messengers.has(drill.platform as Platform)) {
        logger.warn(
          { drill: drill.id, platform: drill.platform },
          'flashcards: no messenger for a running drill; stopping it',
        );
        await this.repo.finishDrill(drill.id, 'stopped', this.now());
        continue;
      }
      try {
        if (await this.serial(drill.id, () => this.carryOn(drill, true))) armed++;
      } catch (error) {
        if (!isStoreFailure(error)) throw error;
        this.retryLater(drill.id, 0, error);
      }
    }
    return armed;
  }

  protected override async recover(drillId: string): Promise<void> {
    const drill = await this.repo.getDrill(drillId);
    if (drill?.status === 'running') await this.carryOn(drill, false);
  }

  /**
   * Carry a running drill on from the store: re-arm its card's deadline, or act on it when it
   * has passed (`arm` false: now, so a failing store backs off), ask the next card.
   */
  private async carryOn(drill: DrillRow, arm: boolean): Promise<boolean> {
    const row = await this.repo.getCard(drill.id, drill.current);
    if (!row) return false;
    if ((row.status === 'front' || row.status === 'revealed') && row.deadline_at !== null) {
      if (arm || row.deadline_at > this.now()) {
        // A reveal whose message edit never happened (the store failed after it) shows now.
        if (!arm && row.status === 'revealed') await this.showRevealed(drill, row);
        this.armDeadline(drill.id, row.idx, row.deadline_at);
      } else await this.onDeadline(drill.id, row.idx);
    } else if (row.status === 'done') await this.advance(drill.id, row.idx);
    else await this.ask(drill, row.idx);
    return true;
  }

  private async showRevealed(drill: DrillRow, row: DrillCardRow): Promise<void> {
    const ref = refOf(row);
    if (!ref) return;
    if (!this.counting(drill.id, row.idx)) this.openCount(drill.id, row.idx);
    const graded = (await this.repo.reviewsOf(drill.id, row.idx)).length;
    await this.safeEdit(drill, ref, this.revealedView(drill, row, graded));
  }

  /** Post card `idx`'s front and set its reveal deadline. */
  private async ask(drill: DrillRow, idx: number): Promise<void> {
    const messenger = this.messengerFor(drill);
    const row = await this.repo.getCard(drill.id, idx);
    if (!row) return;
    const now = this.now();
    const deadline = now + drill.seconds * 1000;
    await this.repo.openCard(drill.id, idx, now, deadline);
    const ref = await messenger.post(
      drill.channel_id,
      frontReply({ ...this.view(drill, row), seconds: drill.seconds }),
    );
    await this.repo.setMessage(drill.id, idx, ref);
    this.armDeadline(drill.id, idx, deadline);
  }

  private armDeadline(drillId: string, idx: number, deadline: number): void {
    this.arm(drillId, idx, deadline, () => this.onDeadline(drillId, idx));
  }

  private async onDeadline(drillId: string, idx: number): Promise<void> {
    const row = await this.repo.getCard(drillId, idx);
    if (row?.status === 'front') await this.reveal(drillId, idx);
    else if (row?.status === 'revealed') await this.closeAndAdvance(drillId, idx);
  }

  /** front → revealed (once): show the back and the grade buttons, start the grading clock. */
  private async reveal(drillId: string, idx: number): Promise<boolean> {
    const drill = await this.repo.getDrill(drillId);
    if (!drill || drill.status !== 'running') return false;
    const now = this.now();
    const deadline = now + drill.grade_seconds * 1000;
    if (!(await this.repo.revealCard(drillId, idx, now, deadline))) return false;
    this.disarm(drillId, idx);
    this.openCount(drillId, idx);
    await this.showRevealed(drill, (await this.repo.getCard(drillId, idx))!);
    this.armDeadline(drillId, idx, deadline);
    return true;
  }

  private async closeAndAdvance(drillId: string, idx: number): Promise<boolean> {
    const drill = await this.repo.getDrill(drillId);
    if (!drill || drill.status !== 'running') return false;
    if (!(await this.closeOne(drill, idx))) return false;
    await this.advance(drillId, idx);
    return true;
  }

  /** Close grading on a card (once) and show who graded it. */
  private async closeOne(drill: DrillRow, idx: number): Promise<boolean> {
    this.disarm(drill.id, idx);
    if (!(await this.repo.closeCard(drill.id, idx))) return false;
    const row = (await this.repo.getCard(drill.id, idx))!;
    const ref = refOf(row);
    if (ref) {
      const reviews = await this.repo.reviewsOf(drill.id, idx);
      await this.safeEdit(drill, ref, doneReply({ ...this.view(drill, row), reviews }));
    }
    return true;
  }

  private async advance(drillId: string, idx: number): Promise<void> {
    const drill = await this.repo.getDrill(drillId);
    if (!drill || drill.status !== 'running') return;
    if (idx + 1 >= drill.count) return this.end(drillId, 'finished');
    try {
      await this.ask(drill, idx + 1);
    } catch (error) {
      if (isStoreFailure(error)) throw error; // picked up again when the store is back
      // Without its card message the drill cannot go on; end it so the channel is free.
      logger.error(
        { err: error, drill: drillId, idx: idx + 1 },
        'flashcards: could not post a card',
      );
      await this.end(drillId, 'stopped');
    }
  }

  /** End a drill: close the open card, then post the summary. */
  private async end(drillId: string, status: 'finished' | 'stopped'): Promise<void> {
    const drill = await this.repo.getDrill(drillId);
    if (!drill || drill.status !== 'running') return;
    await this.closeOne(drill, drill.current);
    if (!(await this.repo.finishDrill(drill.id, status, this.now()))) return;
    const rows = await this.repo.cardsOf(drill.id);
    const summary = drillSummaryReply({
      cards: rows.map((r) => ({
        card: this.cardOf(r.card_id),
        idx: r.idx,
        shown: r.revealed_at !== null,
      })),
      reviews: await this.repo.reviewsOf(drill.id),
      stopped: status === 'stopped',
      now: this.now(),
    });
    try {
      await this.messengerFor(drill).post(drill.channel_id, summary);
    } catch (error) {
      logger.error({ err: error, drill: drill.id }, 'flashcards: could not post the summary');
    }
  }

  /** Throttled "N graded" edits of the revealed card. */
  private scheduleLiveCount(drill: DrillRow, idx: number): void {
    this.scheduleCount(drill.id, idx, () => this.editLiveCount(drill, idx));
  }

  private async editLiveCount(drill: DrillRow, idx: number): Promise<void> {
    const row = await this.repo.getCard(drill.id, idx);
    const ref = row && refOf(row);
    if (!row || !ref || row.status !== 'revealed') return;
    const graded = (await this.repo.reviewsOf(drill.id, idx)).length;
    if (this.counting(drill.id, idx)) {
      await this.safeEdit(drill, ref, this.revealedView(drill, row, graded));
    }
  }

  // --- private review views --------------------------------------------------------------

  private async reviewFront(drill: DrillRow, idx: number, previous?: ReviewRow): Promise<Reply> {
    const row = (await this.repo.getCard(drill.id, idx))!;
    const state = await this.repo.getState(drill.platform, drill.starter_id, row.card_id);
    const reply = reviewFrontReply({ ...this.view(drill, row), isNew: state === undefined });
    if (previous) {
      reply.notes = [
        `Last card: ${GRADE_LABEL[gradeName(previous.rating)]}, due again ${formatDue(previous.due, previous.reviewed_at)}.`,
      ];
    }
    return reply;
  }

  private async reviewBack(drill: DrillRow, idx: number): Promise<Reply> {
    const row = (await this.repo.getCard(drill.id, idx))!;
    const now = this.now();
    const state = await this.repo.getState(drill.platform, drill.starter_id, row.card_id);
    const retention = await this.retentionFor(drill.platform, drill.server_id);
    return reviewBackReply({
      ...this.view(drill, row),
      preview: previewDue(state, now, retention),
      now,
    });
  }

  private async reviewSummary(drill: DrillRow, stopped: boolean): Promise<Reply> {
    const now = this.now();
    const next = (await this.repo.userStates(drill.platform, drill.starter_id)).find((s) =>
      this.byId.has(s.card_id),
    );
    return reviewSummaryReply({
      reviews: await this.repo.reviewsOf(drill.id),
      stopped,
      now,
      nextDue: next?.due,
    });
  }

  // --- helpers ---------------------------------------------------------------------------

  async retentionFor(platform: string, serverId: string): Promise<number> {
    if (!serverId) return DEFAULT_RETENTION;
    return (await this.repo.getRetention(platform, serverId)) ?? DEFAULT_RETENTION;
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
      platform: ctx.platform,
      server_id: ctx.server?.id ?? '',
      channel_id: ctx.channel.id,
      starter_id: ctx.user.id,
      starter_name: ctx.user.name.slice(0, 80),
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

  /** A card of the deck; one removed from the deck since still renders (and can be graded). */
  private cardOf(id: string): Card {
    return (
      this.byId.get(id) ?? {
        id,
        front: '(This card has been removed from the deck.)',
        back: 'It is no longer part of the course material.',
        tags: ['scaling-laws'],
        source: '—',
      }
    );
  }

  private view(drill: DrillRow, row: DrillCardRow) {
    return {
      drillId: drill.id,
      idx: row.idx,
      count: drill.count,
      card: this.cardOf(row.card_id),
      tag: drill.tag,
    };
  }

  private revealedView(drill: DrillRow, row: DrillCardRow, graded: number): Reply {
    return revealedReply({ ...this.view(drill, row), gradeSeconds: drill.grade_seconds, graded });
  }

  private async alreadyRunning(drill: DrillRow): Promise<Reply> {
    const row = await this.repo.getCard(drill.id, drill.current);
    const ref = row && refOf(row);
    const link = await this.linkTo(drill, ref);
    const where = link ? `Jump to it: ${link}` : 'Join in above, or wait for it to end.';
    const reply = errorReply(
      'A drill is already running here',
      `${drill.starter_name} started a flashcard drill in this channel (card ${drill.current + 1} of ${drill.count}). ${where}`,
    );
    reply.data = { drillId: drill.id, link };
    return reply;
  }
}

function cardRows(drillId: string, cards: readonly Card[]): DrillCardRow[] {
  return cards.map((card, idx) => ({
    drill_id: drillId,
    idx,
    card_id: card.id,
    status: 'pending',
    posted_at: null,
    deadline_at: null,
    revealed_at: null,
    message_platform: null,
    message_channel: null,
    message_id: null,
  }));
}

function refOf(row: DrillCardRow): MessageRef | undefined {
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

function alreadyGraded(review: ReviewRow, now: number): Reply {
  const grade = GRADE_LABEL[gradeName(review.rating)];
  return {
    title: `You already graded this: ${grade}`,
    summary: `Only your first grade counts. This card comes back for you ${formatDue(review.due, now)}.`,
    visibility: 'private',
    tone: 'info',
    data: { grade: gradeName(review.rating), due: review.due },
  };
}
