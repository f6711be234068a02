/**
 * Migration 3 on a real file made with the version-2 schema (rounds/questions and
 * flashcard_drills/_cards): every row is carried into sessions/session_steps, and a round
 * and a drill that were running at upgrade time resume — their timers re-armed from the
 * stored deadlines, their messages edited through the stored refs, answers scored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { loadDeck } from '../../src/flashcards/deck.js';
import { pickQuestions } from '../../src/quiz/pick.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { MIGRATIONS, openStore } from '../../src/store/index.js';
import { FakeClock, MemoryMessenger } from '../quiz/fakes.js';

const dir = mkdtempSync(join(tmpdir(), 'sessions-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 7, 12);

/** An empty database file with the migrations table. */
function oldFile(): string {
  const file = join(dir, `v2-${Math.random().toString(36).slice(2)}.sqlite`);
  const db = new SQLite(file);
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
           applied_at INTEGER NOT NULL)`);
  db.close();
  return file;
}

/** Version 2 as it left a file: a round and a drill running, a finished round, an answer. */
async function applyOld(file: string): Promise<number> {
  // The real version-1 and -2 migrations, run through Kysely on the file.
  const { Kysely, SqliteDialect } = await import('kysely');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the old schema is untyped here
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
  for (const m of MIGRATIONS.filter((m) => m.version <= 2)) {
    await m.up(db);
    await db
      .insertInto('schema_migrations')
      .values({ version: m.version, name: m.name, applied_at: 0 })
      .execute();
  }
  const [q0, q1] = pickQuestions({ count: 2, seed: 5, source: 'bank', recent: new Set() });
  const round = (id: string, status: string, channel: string) => ({
    id,
    platform: 'discord',
    server_id: 'g',
    channel_id: channel,
    starter_id: 'ada',
    starter_name: 'Ada',
    mode: 'channel',
    status,
    seconds: 30,
    count: 2,
    topic: null,
    difficulty: null,
    source: 'bank',
    seed: 5,
    current: 0,
    created_at: T0 - 60_000,
    finished_at: status === 'running' ? null : T0 - 1000,
  });
  await db
    .insertInto('rounds')
    .values([round('old1', 'finished', 'c'), round('run1', 'running', 'c')])
    .execute();
  const question = (roundId: string, idx: number, q: typeof q0, open: boolean) => ({
    round_id: roundId,
    idx,
    question_id: q!.id,
    topic: q!.topic,
    difficulty: q!.difficulty,
    correct: q!.correct,
    payload: JSON.stringify(q),
    status: open ? 'open' : 'pending',
    posted_at: open ? T0 - 10_000 : null,
    deadline_at: open ? T0 + 20_000 : null,
    revealed_at: null,
    message_platform: open ? 'discord' : null,
    message_channel: open ? 'c' : null,
    message_id: open ? 'm-q0' : null,
  });
  await db
    .insertInto('questions')
    .values([
      question('run1', 0, q0, true),
      question('run1', 1, q1, false),
      question('old1', 0, q0, false),
    ])
    .execute();
  await db
    .insertInto('answers')
    .values({
      round_id: 'run1',
      idx: 0,
      user_id: 'ben',
      user_name: 'Ben',
      choice: q0!.correct,
      correct: 1,
      answered_at: T0 - 5000,
      points: null,
      platform: 'discord',
      server_id: 'g',
      channel_id: 'c',
      topic: q0!.topic,
      ranked: 1,
    })
    .execute();
  const card = loadDeck()[0]!;
  await db
    .insertInto('flashcard_drills')
    .values({
      id: 'run1', // the same id as the round: the migration keeps both apart
      platform: 'discord',
      server_id: 'g',
      channel_id: 'c',
      starter_id: 'ada',
      starter_name: 'Ada',
      mode: 'channel',
      status: 'running',
      count: 1,
      tag: null,
      seconds: 30,
      grade_seconds: 45,
      current: 0,
      created_at: T0 - 60_000,
      finished_at: null,
    })
    .execute();
  await db
    .insertInto('flashcard_drill_cards')
    .values({
      drill_id: 'run1',
      idx: 0,
      card_id: card.id,
      status: 'front',
      posted_at: T0 - 10_000,
      deadline_at: T0 + 20_000,
      revealed_at: null,
      message_platform: 'discord',
      message_channel: 'c',
      message_id: 'm-card',
    })
    .execute();
  await db.destroy();
  return q0!.correct;
}

describe('upgrading a version-2 file to one sessions table', () => {
  it('carries every row over, and the running round and drill resume', async () => {
    const file = oldFile();
    const correct = await applyOld(file);

    const store = await openStore(file);
    const clock = new FakeClock(T0);
    const channel = new MemoryMessenger('discord', clock);
    const deps = {
      store,
      messengers: { discord: channel },
      ...clock.deps,
    };
    const quiz = new QuizEngine(deps);
    const cards = new FlashcardEngine(deps);
    expect((await quiz.repo.getRound('old1'))?.status).toBe('finished');
    expect(await quiz.repo.getQuestion('run1', 0)).toMatchObject({
      status: 'open',
      correct,
      deadline_at: T0 + 20_000,
      message_id: 'm-q0',
    });
    const drill = (await cards.repo.runningInChannel('discord', 'c'))!;
    expect(drill.id).toBe('f-run1');
    expect(drill.grade_seconds).toBe(45);

    expect(await quiz.resume()).toBe(1);
    expect(await cards.resume()).toBe(1);
    await clock.advance(20_000, async () => {
      await quiz.idle();
      await cards.idle();
    });
    // The question was revealed in place, Ben scored, question 2 posted; the card revealed.
    expect(channel.edits.map((e) => e.ref.messageId).sort()).toEqual(['m-card', 'm-q0']);
    expect((await quiz.repo.getAnswer('run1', 0, 'ben'))!.points).toBeGreaterThan(0);
    expect(channel.posts.map((p) => p.reply.title)).toEqual([expect.stringMatching(/^Quiz 2\/2/)]);
    expect((await cards.repo.getCard('f-run1', 0))!.status).toBe('revealed');

    quiz.close();
    cards.close();
    await store.close();
    // The old tables are gone; reopening migrates nothing twice.
    const again = await openStore(file);
    const tables = await again.db.introspection.getTables();
    expect(tables.map((t) => t.name)).not.toContain('rounds');
    expect(tables.map((t) => t.name)).not.toContain('flashcard_drills');
    await again.close();
  });
});
