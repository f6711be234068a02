/** `/daily`: start, stop and status of a channel's question of the day (course staff only). */
import { randomBytes } from 'node:crypto';
import type { ActionInteraction, ActionResult, InteractionContext } from '../interaction.js';
import { startedBy, type GameDeps } from '../games/channel-game.js';
import { expiredReply } from '../games/ids.js';
import { info, SessionEngine } from '../games/session.js';
import { errorReply, type Reply } from '../reply.js';
import type { Store } from '../store/index.js';
import type { QuestionSource, Topic } from '../quiz/topics.js';
import { dailyAnswerAction } from './actions.js';
import { describeAt, isTimeZone, nextPostAt } from './clock.js';
import { DailyKind, DailyStore, type DailyRow, type DayRow } from './daily.js';

export interface DailyOptions {
  channel?: string;
  time: string;
  timezone: string;
  topic?: Topic;
  source: QuestionSource;
  boardDay: number;
}

const staffOnly = () =>
  errorReply('Course staff only', 'Only course staff (TAs) can run the question of the day.');

async function isStaff(ctx: InteractionContext): Promise<boolean> {
  try {
    return (await ctx.isStaff?.()) === true;
  } catch {
    return false;
  }
}

/** `<#123>`, `#123` or `123` → the channel id; undefined: this channel. */
const channelOf = (text: string | undefined) => text?.replace(/^<#|^#|>$/g, '').trim() || undefined;

export class DailyEngine {
  readonly store: DailyStore;
  readonly sessions: SessionEngine<DailyRow, DayRow>;
  private readonly now: () => number;
  constructor(deps: GameDeps & { store: Store; newId?: () => string }) {
    this.store = new DailyStore(deps.store.db);
    this.now = deps.now ?? Date.now;
    const newId = deps.newId ?? (() => `q${randomBytes(4).toString('hex')}`);
    this.newId = newId;
    this.sessions = new SessionEngine(
      deps,
      { label: 'daily', noun: 'question of the day', step: 'question' },
      (io) => new DailyKind(this.store, io),
    );
  }
  private readonly newId: () => string;

  async start(o: DailyOptions, ctx: InteractionContext): Promise<Reply> {
    if (!(await isStaff(ctx))) return staffOnly();
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(o.time))
      return errorReply(
        'Bad time',
        `time must be HH:MM, 24-hour (received "${o.time}"). Example: /daily start time:09:00 timezone:Europe/Berlin`,
      );
    if (!isTimeZone(o.timezone))
      return errorReply(
        'Unknown time zone',
        `timezone must be an IANA name (received "${o.timezone}"). Example: timezone:Europe/Berlin`,
      );
    if (!this.sessions.canPost(ctx))
      return errorReply('No channel', 'The question of the day needs a chat channel.');
    const target = { ...ctx, channel: { id: channelOf(o.channel) ?? ctx.channel.id } };
    return this.sessions.launch(target, async () => {
      const row = {
        id: this.newId(),
        ...startedBy(ctx),
        channel_id: target.channel.id,
        time: o.time,
        tz: o.timezone,
        topic: o.topic ?? null,
        source: o.source,
        boardDay: o.boardDay,
        created_at: this.now(),
      };
      return (await this.store.create(row)) ? this.store.get(row.id) : undefined;
    });
  }

  async stop(ctx: InteractionContext, channel?: string): Promise<Reply> {
    if (!(await isStaff(ctx))) return staffOnly();
    const d = await this.store.runningInChannel(ctx.platform, channelOf(channel) ?? ctx.channel.id);
    if (!d) return errorReply('No question of the day', 'None is scheduled in that channel.');
    // Staff may stop it even when someone else started it.
    const staffCtx = { ...ctx, isModerator: () => Promise.resolve(true) };
    return (
      (await this.sessions.stop(d, staffCtx)) ?? info('Stopped', 'No more daily questions there.')
    );
  }

  async status(ctx: InteractionContext, channel?: string): Promise<Reply> {
    if (!(await isStaff(ctx))) return staffOnly();
    const d = await this.store.runningInChannel(ctx.platform, channelOf(channel) ?? ctx.channel.id);
    if (!d)
      return info(
        'No question of the day',
        'None is scheduled in that channel. Start one with `/daily start time:09:00 timezone:Europe/Berlin`.',
      );
    const next = nextPostAt(this.now(), d.time, d.tz);
    return info(
      'Question of the day',
      `Daily at ${d.time} (${d.tz}), started by ${d.starter_name}; ${d.current} posted so far; the next one ${describeAt(next, this.now(), d.tz)}.`,
    );
  }

  async onAction(ctx: ActionInteraction): Promise<ActionResult> {
    const click = dailyAnswerAction.decode(ctx.actionId);
    if (!click) return { reply: expiredReply('daily') };
    const found = await this.sessions.clicked(click.session, click.step, ctx);
    if (!('session' in found)) return { reply: found };
    const { session, step } = found;
    if (step.phase !== 'open')
      return { reply: info('Closed', 'That question has closed; today’s is the newest one.') };
    const q = JSON.parse(step.payload) as { q: { correct: number; topic: string } };
    const r = await this.store.db
      .insertInto('answers')
      .values({
        round_id: session.id,
        idx: step.idx,
        user_id: ctx.user.id,
        user_name: ctx.user.name.slice(0, 80),
        choice: click.choice,
        correct: click.choice === q.q.correct ? 1 : 0,
        answered_at: this.now(),
        points: null,
        platform: session.platform,
        server_id: session.server_id,
        channel_id: session.channel_id,
        topic: q.q.topic,
        ranked: 0,
      })
      .onConflict((oc) => oc.columns(['round_id', 'idx', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1)
      return {
        reply: info(
          'Already answered',
          'Only your first answer counts; results come with the next question.',
        ),
      };
    this.sessions.counted(session, step.idx);
    return {
      reply: info(
        'Answer saved',
        'The answer and results appear when the next question is posted.',
      ),
    };
  }
}
