/**
 * The answer row a member's letter click or typed number stores, built once for channel
 * rounds, solo practice, host-paced rounds and typed answers alike.
 */
import type { InteractionContext } from '../interaction.js';
import type { AnswerRow, QuestionRow, RoundRow } from '../store/index.js';

/**
 * `value`: the typed number (letter answers have none). Points are decided at the reveal;
 * channel rounds (host-paced ones included) count on the leaderboards, solo practice does not.
 */
export function answerRow(
  round: RoundRow,
  row: QuestionRow,
  ctx: InteractionContext,
  now: number,
  given: { choice: number; correct: boolean; value?: number },
): AnswerRow {
  return {
    round_id: round.id,
    idx: row.idx,
    user_id: ctx.user.id,
    user_name: ctx.user.name.slice(0, 80),
    choice: given.choice,
    correct: given.correct ? 1 : 0,
    ...(given.value === undefined ? {} : { value: given.value }),
    answered_at: now,
    points: null,
    platform: round.platform,
    server_id: round.server_id,
    channel_id: round.channel_id,
    topic: row.topic,
    ranked: round.mode === 'channel' ? 1 : 0,
  };
}
