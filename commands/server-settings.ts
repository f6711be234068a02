/**
 * What commands read from the settings service: the server's settings (the defaults when
 * there is no service or the store is down) and the "who may start" rule for channel games.
 */
import { errorReply, type Reply } from '../src/reply.js';
import type { ServerSettings } from '../src/settings/schema.js';
export { settingsFor } from '../src/settings/read.js';
import type { CommandContext } from './define.js';

/** Undefined when this person may start a round or drill here, else the refusal. */
export async function mayStart(
  ctx: CommandContext,
  settings: ServerSettings,
  what: string,
): Promise<Reply | undefined> {
  if (settings.starters === 'everyone' || (await ctx.isStaff?.()) === true) return undefined;
  return errorReply(
    'TAs only',
    `In this server only TAs can start ${what} (\`/settings set starters everyone\` lets anyone).`,
  );
}
