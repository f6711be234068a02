/**
 * The platform API answers 429 or 500 for a while: the answer is retried and delivered exactly
 * once (no duplicate post, no extra private copy, one chart). test/slack/http.test.ts and
 * test/discord/bot.test.ts cover "retried at all"; these count the deliveries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { DEFAULT_RETRY, startSlack, type SlackAdapter } from '../../src/adapters/slack/index.js';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { Cooldown } from '../../src/runtime/index.js';
import { HttpServer } from '../../src/http/server.js';
import { startBot, tinyRenderer } from '../fakes/discord/bot.js';
import { IDS, startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';
import { BOT_TOKEN, captureLogs, SIGNING_SECRET } from '../fakes/slack/harness.js';
import { tinyRenderer as slackTiny } from '../fakes/slack/renderer.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { postSigned, slashCommandBody } from '../fakes/slack/signing.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logs = captureLogs();

describe('Slack, with the production retry policy', () => {
  let fake: FakeSlack;
  let http: HttpServer;
  let adapter: SlackAdapter;
  let url: string;
  let n = 0;

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    http = new HttpServer();
    const address = await http.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${address.port}/slack/events`;
    adapter = await startSlack({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
      http,
      renderChart: slackTiny,
      commands,
      cooldown: new Cooldown(),
      // What production uses, but quicker: the same number of retries.
      retryConfig: { ...DEFAULT_RETRY, minTimeout: 50, maxTimeout: 100 },
    });
  });
  afterAll(async () => {
    await adapter?.stop();
    await http?.close();
    await fake?.close();
  });

  async function run(text: string) {
    const channel = `CRETRY${++n}`;
    const rid = `retry-${n}`;
    const body = slashCommandBody({
      command: '/loss',
      text,
      channel_id: channel,
      user_id: `URETRY${n}`,
      response_url: fake.responseUrl(rid),
    });
    const res = await postSigned(url, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    return { channel, rid };
  }
  const inChannel = (method: string, channel: string) =>
    fake.calls.filter(
      (c) => c.method === method && (c.body.channel === channel || c.body.channel_id === channel),
    );

  it.each([
    ['500 twice', { status: 500, times: 2 }],
    ['429 (Retry-After: 1) once', { status: 429, retryAfter: 1, times: 1 }],
  ])('chat.postMessage %s: the answer is posted exactly once', async (_label, failure) => {
    fake.reset();
    fake.fail('chat.postMessage', failure);
    const { channel, rid } = await run('70B 1.4T');
    await fake.waitFor(
      () => inChannel('files.completeUploadExternal', channel)[0],
      10_000,
      'the chart',
    );
    await sleep(300);
    const posts = inChannel('chat.postMessage', channel);
    // The failed attempts reached the fake too; exactly one more succeeded.
    expect(posts).toHaveLength((failure.times ?? 0) + 1);
    expect(new Set(posts.map((p) => JSON.stringify(p.body))).size).toBe(1);
    expect(inChannel('files.completeUploadExternal', channel)).toHaveLength(1);
    expect(fake.responsesTo(rid)).toEqual([]);
  });

  it('files.completeUploadExternal 500 once: one chart, one message, nothing private', async () => {
    fake.reset();
    fake.fail('files.completeUploadExternal', { status: 500, times: 1 });
    const { channel, rid } = await run('8B 15T');
    await fake.waitFor(
      () => inChannel('files.completeUploadExternal', channel)[1],
      10_000,
      'the retried completion',
    );
    await sleep(300);
    expect(inChannel('chat.postMessage', channel)).toHaveLength(1);
    expect(inChannel('files.completeUploadExternal', channel)).toHaveLength(2);
    expect(fake.responsesTo(rid)).toEqual([]);
  });

  it('500 for longer than the retries: the answer arrives once, privately, and not in the channel', async () => {
    fake.reset();
    fake.fail('chat.postMessage', { status: 500 });
    const { channel, rid } = await run('70B 1.4T');
    await fake.waitForResponse(rid, 10_000);
    await sleep(500);
    expect(fake.responsesTo(rid)).toHaveLength(1);
    expect(inChannel('chat.postMessage', channel)).toHaveLength(DEFAULT_RETRY.retries + 1);
    expect(inChannel('files.getUploadURLExternal', channel)).toEqual([]);
    expect(JSON.stringify(fake.responsesTo(rid)[0]!.body)).toMatch(/1\.97\d/);
  });
});

describe('Discord', () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let seq = 0;
  const user = () => `18${String(++seq).padStart(17, '0')}`;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    bot = await startBot(fake, { renderChart: tinyRenderer, cooldown: new Cooldown() });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  const ok = (id: string) => fake.callsFor(id).filter((c) => c.status < 300);
  const channelPosts = () =>
    fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${IDS.channel}/messages`);

  it('the deferral answered 500, then the edit 429 and 500: one ack, one edit, no fallback post', async () => {
    fake.clearFailures();
    const before = channelPosts().length;
    fake.fail({ method: 'POST', path: /\/callback$/, status: 500, times: 1 });
    fake.fail({ method: 'PATCH', path: /\/messages\/@original$/, status: 429, retryAfter: 0.3 });
    fake.fail({ method: 'PATCH', path: /\/messages\/@original$/, status: 500, times: 2 });
    const id = fake.command('loss', { params: '70B', tokens: '1.4T' }, { userId: user() });
    await fake
      .waitFor(
        (c) =>
          c.method === 'PATCH' &&
          c.path.includes(fake.interactions.get(id)!.token) &&
          c.status === 200,
        15_000,
        'the edit',
      )
      .catch((e: Error) => {
        throw new Error(
          `${e.message}\n${logs.join('\n').slice(0, 3000)}\n${fake
            .callsFor(id)
            .map((c) => JSON.stringify(c.body).slice(0, 400))
            .join('\n')}`,
        );
      });
    await sleep(500);
    const calls = fake.callsFor(id);
    expect(calls.filter((c) => c.path.endsWith('/callback')).map((c) => c.status)).toEqual([
      500, 204,
    ]);
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.status)).toEqual([
      429, 500, 500, 200,
    ]);
    expect(ok(id).filter((c) => c.method === 'PATCH')[0]!.files).toHaveLength(1);
    // No follow-up and no "posted in the channel instead" copy.
    expect(calls.filter((c) => c.method === 'POST' && !c.path.endsWith('/callback'))).toEqual([]);
    expect(channelPosts().length).toBe(before);
  });

  it('an immediate reply (/help) answered 429 then 500: delivered once', async () => {
    fake.clearFailures();
    fake.fail({ method: 'POST', path: /\/callback$/, status: 429, retryAfter: 0.2 });
    fake.fail({ method: 'POST', path: /\/callback$/, status: 500 });
    const id = fake.command('help', {}, { userId: user() });
    await fake.waitFor(
      (c) =>
        c.path.endsWith('/callback') &&
        c.path.includes(fake.interactions.get(id)!.token) &&
        c.status < 300,
      10_000,
      'the reply',
    );
    await sleep(300);
    const callbacks = fake.callsFor(id).filter((c) => c.path.endsWith('/callback'));
    expect(callbacks.map((c) => c.status)).toEqual([429, 500, 204]);
    expect(fake.callsFor(id).filter((c) => c.status < 300)).toHaveLength(1);
  });
});
