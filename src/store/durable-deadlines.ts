/**
 * Deadlines as durable jobs on PostgreSQL, owned by no single process (graphile-worker 0.16):
 * every instance runs a worker, a step's deadline is one job keyed by game, session and step
 * (re-arming replaces it), and whichever worker takes it when due moves the step on. The
 * step's own conditional update makes the move happen once; a job whose deadline no longer
 * matches the step's is stale and does nothing. A job that fails on the store is retried by
 * graphile-worker with its backoff.
 *
 * Chosen over pg-boss 10 by test/bench/job-engines.ts: a job due at T ran p50 275 ms / max
 * 479 ms after T (pg-boss: 3.6 s / 6.7 s at the same 500 ms polling), for ~1% of a core idle.
 */
import {
  Logger as GraphileLogger,
  makeWorkerUtils,
  run,
  type Runner,
  type WorkerUtils,
} from 'graphile-worker';
import type { DeadlineJobs, DeadlineHandler } from '../games/channel-game.js';
import pg from 'pg';
import { logger } from '../logger.js';

const TASK = 'deadline';

interface Payload {
  game: string;
  id: string;
  idx: number;
  at: number;
}

export interface DurableOptions {
  /** How often a worker looks for jobs that came due (ms; new jobs due now are notified). */
  pollMs?: number;
  /** Jobs one instance runs at once. */
  concurrency?: number;
}

export class DurableDeadlines implements DeadlineJobs {
  private readonly handlers = new Map<string, DeadlineHandler>();
  private runner?: Runner;
  private utils?: WorkerUtils;

  constructor(
    private readonly url: string,
    private readonly options: DurableOptions = {},
  ) {}

  register(game: string, handler: DeadlineHandler): void {
    this.handlers.set(game, handler);
  }

  /** Start this instance's worker (installs graphile-worker's schema on first use). */
  async start(): Promise<void> {
    // Making the utils installs or migrates graphile-worker's schema (and so does `run`).
    this.utils = await migrateAlone(this.url, () =>
      makeWorkerUtils({ connectionString: this.url }),
    );
    this.runner = await run({
      connectionString: this.url,
      concurrency: this.options.concurrency ?? 4,
      pollInterval: this.options.pollMs ?? 500,
      noHandleSignals: true,
      // Deadlines are Node's epoch ms; compare them with Node's clock.
      useNodeTime: true,
      crontab: '',
      logger: quiet,
      taskList: {
        [TASK]: async (payload) => {
          const p = payload as Payload;
          const handler = this.handlers.get(p.game);
          if (!handler) throw new Error(`no deadline handler for ${p.game}`);
          await handler(p.id, p.idx, p.at);
        },
      },
    });
  }

  async schedule(game: string, id: string, idx: number, at: number): Promise<void> {
    if (!this.utils) throw new Error('durable deadlines are not started');
    const payload: Payload = { game, id, idx, at };
    await this.utils.addJob(TASK, payload, {
      runAt: new Date(at),
      jobKey: `${game}:${id}:${idx}`,
      jobKeyMode: 'replace',
      maxAttempts: 25,
    });
  }

  async stop(): Promise<void> {
    const runner = this.runner;
    const utils = this.utils;
    this.runner = undefined;
    this.utils = undefined;
    await runner?.stop();
    await utils?.release();
  }
}

/** The advisory lock key graphile-worker's schema install is taken under ("gwork"). */
const JOBS_MIGRATION_LOCK = 0x67776f726b;

/**
 * Run graphile-worker's migration with no other instance doing the same: its install runs
 * `create schema if not exists` outside any lock, and two instances starting at once on an
 * empty database fail one of them with a duplicate key on pg_namespace (measured: 8 of 15
 * three-way starts). A session-level lock on a client of its own, released when it ends.
 */
async function migrateAlone<T>(url: string, migrate: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [JOBS_MIGRATION_LOCK]);
    return await migrate();
  } finally {
    await client.end();
  }
}

/** graphile-worker's log lines through ours, at debug (its job lines are noisy at info). */
const quiet = new GraphileLogger(() => (level, message, meta) => {
  if (level === 'error') logger.error({ meta }, `graphile-worker: ${message}`);
  else if (level === 'warning') logger.warn({ meta }, `graphile-worker: ${message}`);
  else logger.debug({ meta }, `graphile-worker: ${message}`);
});
