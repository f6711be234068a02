/**
 * Course files on Slack: a slash command cannot carry a file, so a TA shares the file with
 * the bot in a direct message (the Messages tab of the app). The message text is the rest of
 * the command: empty for `/course import`, or `name:week-3`. Chosen over pasting into a modal
 * because a modal's text input holds at most 3,000 characters and a term's course file is
 * hundreds of KB; a DM keeps the file's name (format detection) and needs only `files:read`
 * and `im:history` (the `message.im` event). The download carries the bot token and stops at
 * the option's cap; the stated size is checked first. Same validation, same TA rule as
 * everywhere: the command runtime runs `/course` with the file's text.
 */
import type { App } from '@slack/bolt';
import { optionSpecs } from '../../../commands/schema.js';
import type { CommandContext } from '../../../commands/define.js';
import { errorReply, type Reply } from '../../reply.js';
import { logger } from '../../logger.js';
import { readUpload, UploadRefused } from '../shared/upload.js';
import { slackStaff, type ListenerDeps } from './listeners.js';
import { renderReply } from './render.js';
import { SLACK } from './adapter.js';

interface SharedFile {
  name?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

interface DmMessage {
  channel_type?: string;
  channel: string;
  user?: string;
  bot_id?: string;
  text?: string;
  files?: SharedFile[];
}

export function registerUploads(app: App, deps: ListenerDeps): void {
  const command = deps.commands.find((c) => c.name === 'course');
  const spec = command && optionSpecs(command).find((s) => s.type === 'attachment');
  if (!command || !spec) return;
  app.event('message', async ({ event, body, context }) => {
    const m = event as unknown as DmMessage;
    if (m.channel_type !== 'im' || !m.user || m.bot_id || !m.files?.length) return;
    const teamId = (body as { team_id?: string }).team_id;
    const say = async (reply: Reply) => {
      const client = await deps.clients.forRequest(
        {
          ...(teamId ? { teamId } : {}),
          ...(context.botToken ? { botToken: context.botToken } : {}),
        },
        m.channel,
      );
      for (const message of renderReply(reply))
        await client.chat.postMessage({ channel: m.channel, ...message });
    };
    const ctx: CommandContext = {
      platform: SLACK,
      messenger: deps.messenger,
      user: { id: m.user, name: m.user },
      channel: { id: m.channel },
      ...(teamId ? { server: { id: teamId } } : {}),
      isModerator: () => deps.moderators.isModerator(teamId, m.user!),
      // Admins or the workspace's TA list (/settings taUsers).
      isStaff: slackStaff(deps, teamId, m.user!),
      commands: deps.commands,
      ...(deps.services ? { services: deps.services } : {}),
    };
    try {
      if (m.files.length > 1) {
        await say(errorReply('One file at a time', 'Share one course file per message.'));
        return;
      }
      // Refuse students before downloading anything.
      if (!(await ctx.isStaff!())) {
        await say(
          errorReply(
            'Only TAs can do that',
            'Only TAs can import course files. Students can list the decks with /course.',
          ),
        );
        return;
      }
      const file = m.files[0]!;
      const url = file.url_private_download ?? file.url_private;
      if (!url) return;
      let text: string;
      try {
        text = await readUpload(
          {
            name: file.name ?? 'the file',
            size: file.size,
            url,
            headers: { authorization: `Bearer ${context.botToken ?? ''}` },
          },
          spec.maxBytes ?? 1024 * 1024,
        );
      } catch (error) {
        if (error instanceof UploadRefused) return await say(error.reply);
        throw error;
      }
      ctx.upload = { name: file.name ?? 'course.txt' };
      const words = (m.text ?? '').trim();
      const line = /^import\b/i.test(words) ? words : `import ${words}`.trim();
      await say(
        await deps.runtime.invoke(command, { text: line, files: { [spec.name]: text } }, ctx),
      );
    } catch (error) {
      logger.error({ err: error }, 'slack: course upload failed');
    }
  });
}
