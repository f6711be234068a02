/**
 * Migration 2 on top of the quiz's version 1: a database from before flashcards upgrades in
 * place with its quiz data intact, migrations run once, and the flashcard queries hold their
 * keys (one grade per person per card of a drill; one setting per server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeRows } from '../../src/flashcards/schedule.js';
import {
  FlashcardRepo,
  MIGRATIONS,
  openStore,
  QuizRepo,
  type DrillRow,
} from '../../src/store/index.js';
import { openTestStore } from '../store/test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'flashcards-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flashcard tables', () => {
  it('upgrade a version-1 database in place, keeping its quiz rounds, once', async () => {
    const file = join(dir, 'old.sqlite');
    // The version-1 schema, whose tables later migrations replace: untyped.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
    await db.schema
      .createTable('schema_migrations')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'integer', (c) => c.notNull())
      .execute();
    await MIGRATIONS[0]!.up(db);
    await db
      .insertInto('schema_migrations')
      .values({ version: 1, name: MIGRATIONS[0]!.name, applied_at: 0 })
      .execute();
    await db
      .insertInto('rounds')
      .values({
        id: 'r1',
        platform: 'discord',
        server_id: 'g',
        channel_id: 'c',
        starter_id: 'u',
        starter_name: 'U',
        mode: 'channel',
        status: 'finished',
        seconds: 30,
        count: 1,
        topic: null,
        difficulty: null,
        source: 'bank',
        seed: 1,
        current: 0,
        created_at: 0,
        finished_at: 1,
      })
      .execute();
    await db.destroy();

    for (let open = 0; open < 2; open++) {
      const store = await openStore(file);
      const versions = await store.db.selectFrom('schema_migrations').select('version').execute();
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await new QuizRepo(store.db).getRound('r1'))?.status).toBe('finished');
      expect(await store.db.selectFrom('flashcard_states').selectAll().execute()).toEqual([]);
      await store.close();
    }
  });

  it('record one grade per person per drill card and one retention per server', async () => {
    const store = await openTestStore();
    const repo = new FlashcardRepo(store.db);
    const drill: DrillRow = {
      id: 'd1',
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
      created_at: 0,
      finished_at: null,
    };
    expect(await repo.createDrill(drill, [])).toBe(true);
    // The partial unique index: a second running drill in the channel is refused.
    expect(await repo.createDrill({ ...drill, id: 'd2' }, [])).toBe(false);

    const key = { drillId: 'd1', idx: 0, platform: 'discord', cardId: 'co-rule' };
    const grade = (userId: string, g: 'good' | 'again', now: number) =>
      repo.recordGrade({ ...key, userId }, (previous) =>
        gradeRows(previous, g, now, 0.9, {
          ...key,
          userId,
          userName: userId,
          serverId: 'g',
          channelId: 'c',
          mode: 'channel',
        }),
      );
    const first = await grade('ada', 'good', 1000);
    expect(first.recorded).toBe(true);
    const second = await grade('ada', 'again', 2000);
    expect(second).toMatchObject({ recorded: false, existing: { rating: 3, reviewed_at: 1000 } });
    await grade('ben', 'again', 1000);
    const ada = await repo.getState('discord', 'ada', 'co-rule');
    const ben = await repo.getState('discord', 'ben', 'co-rule');
    expect(ada!.reps).toBe(1);
    expect(ada!.due).toBeGreaterThan(ben!.due);
    expect(await repo.totals('discord', 'ada')).toEqual({ reviews: 1, again: 0, days: [0] });
    expect(await repo.recentGraders('discord', 'c', 0)).toHaveLength(2);

    await repo.setRetention('discord', 'g', 0.85, 'mo', 1);
    await repo.setRetention('discord', 'g', 0.8, 'mo', 2);
    expect(await repo.getRetention('discord', 'g')).toBe(0.8);
    expect(await repo.getRetention('discord', 'other')).toBeUndefined();
    await store.close();
  });
});
