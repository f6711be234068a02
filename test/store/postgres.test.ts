/**
 * What only PostgreSQL has: bigint epoch-ms columns read back as numbers, the migration lock
 * when two instances start at once, one-line start-up errors without the password, and a
 * server lost while running (through a TCP proxy the test closes) answering "unavailable"
 * then recovering without a reopen. Skipped without TEST_DATABASE_URL.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { whenAvailable, StoreUnavailable } from '../../src/store/failure.js';
import { MIGRATIONS, openStore, QuizRepo, type Store } from '../../src/store/index.js';
import { createLogger, logger, setLogger } from '../../src/logger.js';
import { createServices } from '../../src/services.js';
import { freshSchemaUrl, POSTGRES_URL } from './test-store.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fresh(): Promise<string> {
  const { url, drop } = await freshSchemaUrl();
  cleanups.push(drop);
  return url;
}

async function opened(url: string): Promise<Store> {
  const store = await openStore(url, { max: 3, connectTimeoutMs: 2000 });
  cleanups.push(() => store.close());
  return store;
}

/** A TCP proxy to PostgreSQL that can be cut (every connection dropped) and restored. */
async function proxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port = 0) =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
    });
  const port = await listen();
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server!.close(() => resolve());
    });
  cleanups.push(() => cut().catch(() => undefined));
  return { port, cut, restore: () => listen(port) };
}

describe.skipIf(!POSTGRES_URL)('PostgreSQL', () => {
  it('keeps epoch-ms times and sums as numbers', async () => {
    const store = await opened(await fresh());
    const now = Date.now(); // beyond int4: the columns must be bigint
    await store.db
      .insertInto('sessions')
      .values({
        id: 's',
        kind: 'quiz',
        platform: 'discord',
        server_id: 'g',
        channel_id: 'c',
        starter_id: 'u',
        starter_name: 'U',
        mode: 'channel',
        status: 'running',
        count: 1,
        current: 0,
        settings: '{}',
        created_at: now,
        finished_at: null,
      })
      .execute();
    const row = await store.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(row.created_at).toBe(now);
    expect(typeof row.count).toBe('number');
    const board = await new QuizRepo(store.db).roundScores('s');
    expect(board).toEqual([]);
  });

  it('applies each migration once when two instances start at once on an empty database', async () => {
    const url = await fresh();
    const [a, b, c] = await Promise.all([opened(url), opened(url), opened(url)]);
    const versions = await a.db.selectFrom('schema_migrations').select('version').execute();
    expect(versions.map((v) => v.version).sort((x, y) => x - y)).toEqual(
      MIGRATIONS.map((m) => m.version).sort((x, y) => x - y),
    );
    expect(b.dialect).toBe('postgres');
    expect(c.location).not.toMatch(/secret/);
  });

  it('names DATABASE_URL in one line and never prints the password', async () => {
    const u = new URL(POSTGRES_URL!);
    const attempts = [
      `postgres://nobody_here:hunter2secret@${u.host}/${u.pathname.slice(1)}`, // refused
      `postgres://x:hunter2secret@127.0.0.1:1/db`, // nothing listens
    ];
    for (const url of attempts) {
      const error = await openStore(url, { connectTimeoutMs: 2000 }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.name).toBe('StoreError');
      expect(error?.message).toMatch(/^DATABASE_URL: could not use PostgreSQL at postgres:\/\//);
      expect(error?.message).not.toContain('hunter2secret');
      expect(error?.message).not.toContain('\n');
    }
    await expect(openStore('postgres://u:hunter2secret@host')).rejects.toThrow(
      /^DATABASE_URL names no database \(got postgres:\/\/u:\*\*\*@host/,
    );
    // At start-up the services log that line and leave the games off.
    const lines: string[] = [];
    const original = logger;
    setLogger(createLogger('info', { write: (line: string) => void lines.push(line) }));
    try {
      const services = createServices({ databaseUrl: attempts[1], messengers: {} });
      await services.start();
      expect(await services.quiz()).toBeUndefined();
      await services.stop();
    } finally {
      setLogger(original);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DATABASE_URL: could not use PostgreSQL/);
    expect(lines[0]).not.toContain('hunter2secret');
  });

  it('an answer racing a reveal on another instance is refused, never stored unscored', async () => {
    const url = await fresh();
    const store = await opened(url);
    const repo = new QuizRepo(store.db);
    const base = {
      platform: 'discord',
      server_id: 'g',
      channel_id: 'c',
      starter_id: 'u',
      starter_name: 'U',
    };
    await repo.createRound(
      {
        ...base,
        id: 'r',
        mode: 'channel',
        status: 'running',
        seconds: 30,
        count: 1,
        topic: null,
        difficulty: null,
        source: 'bank',
        seed: 1,
        current: 0,
        created_at: Date.now(),
        finished_at: null,
      },
      [],
    );
    await store.db
      .insertInto('session_steps')
      .values({ session_id: 'r', idx: 0, item_id: 'x', payload: '{}', phase: 'open' })
      .execute();
    // Another instance's reveal, caught between flipping the step and reading the answers.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    cleanups.push(() => other.end());
    await other.query('BEGIN');
    await other.query(`UPDATE session_steps SET phase = 'revealed' WHERE session_id = 'r'`);
    const answering = repo.recordAnswer({
      platform: 'discord',
      server_id: 'g',
      channel_id: 'c',
      round_id: 'r',
      idx: 0,
      user_id: 'bo',
      user_name: 'Bo',
      choice: 1,
      correct: 1,
      answered_at: Date.now(),
      points: null,
      topic: 't',
      ranked: 1,
    });
    await new Promise((r) => setTimeout(r, 200));
    await other.query('COMMIT');
    expect(await answering).toBe(false);
    expect(await repo.answersTo('r', 0)).toEqual([]);
  });

  it('answers "unavailable" while the server is gone and recovers without a reopen', async () => {
    const url = new URL(await fresh());
    const p = await proxy(url);
    const viaProxy = new URL(url);
    viaProxy.host = `127.0.0.1:${p.port}`;
    const store = await opened(viaProxy.toString());
    const repo = new QuizRepo(store.db);
    expect(await whenAvailable(() => repo.runningRounds())).toEqual([]);
    await p.cut();
    const down = await whenAvailable(() => repo.runningRounds());
    expect(down).toBeInstanceOf(StoreUnavailable);
    await p.restore();
    expect(await whenAvailable(() => repo.runningRounds())).toEqual([]);
  });
});
