import { z } from 'zod';
import { MAX_BYTES } from '../src/course/import/problems.js';
import { DECK_NAME, problemLines, type CourseLibrary, type Where } from '../src/course/library.js';
import { courseStats } from '../src/course/stats.js';
import { errorReply, type Reply } from '../src/reply.js';
import { StoreUnavailable, whenAvailable } from '../src/store/failure.js';
import type { CommandContext } from './define.js';
import { defineCommand } from './define.js';
import { courseDeckSuggestions } from './course-suggest.js';
import { attachment } from './schema.js';
import { unavailableReply } from './unavailable.js';

const ACTIONS = ['list', 'import', 'remove', 'export', 'results', 'stats'] as const;
type Action = (typeof ACTIONS)[number];
/** What a student may not do, in the words of the refusal ("only TAs can …"). */
const STAFF_ONLY: Partial<Record<Action, string>> = {
  import: 'import course files',
  remove: 'remove course decks',
  export: 'export course decks',
  results: 'export members’ results',
  stats: 'see course statistics',
};
const DAY_MS = 86_400_000;

const unavailable = (): Reply => unavailableReply('Course decks', 'the course database');

const info = (title: string, summary: string, extra: Partial<Reply> = {}): Reply => ({
  title,
  summary,
  visibility: 'private',
  tone: 'info',
  ...extra,
});

export default defineCommand({
  name: 'course',
  description: 'This server’s course decks: list them; TAs import, export, remove, see stats',
  options: z.object({
    action: z
      .enum(ACTIONS)
      .optional()
      .describe('list (default), import, remove, export, results (CSV), stats — all but list: TAs'),
    file: attachment('import: the course file (CSV, TSV, Anki text or GIFT, ≤ 1 MB)', MAX_BYTES, {
      staff: STAFF_ONLY.import,
    }).optional(),
    name: z
      .string()
      .max(40)
      .optional()
      .describe('The deck: import names it (default: the file name); remove/export pick it'),
    format: z
      .enum(['anki', 'csv'])
      .optional()
      .describe('export: anki (cards, with GUIDs) or csv (everything; default)'),
    days: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe('results/stats: only the last N days (default: all time)'),
    rounds: z
      .string()
      .max(1000)
      .optional()
      .describe('results: only these rounds or drills (session ids, comma-separated)'),
  }),
  positional: ['action', 'name'],
  examples: [
    '/course',
    '/course import file:week-3.csv',
    '/course export name:week-3 format:anki',
    '/course results days:30',
    '/course stats',
    '/course remove name:week-3',
  ],
  fileOption: 'file',
  policy: { visibility: 'private', chart: false },
  async run(o, ctx) {
    const library = await ctx.services?.course?.();
    if (!library) return unavailable();
    if (!ctx.server)
      return errorReply(
        'Course decks belong to a server',
        'Course decks belong to a server: run /course in a channel of your Discord server or Slack workspace.',
      );
    const action: Action = o.action ?? 'list';
    const where: Where = { platform: ctx.platform, serverId: ctx.server.id };
    const staffOnly = STAFF_ONLY[action];
    if (staffOnly && !(await (ctx.isStaff?.() ?? Promise.resolve(false))))
      return errorReply(
        'Only TAs can do that',
        `Only TAs can ${staffOnly}. Students can list the decks with /course and use them with /flashcards deck:<name> or /quiz source:course.`,
      );
    const result = await whenAvailable(() => act(library, where, action, o, ctx));
    return result instanceof StoreUnavailable ? unavailable() : result;
  },
  suggest: { name: (partial, ctx) => courseDeckSuggestions(partial, ctx) },
});

interface Options {
  file?: string;
  name?: string;
  format?: 'anki' | 'csv';
  days?: number;
  rounds?: string;
}

async function act(
  library: CourseLibrary,
  where: Where,
  action: Action,
  o: Options,
  ctx: CommandContext,
): Promise<Reply> {
  switch (action) {
    case 'list':
      return list(library, where);
    case 'import':
      return importFile(library, where, o, ctx);
    case 'remove': {
      const name = deckName(o.name, 'remove');
      if (typeof name !== 'string') return name;
      return (await library.removeDeck(where, name))
        ? info('Deck removed', `Removed the deck \`${name}\` and its items.`)
        : notFound(name);
    }
    case 'export':
      return exportDeck(library, where, o);
    case 'results': {
      const period = {
        ...(o.days ? { since: Date.now() - o.days * DAY_MS } : {}),
        ...(o.rounds ? { rounds: o.rounds.split(/[\s,]+/).filter(Boolean) } : {}),
      };
      const { text, members } = await library.resultsCsv(where, period);
      return info(
        'Results',
        `${members} member${members === 1 ? '' : 's'}${o.days ? ` over the last ${o.days} days` : ''}${o.rounds ? ' in the rounds given' : ''}: results.csv is attached.`,
        { file: { name: 'results.csv', content: text, mime: 'text/csv' } },
      );
    }
    case 'stats':
      return stats(library, where, o.days);
  }
}

async function list(library: CourseLibrary, where: Where): Promise<Reply> {
  const decks = await library.decks(where);
  if (decks.length === 0)
    return info(
      'No course decks yet',
      'This server has no course decks yet. A TA adds one with /course import and a CSV, TSV, Anki text or GIFT file.',
    );
  return info(
    `Course decks (${decks.length})`,
    'Use one with /flashcards deck:<name> or /quiz source:course.',
    {
      fields: decks.map((d) => ({
        label: d.name,
        value: `${d.questions} question${d.questions === 1 ? '' : 's'}, ${d.cards} card${d.cards === 1 ? '' : 's'} (${d.format})`,
        inline: true,
      })),
    },
  );
}

async function importFile(
  library: CourseLibrary,
  where: Where,
  o: Options,
  ctx: CommandContext,
): Promise<Reply> {
  if (o.file === undefined)
    return errorReply(
      'No file',
      `Send the course file to import (CSV, TSV, Anki "Notes in Plain Text" or GIFT, up to 1 MB): ${ctx.uploadHint?.('course import') ?? 'this chat cannot take a file; use scaling-tutor course import FILE --server ID'}.`,
    );
  const name = o.name?.trim() || undefined;
  const out = await library.importFile(where, {
    content: o.file,
    filename: ctx.upload?.name,
    ...(name ? { name } : {}),
    by: ctx.user.id,
  });
  if (!out.ok)
    return errorReply(
      'Nothing was imported',
      [
        `The file has ${out.problems.length} problem${out.problems.length === 1 ? '' : 's'}; nothing was imported. Fix them and import it again:`,
        ...problemLines(out.problems),
      ].join('\n'),
    );
  const { added, updated, removed, moved } = out.change;
  return info(
    `Imported ${out.deck}`,
    `The deck \`${out.deck}\` now has ${out.questions} question${out.questions === 1 ? '' : 's'} and ${out.cards} card${out.cards === 1 ? '' : 's'} (${out.format}).`,
    {
      body: [
        `${added} new, ${updated} updated in place (members keep their progress), ${removed} removed${moved ? `, ${moved} moved from another deck` : ''}.`,
      ],
    },
  );
}

async function exportDeck(library: CourseLibrary, where: Where, o: Options): Promise<Reply> {
  const deck = o.name?.trim() || undefined;
  if (deck !== undefined && !(await library.decks(where)).some((d) => d.name === deck))
    return notFound(deck);
  const format = o.format ?? 'csv';
  const out = await library.exportDeck(where, format, deck);
  const base = deck ?? 'course';
  return info(
    `Exported ${base}`,
    `${out.items} item${out.items === 1 ? '' : 's'} as ${format === 'anki' ? 'Anki text (with the GUID column, so a re-import keeps progress)' : 'course CSV'}.${out.skipped ? ` ${out.skipped} questions are not Anki notes: export format:csv for them.` : ''}`,
    {
      file: {
        name: `${base}.${format === 'anki' ? 'txt' : 'csv'}`,
        content: out.text,
        mime: format === 'anki' ? 'text/plain' : 'text/csv',
      },
    },
  );
}

async function stats(library: CourseLibrary, where: Where, days?: number): Promise<Reply> {
  const period = days ? { since: Date.now() - days * DAY_MS } : {};
  const items = await library.items(where);
  const answers = await library.repo.answers(where, period);
  const reviews = await library.repo.reviews(where, period);
  const shown = await library.repo.shownChoices(where, period);
  const s = courseStats(items, answers, reviews, undefined, undefined, shown);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const short = (t: string) => (t.length > 60 ? `${t.slice(0, 59)}…` : t);
  return info(
    'Course stats',
    `${s.questions.length} question${s.questions.length === 1 ? '' : 's'} answered, ${answers.length} answers and ${reviews.length} card reviews${days ? ` in the last ${days} days` : ''}.`,
    {
      fields: [
        ...s.questions.slice(0, 10).map((q) => {
          // A numeric question's split has a second line of wrong values; the share goes first.
          const [first, ...more] = q.split.split('\n');
          return {
            label: short(q.prompt),
            value: [`${first} (${pct(q.correctShare)} right)`, ...more].join('\n'),
          };
        }),
        {
          label: 'Hardest questions',
          value:
            s.hardestQuestions
              .map((q) => `${pct(q.correctShare)} right: ${short(q.prompt)}`)
              .join('\n') || 'Not enough answers yet.',
        },
        {
          label: 'Hardest cards',
          value:
            s.hardestCards
              .map((c) => `${pct(c.againShare)} Again: ${short(c.prompt)}`)
              .join('\n') || 'Not enough reviews yet.',
        },
      ],
      chart: {
        kind: 'scores',
        title: 'Members taking part, per week',
        entries: s.weeks,
        axis: { label: 'Members', unit: 'members' },
      },
    },
  );
}

function deckName(text: string | undefined, verb: string): string | Reply {
  const name = text?.trim() ?? '';
  if (DECK_NAME.test(name)) return name;
  return errorReply(
    'Which deck?',
    `Name the deck to ${verb}${name ? ` ('${name.slice(0, 40)}' is not a deck name)` : ''}; /course lists them. Example: /course ${verb} name:week-3`,
  );
}

const notFound = (name: string): Reply =>
  errorReply('No such deck', `This server has no deck \`${name}\`; /course lists the decks.`);
