/**
 * /forget-me through the playground over a real SQLite file. Dee leaves data in every table
 * that can name a member; after the confirm button no row anywhere mentions Dee. The tables
 * and their text columns come from the database's own catalog (sqlite_master), so a table
 * added later is checked without editing this test — and the first assertion fails until the
 * seeding below covers it, so it cannot be forgotten silently. Past rounds keep their counts.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeRows } from '../../src/flashcards/schedule.js';
import { FlashcardRepo } from '../../src/store/index.js';
import { answerAction, soloAnswerAction } from '../../src/quiz/actions.js';
import { forgetAction } from '../../commands/forget-me.js';
import { startKit, type Kit } from './playground-kit.js';

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(async () => kit?.close());

const DEE = 'dee';
const HERE = { platform: 'playground', serverId: 'playground' };
const RUNS = readFileSync('test/deeper/fixtures/sardana-47-runs.csv', 'utf8')
  .trim()
  .split('\n')
  .filter((_, i) => i % 3 === 1)
  .join(' ');
/** Dee as a whole token, so "deep" in a question's text is not Dee. */
const mentions = (value: string) => /(^|[^A-Za-z0-9])dee([^A-Za-z0-9]|$)/.test(value);

/** Every table and its text columns, from the catalog. */
async function catalog(): Promise<{ table: string; columns: string[] }[]> {
  const db = kit.engines.store.db;
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master
    WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
  const out = [];
  for (const { name } of tables.rows) {
    const cols = await sql<{ name: string; type: string }>`SELECT name, type
      FROM pragma_table_info(${name})`.execute(db);
    out.push({
      table: name,
      columns: cols.rows.filter((c) => /TEXT|CHAR|CLOB|^$/i.test(c.type)).map((c) => c.name),
    });
  }
  return out;
}

async function rowsMentioningDee(): Promise<Record<string, number>> {
  const db = kit.engines.store.db;
  const found: Record<string, number> = {};
  for (const { table, columns } of await catalog()) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db);
    const n = rows.rows.filter((r) => columns.some((c) => mentions(String(r[c] ?? '')))).length;
    if (n > 0) found[table] = n;
  }
  return found;
}

/**
 * Tables with a column that names a person (user, starter, anything `_by`: updated_by,
 * saved_by, imported_by): each must be seeded.
 */
async function personTables(): Promise<string[]> {
  return (await catalog())
    .filter(
      (t) => t.columns.some((c) => /user|starter|_by$/.test(c)) || t.table === 'server_settings',
    )
    .map((t) => t.table)
    .sort();
}

async function seed(): Promise<string> {
  // A channel round Dee started and answered, with Ben answering too.
  await kit.say(DEE, '/quiz count:1 seconds:10');
  const round = (await kit.engines.quiz.repo.runningInChannel('playground', 'playground'))!;
  const question = (await kit.engines.quiz.repo.getQuestion(round.id, 0))!;
  for (const user of [DEE, 'ben']) {
    await kit.click(
      user,
      answerAction.encode({ session: round.id, step: 0, choice: 0 }),
      question.message_id!,
    );
  }
  await kit.clock.advance(11_000, () => kit.engines.quiz.idle());
  // Solo practice: a private session and an unranked answer.
  const solo = await kit.say(DEE, '/quiz solo count:1');
  const soloAnswer = solo.actions.find((a) => soloAnswerAction.decode(a))!;
  await kit.click(DEE, soloAnswer, solo.id);
  // Flashcard grades in a channel drill and a private review, and the schedule they leave.
  const repo = new FlashcardRepo(kit.engines.store.db);
  for (const [drillId, mode] of [
    ['d-channel', 'channel'],
    ['d-review', 'review'],
  ] as const) {
    const who = {
      drillId,
      idx: 0,
      platform: 'playground',
      userId: DEE,
      userName: 'Dee',
      cardId: mode === 'channel' ? 'card-a' : 'card-b',
      serverId: 'playground',
      channelId: 'playground',
      mode,
    };
    await repo.recordGrade(who, (previous) =>
      gradeRows(previous, 'good', kit.clock.now(), 0.9, who),
    );
  }
  // Board choices, the TA list, and a setting Dee changed as a TA.
  await kit.say(DEE, '/privacy nickname Otter');
  await kit.say(DEE, '/flashcards quizcards:off');
  await kit.say('ada', '/settings set taUsers dee,ben');
  await kit.say(DEE, '/settings set pauseSeconds 7');
  // As a TA, Dee saves a fit for the server and imports a course deck.
  const fitted = await kit.say(DEE, `/fit ${RUNS} save:lab-fit`);
  expect(fitted.text).toContain('Saved as "lab-fit"');
  const imported = await kit.engines.course!.importFile(HERE, {
    content: readFileSync('test/course/fixtures/questions.csv', 'utf8'),
    filename: 'week-9.csv',
    by: DEE,
  });
  expect(imported.ok).toBe(true);
  return round.id;
}

describe('/forget-me', () => {
  it('leaves no row naming the member in any table; past rounds keep their counts', async () => {
    const roundId = await seed();
    const fitBefore = (await kit.engines.savedFits!.get(HERE, 'lab-fit'))!;
    const before = await rowsMentioningDee();
    // Every table that can name a person holds Dee now (seed a new table above when this fails).
    expect(Object.keys(before).sort()).toEqual(await personTables());
    const counted = await kit.engines.quiz.repo.answersTo(roundId, 0);
    expect(counted).toHaveLength(2);

    const shown = await kit.say(DEE, '/privacy');
    expect(shown.title).toBe('What is stored about you');
    const exported = await kit.say(DEE, '/privacy export');
    expect(exported.text).toContain('"userId": "dee"');
    // What Dee saved for the server is listed too (by name: the content is the server's).
    expect(shown.text).toMatch(/1 fit, 1 deck \(the server keeps them/);
    // All of it is in the attached file, however long (the message shows the first part).
    const data = JSON.parse(exported.file!.content) as {
      answers: unknown[];
      savedFits: { name: string }[];
      decksImported: { name: string }[];
    };
    expect(exported.file!.name).toBe('my-data.json');
    expect(data.answers.length).toBeGreaterThan(0);
    expect(data.savedFits.map((f) => f.name)).toEqual(['lab-fit']);
    expect(data.decksImported.map((d) => d.name)).toEqual(['week-9']);

    const ask = await kit.say(DEE, '/forget-me');
    const confirm = ask.actions.find((a) => forgetAction.decode(a)?.confirm === true)!;
    const done = await kit.click(DEE, confirm, ask.id);
    expect(done?.title).toBe('Forgotten');

    expect(await rowsMentioningDee()).toEqual({});
    // The round still counts two answers; Ben's is his, the other belongs to nobody.
    const after = await kit.engines.quiz.repo.answersTo(roundId, 0);
    expect(after).toHaveLength(2);
    expect(after.map((a) => a.user_id)).toContain('ben');
    // Ben stays on the TA list; Dee is off the board.
    expect((await kit.engines.settings.get('playground', 'playground')).taUsers).toEqual(['ben']);
    const board = await kit.say('ben', '/quiz leaderboard');
    expect(board.text).not.toMatch(/former member|Dee|Otter/);
    // The fit and the deck are the server's: they stay, saved and imported by nobody in
    // particular, and Ben still uses them.
    const fit = (await kit.engines.savedFits!.get(HERE, 'lab-fit'))!;
    expect({ ...fit, saved_by: 'x' }).toEqual({ ...fitBefore, saved_by: 'x' });
    expect(fit.saved_by).toMatch(/^forgotten-/);
    const loss = await kit.say('ben', '/loss 70B 1.4T fit:lab-fit');
    expect(loss.text).toContain('lab-fit');
    expect(loss.title).not.toMatch(/Couldn|Unknown/);
    expect((await kit.engines.course!.decks(HERE)).map((d) => d.name)).toContain('week-9');
  });
});
