import { z } from 'zod';
import { defineAction } from '../src/actions.js';
import { errorReply, type Reply } from '../src/reply.js';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  SETTINGS,
  showSetting,
  type SettingKey,
} from '../src/settings/schema.js';
import { deleteServerData } from '../src/settings/lifecycle.js';
import { StoreUnavailable, whenAvailable } from '../src/store/failure.js';
import type { ActionResult, CommandContext } from './define.js';
import { defineCommand } from './define.js';
import { unavailableReply } from './unavailable.js';

/** The TA's confirm button for deleting every row this server has (one per server id). */
export const deleteServerAction = defineAction(
  'settings',
  'delete-server',
  { confirm: z.boolean() },
  { moderators: true },
);

const unavailable = (): Reply => unavailableReply('Settings', 'the settings database');

const refused = (what: string): Reply =>
  errorReply('TAs only', `Only TAs can ${what} (server managers, the TA role or the TA list).`);

async function isStaff(ctx: CommandContext): Promise<boolean> {
  return (await ctx.isStaff?.()) === true;
}

export default defineCommand({
  name: 'settings',
  description: "Show or change this server's settings (TAs): quiz defaults, drills, boards",
  options: z.object({
    action: z
      .enum(['show', 'set', 'reset', 'delete-data'])
      .optional()
      .describe('show (default), set, reset (back to the default), or delete-data (everything)'),
    setting: z.enum(SETTING_KEYS).optional().describe('Which setting to set or reset'),
    value: z.string().max(600).optional().describe('The new value, e.g. 10 or anonymous'),
  }),
  positional: ['action', 'setting', 'value'],
  examples: [
    '/settings',
    '/settings set quizQuestions 10',
    '/settings set leaderboard anonymous',
    '/settings reset pauseSeconds',
  ],
  policy: { visibility: 'private', chart: false },
  async run(o, ctx) {
    const service = await ctx.services?.settings?.();
    if (!service) return unavailable();
    if (!ctx.server) {
      return errorReply('No server here', 'Settings belong to a server; run /settings in one.');
    }
    const result = await whenAvailable(async () => {
      const action = o.action ?? 'show';
      if (action === 'show') {
        const current = await service.for(ctx);
        const changed = await service.changedKeys(ctx.platform, ctx.server!.id);
        return settingsTable(current, changed, await isStaff(ctx));
      }
      if (!(await isStaff(ctx))) {
        return refused(action === 'delete-data' ? "delete this server's data" : 'change settings');
      }
      if (action === 'delete-data') return confirmDelete();
      if (!o.setting) {
        return errorReply(
          'Which setting?',
          `Name one of: ${SETTING_KEYS.join(', ')}. Example: /settings ${action} quizQuestions 10`,
        );
      }
      if (action === 'reset') {
        await service.reset(ctx, o.setting);
        return done(o.setting, DEFAULT_SETTINGS[o.setting], true);
      }
      if (o.value === undefined) {
        return errorReply(
          'Which value?',
          `${o.setting}: ${SETTINGS[o.setting].help}. Example: /settings set ${o.setting} ${showSetting(o.setting, DEFAULT_SETTINGS[o.setting])}`,
        );
      }
      const set = await service.set(ctx, o.setting, o.value);
      if ('error' in set) return errorReply('Not a valid value', set.error);
      return done(o.setting, set.value, false);
    });
    return result instanceof StoreUnavailable ? unavailable() : result;
  },
  actions: [deleteServerAction],
  async onAction(ctx): Promise<ActionResult> {
    const click = deleteServerAction.decode(ctx.actionId);
    if (!click) return {};
    if (!click.confirm) {
      return { update: { title: 'Nothing deleted', summary: 'Cancelled.', visibility: 'private' } };
    }
    if (!(await isStaff(ctx))) return { reply: refused("delete this server's data") };
    const service = await ctx.services?.settings?.();
    if (!service || !ctx.server) return { reply: unavailable() };
    const result = await whenAvailable(() =>
      deleteServerData(service.store.db, ctx.platform, ctx.server!.id),
    );
    if (result instanceof StoreUnavailable) return { reply: unavailable() };
    service.forget(ctx.platform, ctx.server.id);
    return {
      update: {
        title: "This server's data is deleted",
        summary: `Deleted ${result} rows: rounds, answers, drills, reviews, settings and members' choices for this server.`,
        visibility: 'private',
        tone: 'info',
      },
    };
  },
});

function settingsTable(
  current: Record<SettingKey, unknown>,
  changed: Set<string>,
  staff: boolean,
): Reply {
  return {
    title: 'Server settings',
    summary: staff
      ? 'Change one with `/settings set <setting> <value>`, or `/settings reset <setting>`.'
      : 'Only TAs can change these.',
    body: SETTING_KEYS.map((k) => {
      const value = showSetting(k, current[k] as never);
      const def = showSetting(k, DEFAULT_SETTINGS[k] as never);
      const state = changed.has(k) ? `changed; default ${def}` : 'default';
      return `**${k}**: ${value} (${state}) · ${SETTINGS[k].help}`;
    }),
    notes: [
      'quizSource "course" asks this course\'s own questions once they exist; until then it asks built-in ones.',
      'pauseSeconds and threads apply to the study modes that pause between questions and open threads.',
    ],
    visibility: 'private',
    tone: 'info',
  };
}

const done = (key: SettingKey, value: unknown, reset: boolean): Reply => ({
  title: reset ? `${key} is back to its default` : `${key} changed`,
  summary: `${key} is now ${showSetting(key, value as never)}.`,
  visibility: 'private',
  tone: 'info',
});

const confirmDelete = (): Reply => ({
  title: "Delete all of this server's data?",
  summary:
    "Every quiz round, answer, drill, review, setting, member choice, course deck and saved fit stored for this server goes now, and cannot be brought back. Members' own flashcard schedules stay theirs (/forget-me removes them).",
  actions: [
    [
      {
        id: deleteServerAction.encode({ confirm: true }),
        label: 'Delete everything',
        style: 'danger',
      },
      { id: deleteServerAction.encode({ confirm: false }), label: 'Cancel', style: 'secondary' },
    ],
  ],
  visibility: 'private',
  tone: 'info',
});
