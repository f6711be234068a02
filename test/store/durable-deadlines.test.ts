/**
 * Durable deadlines on PostgreSQL: several instances starting at once on an empty database
 * all start their graphile-worker (its schema install used to race: a duplicate key on
 * pg_namespace failed one of them, which then ran no jobs), and a job scheduled by one runs
 * once on whichever worker takes it. Skipped without TEST_DATABASE_URL.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DurableDeadlines } from '../../src/store/durable-deadlines.js';
import { freshDatabaseUrl, POSTGRES_URL } from './test-store.js';

const workers: DurableDeadlines[] = [];
const drops: { url: string; drop: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  // Dropping a database ends its sessions, and a pool that is still letting go of one would
  // see an error it has no listener for: wait until the workers' connections are gone.
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    for (const { url, drop } of drops.splice(0)) {
      const name = new URL(url).pathname.slice(1);
      for (let i = 0; i < 100; i++) {
        const { rows } = await admin.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await drop();
    }
  } finally {
    await admin.end();
  }
});
const worker = (url: string) => {
  const w = new DurableDeadlines(url, { pollMs: 100 });
  workers.push(w);
  return w;
};

describe.skipIf(!POSTGRES_URL)('durable deadlines on PostgreSQL', () => {
  it('three instances starting at once on an empty database all start', async () => {
    // The race lost about half of such starts before the install took a lock: try several.
    for (let round = 0; round < 4; round++) {
      const { url, drop } = await freshDatabaseUrl();
      drops.push({ url, drop });
      const three = [0, 1, 2].map(() => worker(url));
      const started = await Promise.allSettled(three.map((w) => w.start()));
      expect(
        started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started')),
        `round ${round}`,
      ).toEqual(['started', 'started', 'started']);
    }
  }, 60_000);

  it('a deadline scheduled on one instance runs once, on some instance, when due', async () => {
    const { url, drop } = await freshDatabaseUrl();
    const ran: { worker: number; id: string; idx: number; at: number; when: number }[] = [];
    drops.push({ url, drop });
    const two = [0, 1].map((n) => {
      const w = worker(url);
      w.register('quiz', async (id, idx, at) => {
        ran.push({ worker: n, id, idx, at, when: Date.now() });
      });
      return w;
    });
    await Promise.all(two.map((w) => w.start()));
    const at = Date.now() + 400;
    await two[0]!.schedule('quiz', 'r1', 2, at);
    for (const deadline = Date.now() + 10_000; ran.length === 0 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 500)); // a second run would come by now
    expect(ran.map(({ id, idx, at: a }) => ({ id, idx, at: a }))).toEqual([
      { id: 'r1', idx: 2, at },
    ]);
    expect(ran[0]!.when).toBeGreaterThanOrEqual(at);
  }, 30_000);
});
