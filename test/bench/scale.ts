/**
 * `npm run bench scale` (issue 14): the same load on SQLite and PostgreSQL with one bot host,
 * then on PostgreSQL with one and two hosts behind the same Slack HTTP endpoint (round-robin,
 * as a load balancer would). Quiz clicks stored per second (50 clickers, each click a new
 * member), and /optimal answers with charts at 50 concurrent; CPU-seconds per 1,000 stored
 * clicks counts the bot hosts and the database (its server processes, read from /proc).
 * Needs BENCH_DATABASE_URL or TEST_DATABASE_URL (postgres://…) for the PostgreSQL rows.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { FakeSlack, type ApiCall } from '../fakes/slack/server.js';
import { blockActionsBody, postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { round, type BenchSection } from './report.js';
import { BENCH_SLACK, budget, startHost, stats, watchCalls, type Host } from './slack-load.js';

const CLICKERS = 50;
const CLICK_SECONDS = 5;
const CHART_CONCURRENT = 50;
const CHART_ROUNDS = 2;

/** CPU seconds of the PostgreSQL server's processes (its postgres user), 0 when none. */
function databaseCpu(): number {
  let pids: string[];
  try {
    pids = execFileSync('pgrep', ['-u', 'postgres']).toString().trim().split('\n');
  } catch {
    return 0;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / 100;
}

async function freshDatabase(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}

interface Row {
  setup: string;
  clicksPerS: number;
  stored: number;
  cpuPer1kClicks: number;
  dbCpuShare: string;
  chartP50: number;
  chartP99: number;
  chartsPerS: number;
}

async function measure(setup: string, databaseUrl: string | undefined, hosts: number) {
  const fake = await new FakeSlack().start();
  const waitFor = watchCalls(fake);
  const env = {
    BENCH_SLACK_API_URL: fake.apiUrl,
    ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}),
  };
  const started: Host[] = [];
  try {
    // One at a time: the first creates the schema, as a rolling deploy would.
    for (let i = 0; i < hosts; i++) started.push(await startHost(env));
    let seq = 0;
    const pick = () => started[seq++ % started.length]!;
    const command = (text: string, channel: string, user: string, cmd = '/optimal') =>
      postSigned(
        pick().eventsUrl,
        slashCommandBody({
          command: cmd,
          text,
          channel_id: channel,
          user_id: user,
          response_url: fake.responseUrl(`s${++seq}`),
        }),
        { secret: BENCH_SLACK.signingSecret },
      );

    // Warm up every host (JIT, chart workers, Bolt's first request).
    await Promise.all(
      started.flatMap((_, h) =>
        [0, 1].map(async (i) => {
          const channel = `CWARM${h}${i}`;
          const done = waitFor(
            (c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === channel,
          );
          await command(budget(i), channel, `UW${h}${i}`);
          await done;
        }),
      ),
    );

    // Quiz clicks: a real round, clickers spread over the hosts.
    const channel = 'CSCALE';
    const posted = waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === channel);
    await command('count:1 seconds:120', channel, 'UHOST', '/quiz');
    await posted;
    const question = fake.callsTo('chat.postMessage').find((c) => c.body.channel === channel)!;
    const ids = [...JSON.stringify(question.body.blocks).matchAll(/"(quiz:[^"]+:0:[0-3])"/g)]
      .map((m) => m[1]!)
      .slice(0, 4);
    await Promise.all(started.map((h) => h.reset()));
    const db0 = databaseCpu();
    const t0 = performance.now();
    const end = t0 + CLICK_SECONDS * 1000;
    let clicks = 0;
    await Promise.all(
      Array.from({ length: CLICKERS }, async () => {
        while (performance.now() < end) {
          const user = `UC${++clicks}`;
          const replied = waitFor(
            (c: ApiCall) => c.method === 'chat.postEphemeral' && c.body.user === user,
          );
          await postSigned(
            pick().eventsUrl,
            blockActionsBody({
              actionId: ids[clicks % 4]!,
              userId: user,
              channelId: channel,
              messageTs: '1700000000.000001',
              responseUrl: fake.responseUrl(`c${clicks}`),
            }),
            { secret: BENCH_SLACK.signingSecret },
          );
          await replied;
          if (clicks % 500 === 0) fake.reset();
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const after = await Promise.all(started.map((h) => h.stats()));
    const dbCpu = databaseUrl ? databaseCpu() - db0 : 0;
    const botCpu = after.reduce((s, h) => s + h.cpuS, 0);
    const stored = after[0]!.recordedAnswers; // one database: every host counts all rows

    // Charts at 50 concurrent, spread over the hosts.
    fake.reset();
    const charts: number[] = [];
    const c0 = performance.now();
    for (let r = 0; r < CHART_ROUNDS; r++) {
      await Promise.all(
        Array.from({ length: CHART_CONCURRENT }, async (_, i) => {
          const ch = `CCH${r}_${i}`;
          const t = performance.now();
          const done = waitFor(
            (c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === ch,
          );
          await command(budget(r * CHART_CONCURRENT + i), ch, `UO${r}_${i}`);
          charts.push((await done) - t);
        }),
      );
      fake.reset();
    }
    const chartS = (performance.now() - c0) / 1000;
    const chart = stats(charts);
    const row: Row = {
      setup,
      clicksPerS: round(stored / seconds, 0),
      stored,
      cpuPer1kClicks: round(((botCpu + dbCpu) / Math.max(1, stored)) * 1000, 2),
      dbCpuShare: databaseUrl ? `${Math.round((100 * dbCpu) / (botCpu + dbCpu))}%` : 'in-process',
      chartP50: chart.p50,
      chartP99: chart.p99,
      chartsPerS: round(charts.length / chartS, 1),
    };
    return row;
  } finally {
    for (const h of started) await h.stop().catch(() => undefined);
    await fake.close();
  }
}

export const scaleBench: BenchSection = {
  name: 'scale',
  async run() {
    const base = (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL)?.trim();
    const rows: Row[] = [await measure('SQLite, 1 instance', undefined, 1)];
    const notes: string[] = [];
    if (base?.startsWith('postgres')) {
      for (const hosts of [1, 2]) {
        const db = await freshDatabase(base);
        try {
          rows.push(
            await measure(`PostgreSQL, ${hosts} instance${hosts > 1 ? 's' : ''}`, db.url, hosts),
          );
        } finally {
          await db.drop();
        }
      }
      const [one, two] = [rows[1]!, rows[2]!];
      const growth = (two.cpuPer1kClicks / one.cpuPer1kClicks - 1) * 100;
      notes.push(
        `CPU per 1,000 stored clicks, 2 instances vs 1 on PostgreSQL: ${growth >= 0 ? '+' : ''}${round(growth, 0)}% (target ≤ +20%: ${growth <= 20 ? 'ok' : 'MISSED'})`,
      );
    } else {
      notes.push(
        'PostgreSQL rows skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL=postgres://…',
      );
    }
    notes.push(
      `${CLICKERS} clickers for ${CLICK_SECONDS} s (each click a new member, acknowledged by its private reply); charts: ${CHART_ROUNDS}×${CHART_CONCURRENT} concurrent /optimal; CPU = bot hosts + PostgreSQL server processes`,
    );
    return { table: rows as unknown as Record<string, string | number>[], notes, data: rows };
  },
};
