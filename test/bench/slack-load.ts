/**
 * Load through the real Slack HTTP adapter: signed slash commands POSTed to /slack/events on
 * 127.0.0.1, answers going out to a local fake Web API. Also the shared "bot host" the adapter
 * load sections use.
 *
 * The bot runs in a child process (this file, started with `--host`): the real Bolt HTTP
 * receiver on the shared HttpServer, the real discord.js client when DISCORD_API_URL is set,
 * the real chart worker pool, and the quiz and flashcard services on a scratch SQLite file —
 * what `src/main.ts` starts. Quiz-answer clicks are real: a round is started with `/quiz`, and
 * members click its answer buttons. The fakes and the load generator stay in the parent, so
 * the bot's event-loop delay and RSS are the bot's own. The host reports them over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Messenger, Platform } from '../../commands/define.js';
import type { ChartRequest } from '../../src/charts/request.js';
import type { ApiCall } from '../fakes/slack/server.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { IDS, startFakeDiscord } from '../fakes/discord/index.js';
import { blockActionsBody, postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { percentile, round, type BenchSection } from './report.js';

// ── the bot host (child process) ──────────────────────────────────────────────────────────

export const BENCH_SLACK = {
  botToken: 'xoxb-bench-0000-bot-token',
  signingSecret: 'bench-signing-secret-0123456789abcdef',
};

export interface HostStats {
  /** Event-loop delay since the last reset, ms. */
  loopP50: number;
  loopP99: number;
  loopMax: number;
  rssMB: number;
  heapUsedMB: number;
  /** Memory outside the JS heap: Buffers and native allocations V8 knows of (PNGs, sockets). */
  externalMB: number;
  /** Peak RSS of the process so far (getrusage maxrss), MB. */
  peakRssMB: number;
  /** CPU time of the whole process (main thread and chart workers) since the last reset, s. */
  cpuS: number;
  /** Quiz answers stored since the last reset (rows in the answers table). */
  recordedAnswers: number;
  /** Request arrival → response sent, inside the bot, since the last reset (ms). */
  serverAckP50: number;
  serverAckP99: number;
}

type HostRequest = { id: number; op: 'reset' | 'stats' | 'gc' | 'stop' };

async function runHost(): Promise<void> {
  const { HttpServer } = await import('../../src/http/server.js');
  const { commands: registry } = await import('../../commands/index.js');
  const charts = await import('../../src/charts/index.js');
  const env = process.env;
  // A pool of its own, not renderChart: its cache of recent charts would turn repeated
  // budgets into cache hits, and the bench measures drawing. BENCH_POOL_SIZE tries another
  // size than the default (min(2, cores − 1)).
  const pool = new charts.ChartPool({
    size: env.BENCH_POOL_SIZE ? Number(env.BENCH_POOL_SIZE) : undefined,
  });
  const renderChart = (r: ChartRequest) => pool.render(r);
  const closeChartPool = () => pool.close();
  const commands = registry;
  const http = new HttpServer();
  const address = await http.listen(0, '127.0.0.1');
  const stops: (() => Promise<void>)[] = [];
  if (pool) pool.warm();
  else charts.warmChartPool();
  // Server-side time from a request's arrival to its response (Slack's ack), to tell the
  // bot's own latency from the client's and the network's.
  const serverAcks: number[] = [];
  http.server.on('request', (req, res) => {
    const t = performance.now();
    res.once('finish', () => serverAcks.push(performance.now() - t));
  });
  const messengers: Partial<Record<Platform, Messenger>> = {};
  // The quiz and flashcards as main.ts builds them, on a scratch file (WAL, like production):
  // handed to the adapters first, started once their messengers exist.
  const { createServices } = await import('../../src/services.js');
  const dbDir = mkdtempSync(join(tmpdir(), 'tutor-bench-'));
  // BENCH_DATABASE_URL: a PostgreSQL the scale section shares between hosts.
  const services = createServices({
    databaseUrl: env.BENCH_DATABASE_URL ?? `sqlite:${join(dbDir, 'bench.sqlite')}`,
    messengers,
  });
  if (env.BENCH_SLACK_API_URL) {
    const { startSlack } = await import('../../src/adapters/slack/index.js');
    const slack = await startSlack({
      ...BENCH_SLACK,
      apiUrl: env.BENCH_SLACK_API_URL,
      http,
      renderChart,
      commands,
      services,
    });
    stops.push(slack.stop);
    messengers.slack = slack.messenger;
  }
  if (env.BENCH_DISCORD_API_URL) {
    const { startDiscord } = await import('../../src/adapters/discord/index.js');
    const discord = await startDiscord({
      token: env.BENCH_DISCORD_TOKEN!,
      applicationId: env.BENCH_DISCORD_APPLICATION_ID!,
      apiUrl: env.BENCH_DISCORD_API_URL,
      renderChart,
      commands,
      services,
    });
    stops.push(discord.stop);
    messengers.discord = discord.messenger;
  }
  const { sql } = await import('kysely');
  await services.start();
  if (!services.engines) throw new Error('bench: the store did not open');
  const db = services.engines.store.db;
  stops.push(services.stop);
  const countAnswers = async () =>
    Number(
      (await sql<{ n: number }>`SELECT count(*) AS n FROM answers`.execute(db)).rows[0]?.n ?? 0,
    );
  let answersAtReset = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let cpu = process.cpuUsage();
  const stats = async (): Promise<HostStats> => {
    const mem = process.memoryUsage();
    const used = process.cpuUsage(cpu);
    return {
      loopP50: round(loop.percentile(50) / 1e6),
      loopP99: round(loop.percentile(99) / 1e6),
      loopMax: round(loop.max / 1e6),
      rssMB: round(mem.rss / 2 ** 20, 1),
      heapUsedMB: round(mem.heapUsed / 2 ** 20, 1),
      externalMB: round(mem.external / 2 ** 20, 1),
      peakRssMB: round(process.resourceUsage().maxRSS / 1024, 1),
      cpuS: round((used.user + used.system) / 1e6),
      recordedAnswers: (await countAnswers()) - answersAtReset,
      serverAckP50: round(percentile(serverAcks, 50), 1),
      serverAckP99: round(percentile(serverAcks, 99), 1),
    };
  };
  process.on('message', (message: HostRequest) => {
    const answer = (body: Promise<unknown>) =>
      void body.then((b) => process.send?.({ id: message.id, body: b }));
    switch (message.op) {
      case 'reset':
        loop.reset();
        cpu = process.cpuUsage();
        serverAcks.length = 0;
        return answer(
          countAnswers().then((n) => {
            answersAtReset = n;
            return stats();
          }),
        );
      case 'stats':
        return answer(stats());
      case 'gc':
        for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
        return answer(stats());
      case 'stop':
        void (async () => {
          const last = await stats();
          // Stopped in reverse: flashcards, the quiz (closing the store), then the adapters.
          for (const stop of stops.reverse()) await stop();
          await http.close();
          await closeChartPool();
          rmSync(dbDir, { recursive: true, force: true });
          process.send?.({ id: message.id, body: last });
          process.exit(0);
        })();
    }
  });
  process.send?.({ id: 0, body: { port: address.port } });
}

export interface Host {
  port: number;
  eventsUrl: string;
  /** Reset the loop histogram, CPU clock and the stored-answers baseline. */
  reset(): Promise<HostStats>;
  stats(): Promise<HostStats>;
  /** Collect garbage (the host runs with --expose-gc), then report. */
  gc(): Promise<HostStats>;
  stop(): Promise<HostStats>;
  /** Log lines at warn or above the host printed (should stay empty under load). */
  warnings: string[];
}

/**
 * The V8 flags `npm start` runs the bot with (read from package.json), so the host measures
 * the same; BENCH_HOST_FLAGS="…" tries others ("" for V8's defaults).
 */
export const HOST_FLAGS = (
  process.env.BENCH_HOST_FLAGS ??
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
    .split(' ')
    .filter((a) => a.startsWith('--max-'))
    .join(' ')
)
  .split(' ')
  .filter(Boolean);

/** Start the bot host with the given adapters pointing at fakes in this process. */
export async function startHost(env: Record<string, string>): Promise<Host> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--host'], {
    execArgv: [
      // `npm run bench` runs the compiled bench (dist/test/bench) on the compiled bot, as
      // production runs it; from source (tsx test/bench/index.ts) the host needs the loader.
      ...(import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps']),
      '--expose-gc',
      ...HOST_FLAGS,
      // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the bot host there (chrome://inspect).
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const warnings: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) warnings.push(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const waiting = new Map<number, (body: unknown) => void>();
  child.on('message', (m: { id: number; body: unknown }) => {
    waiting.get(m.id)?.(m.body);
    waiting.delete(m.id);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const first = new Promise<{ port: number }>((resolve, reject) => {
    waiting.set(0, (b) => resolve(b as { port: number }));
    void exited.then((code) =>
      reject(new Error(`bench host exited (${code}) before ready:\n${warnings.join('\n')}`)),
    );
  });
  const { port } = await first;
  let seq = 0;
  const ask = (op: HostRequest['op']) =>
    new Promise<HostStats>((resolve) => {
      const id = ++seq;
      waiting.set(id, (b) => resolve(b as HostStats));
      child.send({ id, op });
    });
  return {
    port,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    reset: () => ask('reset'),
    stats: () => ask('stats'),
    gc: () => ask('gc'),
    async stop() {
      const last = await ask('stop');
      await exited;
      return last;
    },
    warnings,
  };
}

// ── load helpers ───────────────────────────────────────────────────────────────────────────

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const stats = (values: number[]) => ({
  n: values.length,
  p50: round(percentile(values, 50), 1),
  p99: round(percentile(values, 99), 1),
});

/** `/optimal` budgets that differ per command, so no two charts are the same. */
export const budget = (i: number): string => `${(1 + (i % 97) / 50).toFixed(2)}e${21 + (i % 4)}`;

/** Calls of a FakeSlack as they arrive, with the time (performance.now()) they did. */
export function watchCalls(fake: FakeSlack) {
  const listeners = new Set<(call: ApiCall, at: number) => void>();
  const calls = fake.calls as ApiCall[];
  const push = calls.push.bind(calls);
  calls.push = (...items: ApiCall[]) => {
    const at = performance.now();
    for (const item of items) for (const l of listeners) l(item, at);
    return push(...items);
  };
  /** Resolves with the time of the first call matching `match` (from now on). */
  return (match: (call: ApiCall) => boolean, timeoutMs = 30_000) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error('timed out waiting for the fake Slack'));
      }, timeoutMs);
      const listener = (call: ApiCall, at: number) => {
        if (!match(call)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(at);
      };
      listeners.add(listener);
    });
}

export interface SlackDriver {
  fake: FakeSlack;
  host: Host;
  /** The time (performance.now()) the first matching Web API call arrives, from now on. */
  waitFor(match: (call: ApiCall) => boolean, timeoutMs?: number): Promise<number>;
  /** One signed slash command: ack (HTTP 200) and, if `awaitCall` matches, when that arrives. */
  command(
    command: string,
    text: string,
    fields: Record<string, string>,
    awaitCall?: (call: ApiCall) => boolean,
  ): Promise<{ status: number; ackMs: number; doneMs?: number }>;
  click(
    actionId: string,
    userId: string,
    awaitCall: (call: ApiCall) => boolean,
    channelId?: string,
  ): Promise<{ status: number; ackMs: number; doneMs: number }>;
  close(): Promise<HostStats>;
}

export async function startSlackDriver(
  extraEnv: Record<string, string> = {},
): Promise<SlackDriver> {
  const fake = await new FakeSlack().start();
  const waitFor = watchCalls(fake);
  // Both adapters configured, as a deployment serving both platforms runs (memory, CPU).
  const discord = await startFakeDiscord();
  const host = await startHost({
    BENCH_SLACK_API_URL: fake.apiUrl,
    BENCH_DISCORD_API_URL: discord.apiUrl,
    BENCH_DISCORD_TOKEN: discord.token,
    BENCH_DISCORD_APPLICATION_ID: IDS.application,
    ...extraEnv,
  });
  let seq = 0;
  return {
    fake,
    host,
    waitFor,
    async command(command, text, fields, awaitCall) {
      const started = performance.now();
      const done = awaitCall ? waitFor(awaitCall) : undefined;
      const body = slashCommandBody({
        command,
        text,
        response_url: fake.responseUrl(`b${++seq}`),
        ...fields,
      });
      const res = await postSigned(host.eventsUrl, body, { secret: BENCH_SLACK.signingSecret });
      const ackMs = performance.now() - started;
      const doneMs = done ? (await done) - started : undefined;
      return { status: res.status, ackMs, ...(doneMs !== undefined ? { doneMs } : {}) };
    },
    async click(actionId, userId, awaitCall, channelId) {
      const started = performance.now();
      const done = waitFor(awaitCall);
      const body = blockActionsBody({
        actionId,
        userId,
        ...(channelId ? { channelId } : {}),
        messageTs: '1700000000.000001',
        responseUrl: fake.responseUrl(`c${++seq}`),
      });
      const res = await postSigned(host.eventsUrl, body, { secret: BENCH_SLACK.signingSecret });
      const ackMs = performance.now() - started;
      return { status: res.status, ackMs, doneMs: (await done) - started };
    },
    async close() {
      const last = await host.stop();
      await fake.close();
      await discord.close();
      return last;
    },
  };
}

export interface LevelResult {
  concurrent: number;
  commands: number;
  ack: ReturnType<typeof stats>;
  text: ReturnType<typeof stats>;
  chart: ReturnType<typeof stats>;
  failures: number;
  loop: { p50: number; p99: number; max: number };
  cpuS: number;
  wallS: number;
  /** Slack only: request arrival → ack sent, measured inside the bot. */
  serverAck?: { p50: number; p99: number };
}

export const LEVELS = [
  { concurrent: 1, rounds: 15 },
  { concurrent: 10, rounds: 4 },
  { concurrent: 50, rounds: 3 },
];

export interface ClickResult {
  concurrent: number;
  seconds: number;
  clicks: number;
  clicksPerSecond: number;
  recorded: number;
  ack: ReturnType<typeof stats>;
  reply: ReturnType<typeof stats>;
  loop: { p50: number; p99: number; max: number };
  /** Peak RSS before and after the click phase (MB): what the clicks themselves add. */
  peakRssBeforeMB: number;
  peakRssAfterMB: number;
}

export const TARGETS = {
  ackP99: 100,
  chartP99: 1000,
  loopP99: 50,
  rssMB: 250,
  idleRssMB: 120,
  readyMs: 1000,
};
export const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

/** Rows for the printed table, one per load level, plus the clicks row. */
export function loadTable(levels: LevelResult[], clicks: ClickResult) {
  return [
    ...levels.map((l) => ({
      load: `${l.concurrent} concurrent /optimal`,
      n: l.commands,
      'ack p50': l.ack.p50,
      'ack p99': l.ack.p99,
      'text p50': l.text.p50,
      'text p99': l.text.p99,
      'chart p50': l.chart.p50,
      'chart p99': l.chart.p99,
      'loop p99': l.loop.p99,
      'loop max': l.loop.max,
      'cpu s': l.cpuS,
      fail: l.failures,
    })),
    {
      load: `quiz answers, ${clicks.concurrent} clickers`,
      n: clicks.clicks,
      'ack p50': clicks.ack.p50,
      'ack p99': clicks.ack.p99,
      'text p50': clicks.reply.p50,
      'text p99': clicks.reply.p99,
      'chart p50': '',
      'chart p99': '',
      'loop p99': clicks.loop.p99,
      'loop max': clicks.loop.max,
      'cpu s': '',
      fail: 0,
    },
  ];
}

export function loadNotes(name: string, levels: LevelResult[], clicks: ClickResult, peak: number) {
  const at50 = levels.find((l) => l.concurrent === 50)!;
  const worstLoop = Math.max(...levels.map((l) => l.loop.p99), clicks.loop.p99);
  return [
    `${name}: times in ms from the request leaving the client; "text" = the answer message, "chart" = the chart arriving`,
    `quiz-answer clicks (real round, each click a new member answering): ${clicks.clicksPerSecond}/s ` +
      `sustained over ${clicks.seconds} s, ${clicks.recorded} of ${clicks.clicks} answers stored` +
      `${clicks.recorded === clicks.clicks ? '' : ' (MISMATCH)'}; peak RSS ${clicks.peakRssBeforeMB} MB ` +
      `before the clicks, ${clicks.peakRssAfterMB} MB after`,
    `targets at 50 concurrent: ack p99 ≤ ${TARGETS.ackP99} ms: ${verdict(at50.ack.p99 <= TARGETS.ackP99)} (${at50.ack.p99}); ` +
      `answer with chart p99 ≤ ${TARGETS.chartP99} ms: ${verdict(at50.chart.p99 <= TARGETS.chartP99)} (${at50.chart.p99}); ` +
      `event-loop p99 ≤ ${TARGETS.loopP99} ms: ${verdict(worstLoop <= TARGETS.loopP99)} (worst ${worstLoop}); ` +
      `peak RSS ≤ ${TARGETS.rssMB} MB: ${verdict(peak <= TARGETS.rssMB)} (${peak} MB)`,
  ];
}

// ── the section ────────────────────────────────────────────────────────────────────────────

const CLICK_SECONDS = 5;
const CLICKERS = 50;

export const slackLoadBench: BenchSection = {
  name: 'slack-load',
  async run() {
    const d = await startSlackDriver();
    let n = 0;
    const levels: LevelResult[] = [];
    try {
      // Warm up: JIT, the chart workers, Bolt's first request.
      await Promise.all(
        Array.from({ length: 4 }, (_, i) => {
          const channel = `CWARM${i}`;
          return d.command(
            '/optimal',
            budget(i),
            { channel_id: channel, user_id: `UWARM${i}` },
            (c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === channel,
          );
        }),
      );
      for (const { concurrent, rounds } of LEVELS) {
        await d.host.reset();
        const started = performance.now();
        const acks: number[] = [];
        const texts: number[] = [];
        const charts: number[] = [];
        let failures = 0;
        for (let r = 0; r < rounds; r++) {
          await Promise.all(
            Array.from({ length: concurrent }, async () => {
              const i = ++n;
              const channel = `CLOAD${i}`;
              const started = performance.now();
              const posted = d.waitFor(
                (c) => c.method === 'chat.postMessage' && c.body.channel === channel,
              );
              const res = await d
                .command(
                  '/optimal',
                  budget(i),
                  { channel_id: channel, user_id: `ULOAD${i}` },
                  (c) =>
                    c.method === 'files.completeUploadExternal' && c.body.channel_id === channel,
                )
                .catch(() => undefined);
              const textAt = await posted.catch(() => undefined);
              if (!res || res.status !== 200 || res.doneMs === undefined || !textAt) {
                failures += 1;
                return;
              }
              acks.push(res.ackMs);
              charts.push(res.doneMs);
              texts.push(textAt - started);
            }),
          );
          d.fake.reset();
        }
        const wallS = round((performance.now() - started) / 1000);
        const host = await d.host.stats();
        levels.push({
          concurrent,
          commands: concurrent * rounds,
          ack: stats(acks),
          text: stats(texts),
          chart: stats(charts),
          failures,
          loop: { p50: host.loopP50, p99: host.loopP99, max: host.loopMax },
          cpuS: host.cpuS,
          wallS,
          serverAck: { p50: host.serverAckP50, p99: host.serverAckP99 },
        });
      }
      const clicks = await slackClicks(d);
      const last = await d.host.stats();
      const peak = last.peakRssMB;
      return {
        table: loadTable(levels, clicks),
        notes: [
          ...loadNotes('Slack HTTP', levels, clicks, peak),
          `ack inside the bot (request event → response sent), p50/p99 ms: ${levels
            .map((l) => `${l.concurrent} concurrent ${l.serverAck?.p50}/${l.serverAck?.p99}`)
            .join('; ')}; the rest of the client-side ack is waiting to be read (busy loop, CPU)`,
          ...(d.host.warnings.length
            ? [
                `host logged ${d.host.warnings.length} warning lines, e.g. ${d.host.warnings[0]!.slice(0, 200)}`,
              ]
            : []),
        ],
        data: {
          levels,
          clicks,
          peakRssMB: peak,
          rssMB: last.rssMB,
          warnings: d.host.warnings.length,
        },
      };
    } finally {
      await d.close();
    }
  },
};

/** Seconds per question of the clicked round: longer than the click phase. */
export const CLICK_ROUND_SECONDS = 120;

/**
 * A real quiz round in a channel, then CLICKERS clients, each clicking an answer button as a
 * new member as soon as their last click was answered ("You answered …", privately).
 */
async function slackClicks(d: SlackDriver): Promise<ClickResult> {
  const channel = 'CCLICKS';
  d.fake.reset();
  const started0 = await d.command(
    '/quiz',
    `count:1 seconds:${CLICK_ROUND_SECONDS}`,
    { channel_id: channel, user_id: 'UQUIZHOST' },
    (c) => c.method === 'chat.postMessage' && c.body.channel === channel,
  );
  if (started0.status !== 200) throw new Error(`bench: /quiz answered ${started0.status}`);
  const question = d.fake.callsTo('chat.postMessage').find((c) => c.body.channel === channel)!;
  const answerIds = [...JSON.stringify(question.body.blocks).matchAll(/"(quiz:[^"]+:0:[0-3])"/g)]
    .map((m) => m[1]!)
    .slice(0, 4);
  if (answerIds.length !== 4) throw new Error('bench: the quiz question has no answer buttons');
  const before = await d.host.reset();
  const acks: number[] = [];
  const replies: number[] = [];
  const deadline = performance.now() + CLICK_SECONDS * 1000;
  const started = performance.now();
  let seq = 0;
  await Promise.all(
    Array.from({ length: CLICKERS }, async () => {
      while (performance.now() < deadline) {
        const user = `UCLICK${++seq}`;
        const res = await d.click(
          answerIds[seq % 4]!,
          user,
          (c) => c.method === 'chat.postEphemeral' && c.body.user === user,
          channel,
        );
        acks.push(res.ackMs);
        replies.push(res.doneMs);
        if (seq % 500 === 0) d.fake.reset();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const host = await d.host.stats();
  return {
    concurrent: CLICKERS,
    seconds: round(seconds, 1),
    clicks: replies.length,
    clicksPerSecond: round(replies.length / seconds, 0),
    recorded: host.recordedAnswers,
    ack: stats(acks),
    reply: stats(replies),
    loop: { p50: host.loopP50, p99: host.loopP99, max: host.loopMax },
    peakRssBeforeMB: before.peakRssMB,
    peakRssAfterMB: host.peakRssMB,
  };
}

if (process.argv.includes('--host') && import.meta.url === pathToFileURL(process.argv[1]!).href) {
  void runHost();
}
