/**
 * Solo practice: a private round that lives in the command's reply and its button updates.
 * No channel, no timers and no Messenger: each answer is revealed at once, and "next" asks
 * the next question. Unranked (stats only).
 */
import type { ActionInteraction, ActionResult, InteractionContext } from '../interaction.js';
import { info } from '../games/session.js';
import { errorReply, type Reply } from '../reply.js';
import type { QuestionRow, QuizRepo, RoundRow } from '../store/index.js';
import { soloNextAction, type QuizClick } from './actions.js';
import { recordNumber, showNumber } from './numeric.js';
import { LETTERS } from './question.js';
import { revealReply, summaryReply } from './render.js';
import {
  createRound,
  questionView,
  recordAnswer,
  scorer,
  viewOf,
  type RevealHook,
  type RoundOptions,
} from './round.js';

const notYours = (): Reply =>
  errorReply(
    'Not your practice round',
    'This is someone else’s practice round. Start your own with `/quiz solo`.',
  );

export class SoloPractice {
  constructor(
    private readonly repo: QuizRepo,
    private readonly now: () => number,
    private readonly revealed: RevealHook | undefined,
    private readonly newRound: () => { id: string; seed: number },
  ) {}

  async start(options: RoundOptions, ctx: InteractionContext): Promise<Reply> {
    const old = await this.repo.runningSolo(ctx.platform, ctx.user.id);
    if (old) await this.repo.finishRound(old.id, 'stopped', this.now());
    const fresh = this.newRound();
    const round = await createRound(
      this.repo,
      'solo',
      { ...options, id: fresh.id, seed: options.seed ?? fresh.seed, now: this.now() },
      ctx,
    );
    if (!round) return errorReply('Try again', 'Could not start a practice round.');
    return this.open(round, 0);
  }

  /** `/quiz stop` with no channel round: the caller's practice, if any. */
  async stop(ctx: InteractionContext): Promise<Reply | undefined> {
    const solo = await this.repo.runningSolo(ctx.platform, ctx.user.id);
    if (!solo) return undefined;
    await this.repo.finishRound(solo.id, 'stopped', this.now());
    return info('Practice stopped', 'Your practice round is over.');
  }

  async onClick(
    round: RoundRow,
    row: QuestionRow,
    click: QuizClick,
    ctx: ActionInteraction,
  ): Promise<ActionResult> {
    if (ctx.user.id !== round.starter_id) return { reply: notYours() };
    if (click.what === 'solo-stop') {
      await this.repo.finishRound(round.id, 'stopped', this.now());
      return { update: await this.summary(round, true) };
    }
    if (click.what === 'solo-next') return this.next(round, row);
    if (click.what !== 'solo-answer') return { reply: info('Unknown button', 'Try again.') };
    const { choice } = click;
    const { reply } = await recordAnswer(this.repo, this.now(), round, row, choice, ctx);
    const existing = await this.repo.getAnswer(round.id, row.idx, ctx.user.id);
    if (!existing || existing.choice !== choice || reply.tone === 'error') return { reply };
    const revealed = await this.reveal(round, row);
    if (!revealed) return { reply };
    revealed.summary = `${existing.correct ? '✅ Right!' : `❌ You chose ${LETTERS[choice]}.`} ${revealed.summary}`;
    return { update: revealed };
  }

  /** A typed number for a numeric practice question: stored, then revealed at once. */
  async onNumber(
    round: RoundRow,
    row: QuestionRow,
    text: string,
    ctx: ActionInteraction,
  ): Promise<ActionResult> {
    if (ctx.user.id !== round.starter_id) return { reply: notYours() };
    const typed = await recordNumber(this.repo, this.now(), round, row, text, ctx);
    if (!typed.stored)
      return { reply: typed.reply, ...(typed.errors ? { errors: typed.errors } : {}) };
    const mine = await this.repo.getAnswer(round.id, row.idx, ctx.user.id);
    const revealed = await this.reveal(round, row);
    if (!revealed || !mine) return { reply: typed.reply };
    const verdict = mine.correct ? '✅ Right!' : `❌ You typed ${showNumber(mine.value ?? NaN)}.`;
    revealed.summary = `${verdict} ${revealed.summary}`;
    return { update: revealed };
  }

  /** Reveal and score the player's question; the reply carries the Next button. */
  private async reveal(round: RoundRow, row: QuestionRow): Promise<Reply | undefined> {
    const result = await this.repo.reveal(round.id, row.idx, this.now(), scorer);
    if (!result) return undefined;
    await this.revealed?.(round, result.question, result.answers);
    const revealed = revealReply({
      ...viewOf(round, result.question),
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
    return revealed;
  }

  private async next(round: RoundRow, row: QuestionRow): Promise<ActionResult> {
    const next = row.idx + 1;
    if (round.status !== 'running')
      return { reply: info('Practice over', 'Start another with `/quiz solo`.') };
    if (next >= round.count) {
      await this.repo.finishRound(round.id, 'finished', this.now());
      return { update: await this.summary(round, false) };
    }
    const current = await this.repo.getRound(round.id);
    if (current && current.current >= next) {
      return { update: questionView(round, (await this.repo.getQuestion(round.id, next))!) };
    }
    return { update: await this.open(round, next) };
  }

  private async open(round: RoundRow, idx: number): Promise<Reply> {
    await this.repo.openQuestion(round.id, idx, this.now(), null);
    return questionView(round, (await this.repo.getQuestion(round.id, idx))!);
  }

  private async summary(round: RoundRow, stopped: boolean): Promise<Reply> {
    const scores = await this.repo.roundScores(round.id);
    return summaryReply({ scores, count: round.count, stopped, weekly: [], solo: true });
  }
}
