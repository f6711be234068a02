/**
 * Files on Slack: a slash command cannot carry a file, so a member shares the file with the
 * bot in a direct message (the Messages tab of the app). The message text names the command
 * and is the rest of its line: `fit save:my-runs` runs /fit with the file; anything else is
 * /course import (empty, `name:week-3`, or `course import name:week-3`). Chosen over pasting
 * into a modal because a modal's text input holds at most 3,000 characters and a term's course
 * file is hundreds of KB; a DM keeps the file's name (format detection) and needs only
 * `files:read` and `im:history` (the `message.im` event). A file for TAs only (the option's
 * `staff` rule) is refused to anyone else before it is fetched. The download carries the bot
 * token and stops at the option's cap; the stated size is checked first. Then the command
 * runtime runs the command with the file's text: same validation as everywhere.
 */
import type { App } from '@slack/bolt';
import { optionSpecs, type OptionSpec } from '../../../commands/schema.js';
import type { AnyCommand, CommandContext } from '../../../commands/define.js';
import { errorReply, type Reply } from '../../reply.js';
import { logger } from '../../logger.js';
import { slackUploadHint } from './upload-hint.js';
import { renderReplyChart } from '../shared/chart.js';
import { readUpload, staffOnlyFile, UploadRefused } from '../shared/upload.js';
import { postPublicly, uploadTextFile } from './deliver.js';
import { slackStaff, type ListenerDeps } from './listeners.js';
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

interface FileCommand {
  command: AnyCommand;
  spec: OptionSpec;
}

/** The command a file without a command word goes to, and how its line reads. */
const DEFAULT = 'course';
const courseLine = (rest: string) => (/^import\b/i.test(rest) ? rest : `import ${rest}`.trim());

/** `fit save:x` → /fit with `save:x`; `name:week-3` → /course with `import name:week-3`. */
export function pickCommand(
  text: string,
  byName: ReadonlyMap<string, FileCommand>,
): { target: FileCommand; line: string } | undefined {
  const words = text.trim();
  const first = /^\/?([a-z][a-z-]*)(?:\s+|$)/i.exec(words);
  const named = first ? byName.get(first[1]!.toLowerCase()) : undefined;
  const target = named ?? byName.get(DEFAULT);
  if (!target) return undefined;
  const rest = named ? words.slice(first![0].length).trim() : words;
  return { target, line: target.command.name === DEFAULT ? courseLine(rest) : rest };
}

export function registerUploads(app: App, deps: ListenerDeps): void {
  const byName = new Map<string, FileCommand>();
  for (const command of deps.commands) {
    const spec = optionSpecs(command).find((s) => s.type === 'attachment');
    if (spec) byName.set(command.name, { command, spec });
  }
  if (byName.size === 0) return;
  app.event('message', async ({ event, body, context }) => {
    const m = event as unknown as DmMessage;
    if (m.channel_type !== 'im' || !m.user || m.bot_id || !m.files?.length) return;
    const teamId = (body as { team_id?: string }).team_id;
    try {
      await answerShare(deps, byName, m as DmMessage & { user: string; files: SharedFile[] }, {
        teamId,
        botToken: context.botToken,
      });
    } catch (error) {
      logger.error({ err: error }, 'slack: file upload failed');
    }
  });
}

async function answerShare(
  deps: ListenerDeps,
  byName: ReadonlyMap<string, FileCommand>,
  m: DmMessage & { user: string; files: SharedFile[] },
  { teamId, botToken }: { teamId?: string; botToken?: string },
): Promise<void> {
  const picked = pickCommand(m.text ?? '', byName);
  if (!picked) return;
  const { command, spec } = picked.target;
  const client = await deps.clients.forRequest(
    { ...(teamId ? { teamId } : {}), ...(botToken ? { botToken } : {}) },
    m.channel,
  );
  // The DM is private already: every answer, charts included, is posted in it.
  const say = async (reply: Reply) => {
    const { reply: final, chart } = await renderReplyChart(reply, deps.renderChart);
    await postPublicly({ client, channel: m.channel, reply: final, chart });
    if (final.file) await uploadTextFile(client, m.channel, final.file, final.title);
  };
  const ctx: CommandContext = {
    platform: SLACK,
    messenger: deps.messenger,
    user: { id: m.user, name: deps.names.cached(teamId, m.user) ?? m.user },
    channel: { id: m.channel },
    ...(teamId ? { server: { id: teamId } } : {}),
    isModerator: () => deps.moderators.isModerator(teamId, m.user),
    // Admins or the workspace's TA list (/settings taUsers).
    isStaff: slackStaff(deps, teamId, m.user),
    commands: deps.commands,
    uploadHint: slackUploadHint,
    ...(deps.services ? { services: deps.services } : {}),
  };
  if (m.files.length > 1) {
    await say(errorReply('One file at a time', 'Share one file per message.'));
    return;
  }
  // Refuse a file for TAs only before downloading anything.
  if (spec.staff && !(await ctx.isStaff!())) {
    await say(staffOnlyFile(command.name, spec.staff));
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
        headers: { authorization: `Bearer ${botToken ?? ''}` },
      },
      spec.maxBytes ?? 1024 * 1024,
    );
  } catch (error) {
    if (error instanceof UploadRefused) return await say(error.reply);
    throw error;
  }
  ctx.upload = { name: file.name ?? 'upload.txt' };
  await say(
    await deps.runtime.invoke(command, { text: picked.line, files: { [spec.name]: text } }, ctx),
  );
}
