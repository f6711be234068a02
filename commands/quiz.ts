import { z } from 'zod';
import type { Reply } from '../src/reply.js';
import { StoreUnavailable, whenAvailable } from '../src/store/failure.js';
import {
  DIFFICULTIES,
  SOURCES,
  TOPIC_IDS,
  TOPICS,
  type QuestionSource,
} from '../src/quiz/topics.js';
import { DEFAULT_SETTINGS, type QuizSourceSetting } from '../src/settings/schema.js';
import type { ActionResult } from './define.js';
import { defineCommand } from './define.js';
import { mayStart, settingsFor } from './server-settings.js';
import { courseTagSuggestions } from './course-suggest.js';
import { unavailableReply } from './unavailable.js';
import { QUIZ_ACTIONS } from '../src/quiz/actions.js';

/** The built-in defaults; a server's /settings (quizQuestions, quizSeconds) replace them. */
export const QUIZ_DEFAULTS = {
  count: DEFAULT_SETTINGS.quizQuestions,
  seconds: DEFAULT_SETTINGS.quizSeconds,
  source: 'mixed',
} as const;

/** The server's quizSource → the built-in pool ('course' asks built-in ones until issue 15). */
const poolFor = (_setting: QuizSourceSetting): QuestionSource => 'mixed';

const unavailable = (): Reply => unavailableReply('Quizzes', 'the quiz database');
/** Run `fn` on the store; the typed failure of a store that is down becomes the reply. */
const guarded = async <T>(fallback: (r: Reply) => T, fn: () => Promise<T>): Promise<T> => {
  const result = await whenAvailable(fn);
  return result instanceof StoreUnavailable ? fallback(unavailable()) : result;
};

export default defineCommand({
  name: 'quiz',
  description:
    'Quiz the channel on scaling laws: rounds, scores, leaderboards and private practice',
  options: z.object({
    action: z
      .enum(['start', 'host', 'leaderboard', 'stats', 'stop', 'solo'])
      .optional()
      .describe('start (default), host (you pace it), leaderboard, stats, stop, or solo practice'),
    count: z
      .number()
      .int()
      .min(1)
      .max(20)
      .optional()
      .describe(`Questions in the round, 1–20 (default ${QUIZ_DEFAULTS.count})`),
    seconds: z
      .number()
      .int()
      .min(10)
      .max(120)
      .optional()
      .describe(`Seconds per question, 10–120 (default ${QUIZ_DEFAULTS.seconds})`),
    topic: z.enum(TOPIC_IDS).optional().describe('Only questions on one topic'),
    difficulty: z.enum(DIFFICULTIES).optional().describe('easy, medium or hard'),
    source: z
      .enum(SOURCES)
      .optional()
      .describe('mixed (default), bank, generated, or course (this server’s /course questions)'),
    tag: z
      .string()
      .max(60)
      .optional()
      .describe('source:course: only questions with this tag of the course file'),
    answers: z
      .enum(['choices', 'typed'])
      .optional()
      .describe('typed: generated problems are answered by typing the number (default choices)'),
    scope: z
      .enum(['channel', 'server'])
      .optional()
      .describe('Leaderboard for this channel (default) or the whole server'),
    period: z
      .enum(['week', 'all'])
      .optional()
      .describe('Leaderboard for this week (default) or all time'),
    board: z
      .enum(['hide', 'show'])
      .optional()
      .describe('leaderboard: hide takes you off the boards, show puts you on'),
    thread: z
      .boolean()
      .optional()
      .describe('Play the round in a thread of its own (default: the server’s threads setting)'),
  }),
  positional: ['action', 'board'],
  examples: [
    '/quiz',
    '/quiz count:10 seconds:20',
    '/quiz topic:compute-optimal source:generated',
    '/quiz leaderboard period:all',
    '/quiz leaderboard hide',
    '/quiz stats',
    '/quiz solo difficulty:hard',
    '/quiz host count:8',
    '/quiz count:5 thread:true',
    '/quiz source:course tag:week-3',
    '/quiz source:generated answers:typed',
  ],
  // Everything the command itself answers is for the caller only; the questions, reveals and
  // summaries go to the channel through the platform's Messenger.
  policy: { visibility: 'private', chart: true, channelGame: true },
  async run(o, ctx) {
    const engine = await ctx.services?.quiz();
    if (!engine) return unavailable();
    const action = o.action ?? 'start';
    const settings = await settingsFor(ctx);
    if (action === 'start') {
      const refused = await mayStart(ctx, settings, 'quiz rounds');
      if (refused) return refused;
    }
    const round = {
      count: o.count ?? settings.quizQuestions,
      seconds: o.seconds ?? settings.quizSeconds,
      source: o.source ?? poolFor(settings.quizSource),
      topic: o.topic,
      difficulty: o.difficulty,
      thread: o.thread,
      // A tag names course questions: it implies source:course.
      ...(o.tag ? { tag: o.tag.trim().toLowerCase(), source: 'course' as const } : {}),
      ...(o.answers === 'typed' ? { typed: true } : {}),
    };
    return guarded(
      (r) => r,
      () => {
        switch (action) {
          case 'start':
            return engine.start(round, ctx);
          case 'host':
            return engine.startHost(round, ctx);
          case 'solo':
            return engine.startSolo(round, ctx);
          case 'stop':
            return engine.stop(ctx);
          case 'leaderboard':
            if (o.board) return engine.boardChoice(ctx, o.board);
            return engine.leaderboard(ctx, o.scope ?? 'channel', o.period ?? 'week');
          case 'stats':
            return engine.stats(ctx);
        }
      },
    );
  },
  actions: QUIZ_ACTIONS,
  async onAction(ctx): Promise<ActionResult> {
    const engine = await ctx.services?.quiz();
    if (!engine) return { reply: unavailable() };
    return guarded(
      (r) => ({ reply: r }),
      () => engine.onAction(ctx),
    );
  },
  suggest: {
    tag: (partial, ctx) => courseTagSuggestions(partial, ctx),
    topic: (partial) =>
      TOPIC_IDS.filter(
        (t) =>
          t.includes(partial.trim().toLowerCase()) ||
          TOPICS[t].toLowerCase().includes(partial.trim().toLowerCase()),
      ).map((t) => ({
        name: TOPICS[t],
        value: t,
      })),
  },
});
