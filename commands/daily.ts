import { z } from 'zod';
import { dailyAnswerAction } from '../src/daily/actions.js';
import { SOURCES, TOPIC_IDS } from '../src/quiz/topics.js';
import { StoreUnavailable, whenAvailable } from '../src/store/failure.js';
import { defineCommand } from './define.js';
import { unavailableReply } from './unavailable.js';

const DAYS = [
  'none',
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
const unavailable = () => unavailableReply('The question of the day', 'the quiz database');

export default defineCommand({
  name: 'daily',
  description: 'A question of the day in a channel, with a weekly board (course staff)',
  options: z.object({
    action: z
      .enum(['start', 'stop', 'status'])
      .optional()
      .describe('start, stop or status (default)'),
    channel: z.string().max(40).optional().describe('The channel to post in (default: this one)'),
    time: z.string().max(5).optional().describe('Posting time, 24-hour HH:MM (default 09:00)'),
    timezone: z
      .string()
      .max(64)
      .optional()
      .describe('IANA time zone, e.g. Europe/Berlin (default UTC)'),
    topic: z.enum(TOPIC_IDS).optional().describe('Only questions on one topic'),
    source: z
      .enum(SOURCES)
      .optional()
      .describe('mixed (default), bank questions or generated problems'),
    board: z.enum(DAYS).optional().describe('Weekday the weekly board is posted (default monday)'),
  }),
  positional: ['action'],
  examples: ['/daily start time:09:00 timezone:Europe/Berlin', '/daily status', '/daily stop'],
  policy: { visibility: 'private', chart: false, channelGame: true },
  async run(o, ctx) {
    const engine = (await ctx.services?.quiz())?.daily;
    if (!engine) return unavailable();
    const result = await whenAvailable(() => {
      switch (o.action ?? 'status') {
        case 'start':
          return engine.start(
            {
              channel: o.channel,
              time: o.time ?? '09:00',
              timezone: o.timezone ?? 'UTC',
              topic: o.topic,
              source: o.source ?? 'mixed',
              boardDay: DAYS.indexOf(o.board ?? 'monday') - 1,
            },
            ctx,
          );
        case 'stop':
          return engine.stop(ctx, o.channel);
        case 'status':
          return engine.status(ctx, o.channel);
      }
    });
    return result instanceof StoreUnavailable ? unavailable() : result;
  },
  actions: [dailyAnswerAction],
  async onAction(ctx) {
    const engine = (await ctx.services?.quiz())?.daily;
    if (!engine) return { reply: unavailable() };
    const result = await whenAvailable(() => engine.onAction(ctx));
    return result instanceof StoreUnavailable ? { reply: unavailable() } : result;
  },
});
