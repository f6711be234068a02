/**
 * GET /metrics on the real bot (startBot with Slack HTTP and Discord against the fakes, real
 * chart pool): commands by outcome, ack and answer histograms, chart renders, event-loop lag
 * and memory. Off unless METRICS=1; METRICS_PORT serves it on its own port only.
 */
import { answerAction } from '../../src/quiz/actions.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startBot, type Bot } from '../../src/main.js';
import { countStoreFailure, registry } from '../../src/metrics/index.js';
import { StoreUnavailable, whenAvailable } from '../../src/store/failure.js';
import { IDS, startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { freePort } from '../hardening/helpers.js';

const SECRET = 'metrics-test-signing-secret';
const scratchDb = () =>
  `sqlite:${join(mkdtempSync(join(tmpdir(), 'tutor-metrics-')), 'db.sqlite')}`;

/** The value of one sample line, e.g. sample(text, 'tutor_commands_total{command="optimal",…}'). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const line = text
    .split('\n')
    .find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

let slack: FakeSlack;
let discord: FakeDiscord;
let bot: Bot;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  discord = await startFakeDiscord();
  bot = await startBot(
    loadConfig({
      PORT: '0',
      METRICS: '1',
      DATABASE_URL: scratchDb(),
      SLACK_BOT_TOKEN: 'xoxb-metrics-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: discord.apiUrl,
    }),
  );
});

afterAll(async () => {
  await bot?.stop();
  await slack?.close();
  await discord?.close();
});

const metrics = async (url: string) => {
  const res = await fetch(`${url}/metrics`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

const slackCommand = (command: string, text: string, rid: string) =>
  postSigned(
    `${bot.url}/slack/events`,
    slashCommandBody({
      command,
      text,
      channel_id: `CMET${rid}`,
      user_id: `UMET${rid}`,
      response_url: slack.responseUrl(rid),
    }),
    { secret: SECRET },
  );

describe('GET /metrics', () => {
  it('counts commands by name, platform and outcome, with ack and answer times', async () => {
    const before = (await metrics(bot.url)).text;
    const optimal = { command: 'optimal', platform: 'slack', outcome: 'answer' };
    const bad = { command: 'loss', platform: 'slack', outcome: 'input_error' };
    const count = (t: string, l: Record<string, string>) =>
      sample(t, 'tutor_commands_total', l) || 0;

    expect((await slackCommand('/optimal', '6e22', 'm1')).status).toBe(200);
    await slack.waitFor(
      () => slack.callsTo('files.completeUploadExternal').length > 0,
      20_000,
      'the chart upload',
    );
    expect((await slackCommand('/loss', 'banana 1T', 'm2')).status).toBe(200);
    await slack.waitForResponse('m2');
    const id = discord.command('optimal', { compute: '1e21' }, { userId: '150000000000000901' });
    await discord.waitFor(
      (c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original') && c.status === 200,
      20_000,
      `answer to ${id}`,
    );
    // The answer's timer stops when the handler returns, a moment after the fake saw it.
    await new Promise((r) => setTimeout(r, 200));

    const { status, type, text } = await metrics(bot.url);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(count(text, optimal) - count(before, optimal)).toBe(1);
    expect(count(text, bad) - count(before, bad)).toBe(1);
    expect(sample(text, 'tutor_commands_total', { command: 'optimal', platform: 'discord' })).toBe(
      1,
    );
    for (const platform of ['slack', 'discord']) {
      expect(sample(text, 'tutor_ack_seconds_count', { platform })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'tutor_answer_seconds_count', { platform })).toBeGreaterThanOrEqual(1);
    }
    // An ack is faster than the whole answer with its chart.
    const mean = (n: string, platform: string) =>
      sample(text, `${n}_sum`, { platform }) / sample(text, `${n}_count`, { platform });
    expect(mean('tutor_ack_seconds', 'discord')).toBeLessThan(
      mean('tutor_answer_seconds', 'discord'),
    );
    expect(sample(text, 'tutor_chart_renders_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'tutor_chart_render_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'tutor_chart_queue_length')).toBe(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(20 * 2 ** 20);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts quiz answers stored (a real round, a real click) and store failures', async () => {
    const read = async (name: string, labels = {}) =>
      sample(await registry.metrics(), name, labels) || 0;
    const answers = await read('tutor_quiz_answers_stored_total');
    discord.command('quiz', { count: 1 }, { userId: '150000000000000902' });
    const question = await discord.waitFor(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${IDS.channel}/messages` &&
        answerButton(c.body, 0) !== undefined,
      20_000,
      'the first question',
    );
    const button = answerButton(question.body, 1)!;
    const click = discord.click(
      button,
      (question.response as { id: string }).id,
      '150000000000000903',
    );
    await discord.waitFor((c) => c.path.includes(discord.interactions.get(click)!.token), 10_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(await read('tutor_quiz_answers_stored_total')).toBe(answers + 1);
    const failures = await read('tutor_store_failures_total', { kind: 'operation' });
    const down = Object.assign(new Error('disk I/O error'), { name: 'SqliteError' });
    const result = await whenAvailable(() => Promise.reject(down));
    expect(result).toBeInstanceOf(StoreUnavailable);
    expect(await read('tutor_store_failures_total', { kind: 'operation' })).toBe(failures + 1);
    countStoreFailure('reopen');
    expect(await read('tutor_store_failures_total', { kind: 'reopen' })).toBeGreaterThanOrEqual(1);
  });

  it('is not served without METRICS=1, and METRICS_PORT serves it on its own port only', async () => {
    const port = await freePort();
    const other = await startBot(
      loadConfig({ PORT: '0', METRICS_PORT: String(port), DATABASE_URL: scratchDb() }),
    );
    try {
      expect((await metrics(other.url)).status).toBe(404);
      const own = await metrics(`http://127.0.0.1:${port}`);
      expect(own.status).toBe(200);
      expect(own.text).toContain('tutor_commands_total');
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    } finally {
      await other.stop();
    }
    // Closed with the bot.
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

/** The id of the first question's answer button for `choice`, read with the quiz's own codec. */
function answerButton(body: unknown, choice: number): string | undefined {
  const ids = [...JSON.stringify(body ?? null).matchAll(/"custom_id":"([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  return ids.find((id) => {
    const click = answerAction.decode(id);
    return click?.step === 0 && click.choice === choice;
  });
}
