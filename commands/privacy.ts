import { z } from 'zod';
import { errorReply, type Reply } from '../src/reply.js';
import { memberExport, memberSummary, type DataSummary } from '../src/settings/privacy.js';
import { StoreUnavailable, whenAvailable } from '../src/store/failure.js';
import { defineCommand } from './define.js';
import { unavailableReply } from './unavailable.js';

/** What fits in one private message as a code block; larger exports are cut with a note. */
export const EXPORT_LIMIT = 3500;
const FILE_NAME = 'my-data.json';

const unavailable = (): Reply => unavailableReply('Privacy', 'the database');
const day = (ms: number | undefined) =>
  ms === undefined ? '' : ` since ${new Date(ms).toISOString().slice(0, 10)}`;

export default defineCommand({
  name: 'privacy',
  description: 'What this bot stores about you, your data as JSON, and your board nickname',
  options: z.object({
    action: z
      .enum(['show', 'export', 'nickname'])
      .optional()
      .describe('show (default), export (your data as JSON), or nickname (your name on boards)'),
    name: z
      .string()
      .max(40)
      .optional()
      .describe('nickname: the name boards show for you ("none" to use your own)'),
  }),
  positional: ['action', 'name'],
  examples: ['/privacy', '/privacy export', '/privacy nickname Curious Otter'],
  policy: { visibility: 'private', chart: false },
  async run(o, ctx) {
    const service = await ctx.services?.settings?.();
    if (!service) return unavailable();
    const who = { platform: ctx.platform, userId: ctx.user.id };
    const db = service.store.db;
    const result = await whenAvailable(async (): Promise<Reply> => {
      switch (o.action ?? 'show') {
        case 'show':
          return summaryReply(await memberSummary(db, who));
        case 'export': {
          const json = JSON.stringify(await memberExport(db, who), null, 1);
          const cut = json.length > EXPORT_LIMIT;
          // All of it goes in the attached file; the message shows what fits in a chat message.
          return {
            title: 'Your data',
            summary: cut
              ? `Everything stored about you is in the attached ${FILE_NAME} (${json.length} characters of JSON); the first ${EXPORT_LIMIT} are below.`
              : `Everything stored about you, as JSON (also attached as ${FILE_NAME}).`,
            body: ['```json', cut ? json.slice(0, EXPORT_LIMIT) : json, '```'],
            file: { name: FILE_NAME, content: json, mime: 'application/json' },
            visibility: 'private',
            tone: 'info',
          };
        }
        case 'nickname': {
          if (!ctx.server) return errorReply('No server here', 'Nicknames belong to a server.');
          const name = o.name?.trim() ?? '';
          if (name === '' || /[<>@`*_~|]/.test(name)) {
            return errorReply(
              'Which nickname?',
              `A nickname is 1–40 characters without <>@\`*_~|; got ${JSON.stringify(o.name ?? '')}. Example: /privacy nickname Curious Otter`,
            );
          }
          const clear = name.toLowerCase() === 'none';
          await service.setPrefs(ctx, { nickname: clear ? null : name });
          return {
            title: clear ? 'Nickname removed' : 'Nickname set',
            summary: clear
              ? 'Boards in this server show your own name again.'
              : `Boards in this server show you as ${name}.`,
            visibility: 'private',
            tone: 'info',
          };
        }
      }
    });
    return result instanceof StoreUnavailable ? unavailable() : result;
  },
});

function summaryReply(s: DataSummary): Reply {
  return {
    title: 'What is stored about you',
    summary:
      'Only what the quiz and flashcards need: your answers, grades and schedules, and your board choices.',
    fields: [
      { label: 'Quiz answers', value: `${s.answers.count}${day(s.answers.since)}` },
      { label: 'Flashcard grades', value: `${s.reviews.count}${day(s.reviews.since)}` },
      { label: 'Flashcard schedules', value: String(s.schedules) },
      { label: 'Rounds and drills you started', value: String(s.sessionsStarted) },
      { label: 'Board choices (hide/show, nickname)', value: String(s.boardChoices) },
      {
        label: 'Study preference: quiz cards',
        value: s.quizCards === undefined ? 'not set' : s.quizCards ? 'on' : 'off',
      },
      { label: 'Undo logs of grades', value: String(s.undoLogs) },
      { label: 'TA lists you are on', value: String(s.taLists) },
      {
        label: 'Fits and course decks you saved for a server',
        value: `${s.savedFits} fit${s.savedFits === 1 ? '' : 's'}, ${s.decksImported} deck${s.decksImported === 1 ? '' : 's'} (the server keeps them; /forget-me removes your name from them)`,
      },
    ],
    notes: [
      '`/privacy export` gives you all of it as JSON. `/forget-me` deletes it (past rounds keep their counts, anonymised).',
      '`/quiz leaderboard hide` takes you off the boards; `/privacy nickname <name>` picks the name they show.',
      'A server’s data is deleted 7 days after the bot is removed from it, or at once by a TA.',
    ],
    visibility: 'private',
    tone: 'info',
  };
}
