import { z } from 'zod';
import { defineAction } from '../src/actions.js';
import type { Reply } from '../src/reply.js';
import { forgetMember } from '../src/settings/privacy.js';
import { StoreUnavailable, whenAvailable } from '../src/store/failure.js';
import type { ActionResult } from './define.js';
import { defineCommand } from './define.js';
import { unavailableReply } from './unavailable.js';

/** The confirm (or cancel) button; the clicker is the one forgotten, whoever made the message. */
export const forgetAction = defineAction('forget-me', 'confirm', { confirm: z.boolean() });

const unavailable = (): Reply => unavailableReply('Forgetting', 'the database');

export default defineCommand({
  name: 'forget-me',
  description: 'Delete your answers, grades, schedules and scores (asks to confirm first)',
  options: z.object({}),
  positional: [],
  examples: ['/forget-me'],
  policy: { visibility: 'private', chart: false },
  run: (): Reply => ({
    title: 'Forget everything about you?',
    summary:
      'Your quiz answers, flashcard grades and schedules, scores and board choices go, on every server of this platform. Past rounds keep their counts, with your answers anonymised. This cannot be undone.',
    actions: [
      [
        { id: forgetAction.encode({ confirm: true }), label: 'Forget me', style: 'danger' },
        { id: forgetAction.encode({ confirm: false }), label: 'Cancel', style: 'secondary' },
      ],
    ],
    visibility: 'private',
    tone: 'info',
  }),
  actions: [forgetAction],
  async onAction(ctx): Promise<ActionResult> {
    const click = forgetAction.decode(ctx.actionId);
    if (!click?.confirm) {
      return { update: { title: 'Nothing deleted', summary: 'Cancelled.', visibility: 'private' } };
    }
    const service = await ctx.services?.settings?.();
    if (!service) return { reply: unavailable() };
    const result = await whenAvailable(() =>
      forgetMember(service.store.db, { platform: ctx.platform, userId: ctx.user.id }),
    );
    if (result instanceof StoreUnavailable) return { reply: unavailable() };
    // They left every TA list: no cached copy may still count them as a TA.
    service.forgetPlatform(ctx.platform);
    return {
      update: {
        title: 'Forgotten',
        summary: `Done: ${result} rows about you were deleted or anonymised. Anything new you answer starts afresh.`,
        visibility: 'private',
        tone: 'info',
      },
    };
  },
});
