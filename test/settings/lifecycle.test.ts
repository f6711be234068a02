/**
 * A server's data after the bot leaves it: kept through the grace period, deleted after it
 * (an injectable clock), kept when the bot comes back first; and a TA's immediate delete
 * behind a confirm button in the playground. Over a real SQLite file.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteServerAction } from '../../commands/settings.js';
import { ServerDataLifecycle } from '../../src/settings/lifecycle.js';
import { startKit, type Kit } from './playground-kit.js';

const DAY = 24 * 60 * 60_000;
let kit: Kit;
let t = Date.UTC(2026, 0, 7);
let lifecycle: ServerDataLifecycle;

beforeAll(async () => {
  kit = await startKit();
  lifecycle = new ServerDataLifecycle({
    db: async () => kit.engines.store.db,
    graceMs: 7 * DAY,
    now: () => t,
    deleted: (p, s) => kit.engines.settings.forget(p, s),
  });
});
afterAll(async () => kit?.close());

async function seedServer(platform: string, serverId: string): Promise<void> {
  const db = kit.engines.store.db;
  await db
    .insertInto('sessions')
    .values({
      id: `s-${serverId}`,
      kind: 'quiz',
      platform,
      server_id: serverId,
      channel_id: 'c1',
      starter_id: 'u1',
      starter_name: 'U',
      mode: 'channel',
      status: 'finished',
      count: 1,
      current: 0,
      settings: '{}',
      created_at: t,
      finished_at: t,
    })
    .execute();
  await db
    .insertInto('session_steps')
    .values({ session_id: `s-${serverId}`, idx: 0, item_id: 'q', payload: '{}', phase: 'revealed' })
    .execute();
  await db
    .insertInto('answers')
    .values({
      round_id: `s-${serverId}`,
      idx: 0,
      user_id: 'u1',
      user_name: 'U',
      choice: 0,
      correct: 1,
      answered_at: t,
      points: 10,
      platform,
      server_id: serverId,
      channel_id: 'c1',
      topic: 't',
      ranked: 1,
    })
    .execute();
  await kit.engines.settings.repo.putSettings(platform, serverId, '{"pauseSeconds":9}', 'u1', t);
}

const rowsOf = async (platform: string, serverId: string) => {
  const db = kit.engines.store.db;
  const count = async (table: 'sessions' | 'answers' | 'server_settings') =>
    (
      await db
        .selectFrom(table)
        .select('server_id')
        .where('platform', '=', platform)
        .where('server_id', '=', serverId)
        .execute()
    ).length;
  const steps = await db
    .selectFrom('session_steps')
    .select('idx')
    .where('session_id', '=', `s-${serverId}`)
    .execute();
  return (
    (await count('sessions')) +
    (await count('answers')) +
    (await count('server_settings')) +
    steps.length
  );
};

describe('server data lifecycle', () => {
  it('keeps the data through the grace period and deletes it after', async () => {
    await seedServer('discord', 'G1');
    await seedServer('discord', 'G2');
    await lifecycle.removed('discord', 'G1');
    t += 7 * DAY - 60_000;
    expect(await lifecycle.sweep()).toBe(0);
    expect(await rowsOf('discord', 'G1')).toBe(4);
    t += 2 * 60_000;
    expect(await lifecycle.sweep()).toBe(1);
    expect(await rowsOf('discord', 'G1')).toBe(0);
    expect(await rowsOf('discord', 'G2')).toBe(4);
    expect((await kit.engines.settings.get('discord', 'G1')).pauseSeconds).toBe(5);
  });

  it('a return within the grace period cancels the deletion', async () => {
    await seedServer('slack', 'T1');
    await lifecycle.removed('slack', 'T1');
    t += 3 * DAY;
    await lifecycle.returned('slack', 'T1');
    t += 30 * DAY;
    expect(await lifecycle.sweep()).toBe(0);
    expect(await rowsOf('slack', 'T1')).toBe(4);
  });

  it('a TA deletes the server data at once after confirming; a student cannot', async () => {
    await seedServer('playground', 'playground');
    const refused = await kit.say('ben', '/settings delete-data');
    expect(refused.title).toBe('TAs only');
    const ask = await kit.say('ada', '/settings delete-data');
    const confirm = ask.actions.find((a) => deleteServerAction.decode(a)?.confirm === true)!;
    const benClick = await kit.click('ben', confirm, ask.id).catch(() => undefined);
    expect(benClick?.title ?? 'not shown to ben').not.toBe("This server's data is deleted");
    expect(await rowsOf('playground', 'playground')).toBe(4);
    const done = await kit.click('ada', confirm, ask.id);
    expect(done?.title).toBe("This server's data is deleted");
    expect(await rowsOf('playground', 'playground')).toBe(0);
    expect(await rowsOf('slack', 'T1')).toBe(4);
  });

  it('deletes the server from every table that has a server_id, course decks and fits too', async () => {
    const here = { platform: 'discord', serverId: 'G9' };
    await seedServer('discord', 'G9');
    await seedServer('discord', 'G10');
    for (const serverId of ['G9', 'G10']) {
      const where = { platform: 'discord', serverId };
      const imported = await kit.engines.course!.importFile(where, {
        content: readFileSync('test/course/fixtures/questions.csv', 'utf8'),
        filename: 'week-9.csv',
        by: 'u1',
      });
      expect(imported.ok).toBe(true);
      await kit.engines.savedFits!.put({
        platform: 'discord',
        server_id: serverId,
        name: 'lab',
        e: 1.69,
        a: 406.4,
        b: 410.7,
        alpha: 0.34,
        beta: 0.28,
        saved_by: 'u1',
        saved_at: t,
      });
    }
    const withServer = async (serverId: string) => {
      const db = kit.engines.store.db;
      const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master
        WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
      const found: Record<string, number> = {};
      for (const { name } of tables.rows) {
        const cols = await sql<{
          name: string;
        }>`SELECT name FROM pragma_table_info(${name})`.execute(db);
        if (!cols.rows.some((c) => c.name === 'server_id')) continue;
        const n = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}
          WHERE server_id = ${serverId}`.execute(db);
        if (n.rows[0]!.n > 0) found[name] = n.rows[0]!.n;
      }
      return found;
    };
    expect(Object.keys(await withServer('G9'))).toEqual(
      expect.arrayContaining(['course_decks', 'course_items', 'saved_fits', 'sessions', 'answers']),
    );
    await lifecycle.removed(here.platform, here.serverId);
    t += 8 * DAY;
    expect(await lifecycle.sweep()).toBe(1);
    expect(await withServer('G9')).toEqual({});
    expect(Object.keys(await withServer('G10'))).toContain('course_decks');
  });

  it('a removal reported while the store is down is recorded once it is back', async () => {
    let up = false;
    const flaky = new ServerDataLifecycle({
      db: async () => (up ? kit.engines.store.db : undefined),
      graceMs: 7 * DAY,
      now: () => t,
    });
    await seedServer('discord', 'G11');
    const removedAt = t;
    await flaky.removed('discord', 'G11');
    t += DAY;
    expect(await flaky.sweep()).toBe(0); // still down: nothing recorded, nothing lost
    up = true;
    expect(await flaky.sweep()).toBe(0); // back: the removal is recorded with its own time
    t = removedAt + 7 * DAY + 1;
    expect(await flaky.sweep()).toBe(1);
    expect(await rowsOf('discord', 'G11')).toBe(0);
  });
});
