/**
 * A private review of the caller's due cards (new cards when nothing is due). It lives in
 * the command's private reply and its button updates: no channel, no timers, no Messenger.
 */
import type { ActionInteraction, ActionResult, InteractionContext } from '../interaction.js';
import { info } from '../games/session.js';
import { errorReply, type Reply } from '../reply.js';
import type { DrillCardRow, DrillRow, FlashcardRepo, ReviewRow } from '../store/index.js';
import type { FlashcardClick } from './actions.js';
import { alreadyGraded } from './grades.js';
import { isQuizCard, QUIZ_CARD_NOTE } from './from-quiz.js';
import { undoButton, undoGrade, undoReply } from './undo.js';
import type { Tag } from './deck.js';
import { cardRows, recordGrade, scheduleFor, type DeckIndex } from './drill.js';
import {
  nothingDueReply,
  reviewBackReply,
  reviewFrontReply,
  reviewSummaryReply,
} from './render.js';
import { GRADE_LABEL, gradeName, previewDue } from './schedule.js';
import { formatDue } from './stats.js';

export const REVIEW_DEFAULTS = { count: 20, newCards: 10 } as const;

export interface ReviewOptions {
  count: number;
  tag?: Tag;
}

export class PrivateReview {
  constructor(
    private readonly repo: FlashcardRepo,
    private readonly deck: DeckIndex,
    private readonly now: () => number,
    private readonly newDrill: (
      mode: 'review',
      ctx: InteractionContext,
      count: number,
      tag: string | undefined,
    ) => DrillRow,
    private readonly serial: <T>(id: string, fn: () => Promise<T>) => Promise<T>,
  ) {}

  async start(o: ReviewOptions, ctx: InteractionContext): Promise<Reply> {
    const now = this.now();
    const old = await this.repo.runningReview(ctx.platform, ctx.user.id);
    if (old) await this.repo.finishDrill(old.id, 'stopped', now);
    const matches = (tags: readonly string[]) => !o.tag || tags.includes(o.tag);
    const states = (await this.repo.userStates(ctx.platform, ctx.user.id)).filter((s) => {
      const card = this.deck.find(s.card_id);
      return card !== undefined && matches(card.tags);
    });
    let chosen = states.filter((s) => s.due <= now).map((s) => this.deck.find(s.card_id)!);
    if (chosen.length === 0) {
      const seen = new Set(states.map((s) => s.card_id));
      chosen = this.deck.cards
        .filter((c) => !seen.has(c.id) && matches(c.tags))
        .slice(0, Math.min(o.count, REVIEW_DEFAULTS.newCards));
    }
    chosen = chosen.slice(0, o.count);
    if (chosen.length === 0) return nothingDueReply({ nextDue: states[0]?.due, now, tag: o.tag });
    const drill = this.newDrill('review', ctx, chosen.length, o.tag);
    if (!(await this.repo.createDrill(drill, cardRows(drill.id, chosen)))) {
      return errorReply('Try again', 'Could not start the review; run `/flashcards review` again.');
    }
    await this.repo.openCard(drill.id, 0, now, null);
    return this.front(drill, 0);
  }

  /** `/flashcards stop` with no channel drill: the caller's review, if any. */
  async stop(ctx: InteractionContext): Promise<Reply | undefined> {
    const review = await this.repo.runningReview(ctx.platform, ctx.user.id);
    if (!review) return undefined;
    await this.repo.finishDrill(review.id, 'stopped', this.now());
    return info('Review stopped', 'Your review session is over; your grades are saved.');
  }

  async onClick(
    drill: DrillRow,
    row: DrillCardRow,
    click: FlashcardClick,
    ctx: ActionInteraction,
  ): Promise<ActionResult> {
    if (ctx.user.id !== drill.starter_id) {
      return {
        reply: errorReply('Not your review', 'This review session belongs to someone else.'),
      };
    }
    if (click.what === 'review-grade') {
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
      if (click.what === 'review-stop') {
        await this.repo.finishDrill(drill.id, 'stopped', this.now());
        return { update: await this.summary(drill, true) };
      }
      if (click.what === 'review-reveal') {
        if (current.status === 'front')
          await this.repo.revealCard(drill.id, row.idx, this.now(), null);
        else if (current.status !== 'revealed') {
          return { reply: info('Already graded', 'You have graded this card.') };
        }
        return { update: await this.back(drill, row.idx) };
      }
      if (click.what !== 'review-grade') {
        return {
          reply: errorReply('Unknown button', 'That button does not belong to this review.'),
        };
      }
      if (current.status !== 'revealed') {
        return { reply: info('Reveal first', 'Reveal the answer before grading yourself.') };
      }
      const outcome = await recordGrade(this.repo, this.now(), drill, current, click.grade, ctx);
      if (outcome === 'closed')
        return { reply: info('Already graded', 'You have graded this card.') };
      if (!outcome.recorded) return { reply: alreadyGraded(outcome.existing, this.now()) };
      await this.repo.closeCard(drill.id, row.idx);
      const next = row.idx + 1;
      if (next < drill.count) {
        await this.repo.openCard(drill.id, next, this.now(), null);
        return { update: await this.front(drill, next, outcome.review) };
      }
      await this.repo.finishDrill(drill.id, 'finished', this.now());
      const summary = await this.summary(drill, false);
      summary.actions = [...(summary.actions ?? []), [undoButton(drill.id, row.idx)]];
      return { update: summary };
    });
  }

  /** Take the reviewer's last grade back (30 s) and show that card's answer side again. */
  async undo(drill: DrillRow, idx: number, ctx: ActionInteraction): Promise<ActionResult> {
    if (ctx.user.id !== drill.starter_id) {
      return {
        reply: errorReply('Not your review', 'This review session belongs to someone else.'),
      };
    }
    return this.serial(drill.id, async (): Promise<ActionResult> => {
      const result = await undoGrade(this.repo, this.now(), drill, idx, ctx.user.id);
      if (result !== 'undone') return { reply: undoReply(result, false) };
      if (!(await this.repo.study.reopenReview(drill.id, idx)))
        return { reply: undoReply(result, false) }; // a newer review runs: the grade is undone
      const back = await this.back(drill, idx);
      back.notes = ['Grade taken back: your schedule for this card is as it was. Grade it again.'];
      return { update: back };
    });
  }

  private async front(drill: DrillRow, idx: number, previous?: ReviewRow): Promise<Reply> {
    const row = (await this.repo.getCard(drill.id, idx))!;
    const state = await this.repo.getState(drill.platform, drill.starter_id, row.card_id);
    const reply = reviewFrontReply({ ...this.deck.view(drill, row), isNew: state === undefined });
    reply.notes = isQuizCard(row.card_id) ? [QUIZ_CARD_NOTE] : [];
    if (previous) {
      reply.notes.push(
        `Last card: ${GRADE_LABEL[gradeName(previous.rating)]}, due again ${formatDue(previous.due, previous.reviewed_at)}.`,
      );
    }
    if (reply.notes.length === 0) delete reply.notes;
    if (previous) reply.actions = [...(reply.actions ?? []), [undoButton(drill.id, previous.idx)]];
    return reply;
  }

  private async back(drill: DrillRow, idx: number): Promise<Reply> {
    const row = (await this.repo.getCard(drill.id, idx))!;
    const now = this.now();
    const state = await this.repo.getState(drill.platform, drill.starter_id, row.card_id);
    const { retention, minuteSteps } = await scheduleFor(
      this.repo,
      drill.platform,
      drill.server_id,
    );
    return reviewBackReply({
      ...this.deck.view(drill, row),
      preview: previewDue(state, now, retention, minuteSteps),
      now,
    });
  }

  private async summary(drill: DrillRow, stopped: boolean): Promise<Reply> {
    const next = (await this.repo.userStates(drill.platform, drill.starter_id)).find(
      (s) => this.deck.find(s.card_id) !== undefined,
    );
    return reviewSummaryReply({
      reviews: await this.repo.reviewsOf(drill.id),
      stopped,
      now: this.now(),
      nextDue: next?.due,
    });
  }
}
