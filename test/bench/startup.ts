/**
 * Process start → ready: spawn the real entry point (`src/main.ts`) and poll GET /healthz until
 * it answers 200. Playground only (no credentials), Slack HTTP against a fake Web API, and
 * Slack + Discord against both fakes; under `node --import tsx` (what a service would run) and
 * the `tsx` CLI (which spawns a second node process; `npm start` uses `node --import tsx`). "in-process" is startBot's own figure from the `ready`
 * log line: the rest is Node, tsx and loading modules.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDS, startFakeDiscord } from '../fakes/discord/index.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { percentile, round, type BenchSection } from './report.js';
import { sleep, TARGETS, verdict } from './slack-load.js';

const RUNS = 5;

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface StartResult {
  /** Spawn → first 200 from /healthz, ms. */
  readyMs: number;
  /** startBot's own time, from the `ready` log line. */
  inProcessMs?: number;
}

/** Spawn `src/main.ts`, wait for /healthz 200, then SIGTERM it and wait for the exit. */
export async function timeStart(
  runner: 'node' | 'tsx',
  env: Record<string, string>,
): Promise<StartResult> {
  const port = await freePort();
  const [cmd, args] =
    runner === 'node'
      ? [process.execPath, ['--import', 'tsx', 'src/main.ts']]
      : ['node_modules/.bin/tsx', ['src/main.ts']];
  const started = performance.now();
  const child = spawn(cmd, args, {
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      // A scratch store: never the repository's data/ directory.
      DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'tutor-bench-')), 'db.sqlite')}`,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += String(c)));
  child.stderr.on('data', (c: Buffer) => (out += String(c)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let readyMs: number | undefined;
  try {
    while (readyMs === undefined) {
      if (child.exitCode !== null) throw new Error(`main.ts exited early:\n${out}`);
      if (performance.now() - started > 30_000) throw new Error(`not ready in 30 s:\n${out}`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (res?.status === 200) readyMs = performance.now() - started;
      else await sleep(5);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  const line = out.split('\n').find((l) => l.includes('"msg":"ready"'));
  const inProcessMs = line ? (JSON.parse(line) as { ms?: number }).ms : undefined;
  return { readyMs, ...(inProcessMs !== undefined ? { inProcessMs } : {}) };
}

export const startupBench: BenchSection = {
  name: 'startup',
  async run() {
    const slack = await new FakeSlack().start();
    const discord = await startFakeDiscord();
    const slackEnv = {
      SLACK_BOT_TOKEN: 'xoxb-bench-startup',
      SLACK_SIGNING_SECRET: 'bench-startup-secret',
      SLACK_API_URL: slack.apiUrl,
    };
    const variants: { name: string; runner: 'node' | 'tsx'; env: Record<string, string> }[] = [
      { name: 'playground, node --import tsx (npm start)', runner: 'node', env: {} },
      { name: 'playground, tsx CLI (before)', runner: 'tsx', env: {} },
      { name: 'Slack HTTP + fake', runner: 'node', env: slackEnv },
      {
        name: 'Slack + Discord + fakes',
        runner: 'node',
        env: {
          ...slackEnv,
          DISCORD_TOKEN: discord.token,
          DISCORD_APPLICATION_ID: IDS.application,
          DISCORD_API_URL: discord.apiUrl,
        },
      },
    ];
    const results = [];
    try {
      // One untimed start fills tsx's transform cache, as any earlier run on a host would have.
      await timeStart('node', {});
      for (const v of variants) {
        const runs: StartResult[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await timeStart(v.runner, v.env));
        const ready = runs.map((r) => r.readyMs);
        const inside = runs.map((r) => r.inProcessMs ?? NaN);
        results.push({
          name: v.name,
          readyP50: round(percentile(ready, 50), 0),
          readyMax: round(Math.max(...ready), 0),
          inProcessP50: round(percentile(inside, 50), 0),
          runs,
        });
      }
    } finally {
      await slack.close();
      await discord.close();
    }
    const worst = Math.max(...results.map((r) => r.readyP50));
    return {
      table: results.map((r) => ({
        variant: r.name,
        'ready p50 ms': r.readyP50,
        'ready max ms': r.readyMax,
        'startBot ms': r.inProcessP50,
      })),
      notes: [
        `${RUNS} starts each, spawn → first 200 from /healthz; "startBot ms" is from the ready log line`,
        `target start → ready ≤ ${TARGETS.readyMs} ms (p50): ${verdict(worst <= TARGETS.readyMs)} (worst ${worst} ms)`,
      ],
      data: results,
    };
  },
};
