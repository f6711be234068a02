/**
 * `scaling-tutor course import FILE --server ID [--name NAME] [--platform P]` and
 * `course export --server ID --format anki|csv [--deck NAME] [--platform P]` on the database
 * DATABASE_URL names (the same the bot uses). The platform defaults to discord: a Discord
 * server's id is a guild id; give `--platform slack` and the team id for a Slack workspace.
 */
import { readFile, stat } from 'node:fs/promises';
import { CourseLibrary, problemLines } from '../../course/library.js';
import { MAX_BYTES, tooLarge, formatProblem } from '../../course/import/problems.js';
import { openStore } from '../../store/index.js';
import type { CliResult } from './index.js';

export const IMPORT_USAGE =
  'Usage: scaling-tutor course import FILE --server ID [--name NAME] [--platform discord|slack|playground]';
export const EXPORT_USAGE =
  'Usage: scaling-tutor course export --server ID --format anki|csv [--deck NAME] [--platform discord|slack|playground]';

const fail = (stderr: string): CliResult => ({ code: 2, stdout: '', stderr });

/** `--flag value` pairs and the rest; undefined when a flag has no value. */
function flags(args: string[], known: readonly string[]) {
  const values: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const key = a.slice(2);
      const v = args[i + 1];
      if (!known.includes(key)) return { error: `Unknown option ${a}.` };
      if (v === undefined || v.startsWith('--')) return { error: `${a} needs a value.` };
      values[key] = v;
      i++;
    } else rest.push(a);
  }
  return { values, rest };
}

async function withLibrary<T>(fn: (lib: CourseLibrary) => Promise<T>): Promise<T> {
  const store = await openStore(process.env.DATABASE_URL);
  try {
    return await fn(new CourseLibrary(store.db));
  } finally {
    await store.close();
  }
}

export async function courseImport(args: string[], json: boolean): Promise<CliResult> {
  const parsed = flags(args, ['server', 'name', 'platform', 'format']);
  if ('error' in parsed) return fail(`${parsed.error} ${IMPORT_USAGE}`);
  const { values, rest } = parsed;
  const [file, ...extra] = rest;
  if (!file || extra.length || !values.server)
    return fail(
      `${!file ? 'Give the file to import. ' : !values.server ? 'Give the server: --server ID. ' : `Unexpected "${extra.join(' ')}". `}${IMPORT_USAGE}`,
    );
  let bytes: Uint8Array;
  try {
    const { size } = await stat(file);
    if (size > MAX_BYTES) return fail(`${file}: ${formatProblem(tooLarge(size))}`);
    bytes = await readFile(file);
  } catch (error) {
    return fail(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}. ${IMPORT_USAGE}`,
    );
  }
  const where = { platform: values.platform ?? 'discord', serverId: values.server };
  const out = await withLibrary((lib) =>
    lib.importFile(where, {
      content: bytes,
      filename: file,
      ...(values.name ? { name: values.name } : {}),
      ...(values.format ? { format: values.format as 'auto' } : {}),
      by: 'cli',
    }),
  );
  if (!out.ok) {
    const errors = out.problems.map(({ line, message }) => ({ line, message }));
    return {
      code: 2,
      stdout: json ? JSON.stringify({ imported: false, errors }, null, 2) : '',
      stderr: json
        ? ''
        : [
            `${file}: nothing was imported:`,
            ...problemLines(out.problems, 50).map((l) => `  ${l}`),
          ].join('\n'),
    };
  }
  const report = {
    imported: true,
    deck: out.deck,
    format: out.format,
    questions: out.questions,
    cards: out.cards,
    ...out.change,
  };
  return {
    code: 0,
    stdout: json
      ? JSON.stringify(report, null, 2)
      : `${file} → deck ${out.deck} on ${where.platform} server ${where.serverId}: ${out.questions} questions, ${out.cards} cards (${out.change.added} new, ${out.change.updated} updated, ${out.change.removed} removed).`,
    stderr: '',
  };
}

export async function courseExport(args: string[]): Promise<CliResult> {
  const parsed = flags(args, ['server', 'deck', 'platform', 'format']);
  if ('error' in parsed) return fail(`${parsed.error} ${EXPORT_USAGE}`);
  const { values, rest } = parsed;
  if (rest.length) return fail(`Unexpected "${rest.join(' ')}". ${EXPORT_USAGE}`);
  if (!values.server) return fail(`Give the server: --server ID. ${EXPORT_USAGE}`);
  const format = values.format;
  if (format !== 'anki' && format !== 'csv')
    return fail(
      `--format must be anki or csv${format ? `, not "${format}"` : ''}. ${EXPORT_USAGE}`,
    );
  const where = { platform: values.platform ?? 'discord', serverId: values.server };
  return withLibrary(async (lib) => {
    if (values.deck && !(await lib.decks(where)).some((d) => d.name === values.deck))
      return fail(
        `No deck "${values.deck}" on ${where.platform} server ${where.serverId}. ${EXPORT_USAGE}`,
      );
    const out = await lib.exportDeck(where, format, values.deck);
    return { code: 0, stdout: out.text, stderr: '' };
  });
}
