/**
 * The measurement that picked the durable-timer engine (issue 14): graphile-worker 0.16 and
 * pg-boss 10, each polling every 500 ms, on the same PostgreSQL. For each: how late a job
 * runs after its run_at (20 jobs due 1–4 s ahead), and the CPU the worker process and the
 * database spend over 10 s of idle polling. Run: `DATABASE_URL=postgres://… npx tsx
 * test/bench/job-engines.ts`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { run, makeWorkerUtils } from 'graphile-worker';
import PgBoss from 'pg-boss';

const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url?.startsWith('postgres')) throw new Error('set DATABASE_URL=postgres://…');
const JOBS = 20;
const IDLE_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds of every process of the `postgres` user (the cluster). */
function databaseCpu(): number {
  let pids: string[] = [];
  try {
    pids = execFileSync('pgrep', ['-u', 'postgres']).toString().trim().split('\n');
  } catch {
    return 0;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Result {
  engine: string;
  p50LateMs: number;
  maxLateMs: number;
  idleCpuS: number;
  idleDbCpuS: number;
}

async function measure(
  engine: string,
  start: (onJob: (dueAt: number) => void) => Promise<{
    add(dueAt: number, key: string): Promise<void>;
    stop(): Promise<void>;
  }>,
): Promise<Result> {
  const late: number[] = [];
  const w = await start((dueAt) => late.push(Date.now() - dueAt));
  const t0 = Date.now();
  for (let i = 0; i < JOBS; i++) await w.add(t0 + 1000 + (i * 3000) / JOBS, `k${i}`);
  while (late.length < JOBS && Date.now() - t0 < 15_000) await sleep(50);
  await sleep(1000);
  const [c0, d0] = [ownCpu(), databaseCpu()];
  await sleep(IDLE_MS);
  const [c1, d1] = [ownCpu(), databaseCpu()];
  await w.stop();
  late.sort((a, b) => a - b);
  return {
    engine,
    p50LateMs: late[Math.floor(late.length / 2)] ?? NaN,
    maxLateMs: late.at(-1) ?? NaN,
    idleCpuS: Number((c1 - c0).toFixed(3)),
    idleDbCpuS: Number((d1 - d0).toFixed(3)),
  };
}

const graphile = () =>
  measure('graphile-worker 0.16', async (onJob) => {
    const runner = await run({
      connectionString: url,
      concurrency: 2,
      pollInterval: 500,
      noHandleSignals: true,
      taskList: { due: async (p) => onJob((p as { dueAt: number }).dueAt) },
    });
    const utils = await makeWorkerUtils({ connectionString: url });
    return {
      add: async (dueAt, key) => {
        await utils.addJob('due', { dueAt }, { runAt: new Date(dueAt), jobKey: key });
      },
      stop: async () => {
        await utils.release();
        await runner.stop();
      },
    };
  });

const pgBoss = () =>
  measure('pg-boss 10', async (onJob) => {
    const boss = new PgBoss({ connectionString: url, max: 4 });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.createQueue('due');
    await boss.work<{ dueAt: number }>('due', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) onJob(job.data.dueAt);
    });
    return {
      add: async (dueAt, key) => {
        await boss.send('due', { dueAt }, { startAfter: new Date(dueAt), singletonKey: key });
      },
      stop: () => boss.stop({ graceful: false, wait: true }),
    };
  });

const results = [await graphile(), await pgBoss()];
console.table(results);
