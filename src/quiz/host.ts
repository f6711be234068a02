/**
 * Host-paced rounds (`/quiz host`): a quiz round with no timers, moved on by its starter's
 * private panel (next, reveal, back, skip, end). The round is a QuizRound on the shared
 * session engine; this file holds only what differs — the panel, its clicks, and answers
 * that may change until the reveal (the last one counts; no answer counts as missed).
 */
import type { ActionResult, InteractionContext } from '../interaction.js';
import type { SessionEngine } from '../games/session.js';
import { info } from '../games/session.js';
import type { Reply } from '../reply.js';
import type { QuestionRow, QuizRepo, RoundRow } from '../store/index.js';
import { hostAction, type HostControl } from './actions.js';
import { answerRow } from './answer-row.js';
import { LETTERS } from './question.js';

const LABELS: Record<HostControl, string> = {
  next: 'Next',
  reveal: 'Reveal',
  back: 'Back',
  skip: 'Skip',
  end: 'End',
};

/** The starter's private control panel; its buttons carry only the round and the control. */
export function panelReply(round: RoundRow, note?: string): Reply {
  return {
    title: 'Host panel',
    summary:
      note ??
      `You host this round of ${round.count}: nothing moves until you press a button. Reveal shows the answer; Next asks the next question.`,
    notes: [
      'Members may change their answer until you reveal; their last answer counts, and an unanswered question counts as missed.',
      'Only you (or a moderator) can use this panel; it keeps working after a restart.',
    ],
    actions: [
      (Object.keys(LABELS) as HostControl[]).map((control) => ({
        id: hostAction.encode({ session: round.id, control }),
        label: LABELS[control],
        style: control === 'end' ? 'danger' : control === 'reveal' ? 'primary' : 'secondary',
      })),
    ],
    visibility: 'private',
    tone: 'info',
    data: { roundId: round.id },
  };
}

/** A host's panel click: refused for anyone but the starter or a moderator. */
export async function hostClick(
  rounds: SessionEngine<RoundRow, QuestionRow>,
  repo: QuizRepo,
  sessionId: string,
  control: HostControl,
  ctx: InteractionContext,
): Promise<ActionResult> {
  const round = await repo.getRound(sessionId);
  const found = await rounds.clicked(sessionId, round?.current ?? 0, ctx);
  if (!('session' in found)) return { reply: found };
  const { session, step } = found;
  if (session.host !== 1 || session.status !== 'running')
    return { reply: info('Not a host round', 'This panel belongs to a round that has ended.') };
  const refused = await rounds.mayControl(session, ctx, control);
  if (refused) return { reply: refused };
  const n = step.idx + 1;
  if (control === 'end') {
    await rounds.stop(session, ctx);
    return {
      update: panelReply(session, 'The round is over; the summary follows the last question.'),
    };
  }
  if (control === 'next' && step.status === 'open')
    return { reply: info('Reveal first', `Question ${n} is still open: Reveal it, or Skip.`) };
  if (control === 'reveal' && step.status !== 'open')
    return { reply: info('Already revealed', `Question ${n} was already revealed.`) };
  if (control === 'back' && step.idx === 0)
    return { reply: info('Nothing before', 'This is the first question.') };
  await rounds.control(session, step.idx, control, ctx, control);
  const now = await repo.getRound(session.id);
  const last = n >= session.count;
  const note =
    control === 'back'
      ? `Question ${n - 1} is posted again with its answer; question ${n} is still current.`
      : control === 'reveal'
        ? `Question ${n} revealed. Press ${last ? 'Next to finish the round' : 'Next for the next question'}.`
        : now?.status !== 'running'
          ? 'That was the last question; the summary follows the last question.'
          : `Question ${(now?.current ?? 0) + 1} of ${session.count} is up.`;
  return { update: panelReply(now ?? session, note) };
}

/** Store or replace a member's answer while the question is open: the last answer counts. */
export async function changeAnswer(
  repo: QuizRepo,
  now: number,
  round: RoundRow,
  row: QuestionRow,
  choice: number,
  ctx: InteractionContext,
): Promise<{ reply: Reply; stored: boolean }> {
  const before = await repo.getAnswer(round.id, row.idx, ctx.user.id);
  const stored =
    round.status === 'running' &&
    (await repo.changeAnswer(
      answerRow(round, row, ctx, now, { choice, correct: choice === row.correct }),
    ));
  if (!stored) {
    const mine = before ? `Your answer was ${LETTERS[before.choice]}; ` : '';
    return {
      reply: info('Too late', `${mine}the host has revealed this question.`),
      stored: false,
    };
  }
  const was = before && before.choice !== choice ? ` (was ${LETTERS[before.choice]})` : '';
  return {
    reply: info(
      `You answered ${LETTERS[choice]}${was}`,
      'You can change it until the host reveals; your last answer counts.',
    ),
    stored: true,
  };
}
