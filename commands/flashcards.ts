import { z } from 'zod';
import type { Reply } from '../src/reply.js';
import { StoreUnavailable, whenAvailable } from '../src/store/failure.js';
import { TAGS, tagName } from '../src/flashcards/deck.js';
import { DRILL_DEFAULTS, REVIEW_DEFAULTS } from '../src/flashcards/engine.js';
import { DEFAULT_RETENTION, RETENTION_MAX, RETENTION_MIN } from '../src/flashcards/schedule.js';
import type { ActionResult } from './define.js';
import { defineCommand } from './define.js';
import { mayStart, settingsFor } from './server-settings.js';
import { courseDeckSuggestions } from './course-suggest.js';
import { unavailableReply } from './unavailable.js';
import { FLASHCARD_ACTIONS } from '../src/flashcards/actions.js';

const unavailable = (): Reply => unavailableReply('Flashcards', 'their database');
/** Run `fn` on the store; the typed failure of a store that is down becomes the reply. */
const guarded = async <T>(fallback: (r: Reply) => T, fn: () => Promise<T>): Promise<T> => {
  const result = await whenAvailable(fn);
  return result instanceof StoreUnavailable ? fallback(unavailable()) : result;
};

export default defineCommand({
  name: 'flashcards',
  description: 'Flashcard drills with spaced repetition: channel drills, private reviews, stats',
  options: z.object({
    action: z
      .enum(['drill', 'review', 'stats', 'settings', 'stop'])
      .optional()
      .describe('drill (default, in the channel), review (private), stats, settings, or stop'),
    count: z
      .number()
      .int()
      .min(1)
      .max(30)
      .optional()
      .describe(
        `Cards, 1–30 (default ${DRILL_DEFAULTS.count} in a drill, up to ${REVIEW_DEFAULTS.count} in a review)`,
      ),
    tag: z.enum(TAGS).optional().describe('Only cards on one topic'),
    deck: z
      .string()
      .max(40)
      .optional()
      .describe('drill: a course deck of this server instead of the built-in cards (/course)'),
    seconds: z
      .number()
      .int()
      .min(10)
      .max(120)
      .optional()
      .describe(
        `Seconds to recall before a drill card reveals itself (default ${DRILL_DEFAULTS.seconds})`,
      ),
    retention: z
      .number()
      .min(RETENTION_MIN)
      .max(RETENTION_MAX)
      .optional()
      .describe(
        `settings: desired retention for this server, ${RETENTION_MIN}–${RETENTION_MAX} (default ${DEFAULT_RETENTION}; moderators)`,
      ),
    quizcards: z
      .enum(['on', 'off'])
      .optional()
      .describe('Questions you miss in quizzes become your cards: on (default) or off'),
    thread: z
      .boolean()
      .optional()
      .describe('Play the drill in a thread of its own (default: the server’s threads setting)'),
  }),
  positional: ['action'],
  examples: [
    '/flashcards',
    '/flashcards count:8 tag:compute-optimal',
    '/flashcards review',
    '/flashcards deck:week-3',
    '/flashcards stats',
    '/flashcards settings retention:0.85',
    '/flashcards quizcards:off',
  ],
  // Everything the command itself answers is for the caller only; drill cards and summaries
  // go to the channel through the platform's Messenger. Stats draw a chart.
  policy: { visibility: 'private', chart: true, channelGame: true },
  async run(o, ctx) {
    const engine = await ctx.services?.flashcards();
    if (!engine) return unavailable();
    const action = o.action ?? 'drill';
    if (action === 'drill') {
      const refused = await mayStart(ctx, await settingsFor(ctx), 'drills');
      if (refused) return refused;
    }
    return guarded(
      (r) => r,
      () => {
        if (o.quizcards) return engine.quizCards(ctx, o.quizcards === 'on');
        switch (action) {
          case 'drill':
            return engine.start(
              {
                count: o.count ?? DRILL_DEFAULTS.count,
                seconds: o.seconds ?? DRILL_DEFAULTS.seconds,
                tag: o.tag,
                thread: o.thread,
                ...(o.deck ? { deck: o.deck.trim() } : {}),
              },
              ctx,
            );
          case 'review':
            return engine.review({ count: o.count ?? REVIEW_DEFAULTS.count, tag: o.tag }, ctx);
          case 'stats':
            return engine.stats(ctx);
          case 'settings':
            return engine.settings(ctx, o.retention);
          case 'stop':
            return engine.stop(ctx);
        }
      },
    );
  },
  actions: FLASHCARD_ACTIONS,
  async onAction(ctx): Promise<ActionResult> {
    const engine = await ctx.services?.flashcards();
    if (!engine) return { reply: unavailable() };
    return guarded(
      (r) => ({ reply: r }),
      () => engine.onAction(ctx),
    );
  },
  suggest: {
    deck: (partial, ctx) => courseDeckSuggestions(partial, ctx),
    tag: (partial) => {
      const p = partial.trim().toLowerCase();
      return TAGS.filter((t) => t.includes(p) || tagName(t).toLowerCase().includes(p)).map((t) => ({
        name: tagName(t),
        value: t,
      }));
    },
  },
});
