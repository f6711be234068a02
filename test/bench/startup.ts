/**
 * Process start → ready: spawn the real entry point and poll GET /healthz until it answers 200.
 * Playground only (no credentials), Slack HTTP against a fake Web API, and Slack + Discord
 * against both fakes; compiled (`node dist/src/main.js`, what `npm start` runs) and, for
 * comparison, from source through tsx (`node --import tsx src/main.ts`, what it ran before).
 * "startBot ms" is startBot's own figure from the `ready` log line: the rest is Node and
 * loading modules. Idle RSS is the process's resident memory a second after ready.
 */
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDS, startFakeDiscord } from '../fakes/discord/index.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { percentile, round, type BenchSection } from './report.js';
import { HOST_FLAGS, sleep, TARGETS, verdict } from './slack-load.js';

const RUNS = 5;
const BOTH = 'Slack + Discord + fakes, dist';

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
  /** Resident memory 1 s after ready (Linux /proc), MB. */
  idleRssMB?: number;
}

/** VmRSS of a process in MB (Linux), or undefined elsewhere. */
function rssOf(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? round(Number(kb) / 1024, 1) : undefined;
  } catch {
    return undefined;
  }
}

/** Spawn the bot, wait for /healthz 200, then SIGTERM it and wait for the exit. */
export async function timeStart(
  runner: 'dist' | 'tsx',
  env: Record<string, string>,
): Promise<StartResult> {
  const port = await freePort();
  const args =
    runner === 'dist'
      ? ['--enable-source-maps', ...HOST_FLAGS, 'dist/src/main.js']
      : ['--import', 'tsx', 'src/main.ts'];
  const cmd = process.execPath;
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
  let idleRssMB: number | undefined;
  try {
    while (readyMs === undefined) {
      if (child.exitCode !== null) throw new Error(`main.ts exited early:\n${out}`);
      if (performance.now() - started > 30_000) throw new Error(`not ready in 30 s:\n${out}`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (res?.status === 200) readyMs = performance.now() - started;
      else await sleep(5);
    }
    await sleep(1000);
  } finally {
    idleRssMB = rssOf(child.pid!);
    child.kill('SIGTERM');
    await exited;
  }
  const line = out.split('\n').find((l) => l.includes('"msg":"ready"'));
  const inProcessMs = line ? (JSON.parse(line) as { ms?: number }).ms : undefined;
  return {
    readyMs,
    ...(inProcessMs !== undefined ? { inProcessMs } : {}),
    ...(idleRssMB !== undefined ? { idleRssMB } : {}),
  };
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
    const bothEnv = {
      ...slackEnv,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: discord.apiUrl,
    };
    const variants: { name: string; runner: 'dist' | 'tsx'; env: Record<string, string> }[] = [
      { name: 'playground, dist (npm start)', runner: 'dist', env: {} },
      { name: 'Slack HTTP + fake, dist', runner: 'dist', env: slackEnv },
      { name: BOTH, runner: 'dist', env: bothEnv },
      { name: 'Slack + Discord + fakes, tsx (before)', runner: 'tsx', env: bothEnv },
    ];
    const results = [];
    try {
      // Untimed starts fill the OS file cache (and tsx's transform cache), as on any host.
      await timeStart('dist', {});
      await timeStart('tsx', {});
      for (const v of variants) {
        const runs: StartResult[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await timeStart(v.runner, v.env));
        const ready = runs.map((r) => r.readyMs);
        const inside = runs.map((r) => r.inProcessMs ?? NaN);
        const idle = runs.map((r) => r.idleRssMB ?? NaN);
        results.push({
          name: v.name,
          readyP50: round(percentile(ready, 50), 0),
          readyMax: round(Math.max(...ready), 0),
          inProcessP50: round(percentile(inside, 50), 0),
          idleRssP50: round(percentile(idle, 50), 1),
          runs,
        });
      }
    } finally {
      await slack.close();
      await discord.close();
    }
    const built = results.filter((r) => !r.name.includes('tsx'));
    const worst = Math.max(...built.map((r) => r.readyP50));
    const both = results.find((r) => r.name === BOTH)!;
    return {
      table: results.map((r) => ({
        variant: r.name,
        'ready p50 ms': r.readyP50,
        'ready max ms': r.readyMax,
        'startBot ms': r.inProcessP50,
        'idle RSS MB': r.idleRssP50,
      })),
      notes: [
        `${RUNS} starts each, spawn → first 200 from /healthz; "startBot ms" is from the ready log line; idle RSS 1 s after ready`,
        `target start → ready ≤ ${TARGETS.readyMs} ms (p50, compiled): ${verdict(worst <= TARGETS.readyMs)} (worst ${worst} ms)`,
        `target idle RSS ≤ ${TARGETS.idleRssMB} MB (Slack + Discord, compiled): ${verdict(both.idleRssP50 <= TARGETS.idleRssMB)} (${both.idleRssP50} MB)`,
      ],
      data: results,
    };
  },
};
