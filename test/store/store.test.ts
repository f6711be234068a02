import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.js';
import {
  MIGRATIONS,
  openStore,
  parseDatabaseUrl,
  QuizRepo,
  type QuestionRow,
  type RoundRow,
} from '../../src/store/index.js';
import { openTestStore } from './test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const round = (id: string, over: Partial<RoundRow> = {}): RoundRow => ({
  id,
  platform: 'discord',
  server_id: 'g',
  channel_id: 'c',
  starter_id: 'u',
  starter_name: 'U',
  mode: 'channel',
  status: 'running',
  seconds: 30,
  count: 1,
  topic: null,
  difficulty: null,
  source: 'mixed',
  seed: 1,
  current: 0,
  created_at: 0,
  finished_at: null,
  ...over,
});
const question = (roundId: string): QuestionRow => ({
  round_id: roundId,
  idx: 0,
  question_id: 'x',
  topic: 'n-d-c',
  difficulty: 'easy',
  correct: 1,
  payload: '{}',
  status: 'open',
  posted_at: 0,
  deadline_at: 30_000,
  revealed_at: null,
  message_platform: null,
  message_channel: null,
  message_id: null,
});

describe('store', () => {
  it('reads DATABASE_URL forms', () => {
    expect(parseDatabaseUrl(undefined)).toBe('data/scaling-tutor.sqlite');
    expect(parseDatabaseUrl('sqlite:/tmp/a.db')).toBe('/tmp/a.db');
    expect(parseDatabaseUrl('sqlite:///tmp/a.db')).toBe('/tmp/a.db');
    expect(parseDatabaseUrl('./x.sqlite')).toBe('./x.sqlite');
    expect(parseDatabaseUrl(':memory:')).toBe(':memory:');
    expect(parseDatabaseUrl('postgres://u:p@db/x')).toBe('postgres://u:p@db/x');
    expect(() => parseDatabaseUrl('mysql://db/x')).toThrow(/only sqlite: and postgres:\/\//);
  });

  it('creates the file and its directory, in WAL mode, with migrations applied once', async () => {
    const file = join(dir, 'nested', 'deeper', 'bot.sqlite');
    const store = await openStore(file);
    expect(existsSync(file)).toBe(true);
    const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(store.db);
    expect(mode.rows[0]!.journal_mode).toBe('wal');
    await store.close();
    const again = await openStore(`sqlite:${file}`);
    const versions = await again.db.selectFrom('schema_migrations').select('version').execute();
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    await again.close();
  });

  it('uses data/scaling-tutor.sqlite by default', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const store = await openStore();
      expect(existsSync(join(dir, 'data', 'scaling-tutor.sqlite'))).toBe(true);
      await store.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('stores an answer once per user and question, and one running round per channel', async () => {
    const store = await openTestStore();
    const repo = new QuizRepo(store.db);
    expect(await repo.createRound(round('r1'), [question('r1')])).toBe(true);
    expect(await repo.createRound(round('r2'), [question('r2')])).toBe(false); // same channel
    expect(await repo.getRound('r2')).toBeUndefined(); // the transaction left nothing behind
    expect(await repo.createRound(round('r3', { channel_id: 'other' }), [question('r3')])).toBe(
      true,
    );
    const answer = {
      round_id: 'r1',
      idx: 0,
      user_id: 'a',
      user_name: 'A',
      choice: 1,
      correct: 1,
      answered_at: 5,
      points: null,
      platform: 'discord',
      server_id: 'g',
      channel_id: 'c',
      topic: 'n-d-c',
      ranked: 1,
    };
    const results = await Promise.all([
      repo.recordAnswer(answer),
      repo.recordAnswer({ ...answer, choice: 2 }),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect((await repo.answersTo('r1', 0)).map((a) => a.choice)).toEqual([1]);
    const first = await repo.reveal('r1', 0, 10, () => 7);
    expect(first?.answers[0]!.points).toBe(7);
    expect(await repo.reveal('r1', 0, 11, () => 9)).toBeUndefined(); // revealed once
    expect(await repo.finishRound('r1', 'finished', 12)).toBe(true);
    expect(await repo.createRound(round('r4'), [question('r4')])).toBe(true); // channel free again
    await store.close();
  });

  it('leaves quizzes unavailable when the database cannot be opened', async () => {
    // A file where the database's directory should be: fails for root too, unlike chmod.
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const service = createServices({ databaseUrl: join(blocker, 'x.sqlite'), messengers: {} });
    await service.start();
    expect(service.engines).toBeUndefined();
    expect(await service.quiz()).toBeUndefined();
    await service.stop();
  });

  it('a store that could not open at start comes back in the background, with nobody asking', async () => {
    const blocker = join(dir, 'blocked-then-free');
    writeFileSync(blocker, '');
    const service = createServices({
      databaseUrl: join(blocker, 'x.sqlite'),
      messengers: {},
      retryMs: 100,
    });
    await service.start();
    expect(service.engines).toBeUndefined();
    rmSync(blocker);
    mkdirSync(blocker);
    for (const deadline = Date.now() + 5000; !service.engines && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 20));
    expect(service.engines?.quiz).toBeDefined();
    await service.stop();
  });
});
