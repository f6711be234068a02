/**
 * Tokens and secrets never appear in logs or replies. The whole bot (startBot, as `npm start`
 * runs it) with Slack, Discord and the playground against the fakes, logging at trace into a
 * buffer; commands that succeed, a chart that fails to render, a handler that throws, and a
 * platform API answering 500. Then every log line and every recorded outgoing payload is
 * scanned for the secrets.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../commands/define.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, setLogger } from '../../src/logger.js';
import { startBot, type Bot } from '../../src/main.js';
import { IDS, startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { scratchDatabase } from './helpers.js';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-SeCrEtBoTtOkEn',
  SLACK_SIGNING_SECRET: 'signing-SeCrEt-0a1b2c3d4e5f',
  DISCORD_TOKEN: 'MTEwMDAw.DiScOrD.SeCrEtToKeN_abc123',
};

// The real renderer is not needed here: a tiny PNG, and a rejection for loss charts.
vi.mock('../../src/charts/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/charts/index.js')>();
  const { tinyRenderer } = await import('../fakes/slack/renderer.js');
  return {
    ...original,
    renderChart: (request: { kind: string }) =>
      request.kind === 'loss-landscape'
        ? Promise.reject(new Error(`renderer exploded (token=${SECRETS.DISCORD_TOKEN.length})`))
        : tinyRenderer(request as never),
  };
});

// The registry plus a command whose handler throws.
vi.mock('../../commands/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../commands/index.js')>();
  const boom = defineCommand({
    name: 'boom',
    description: 'Test: throws',
    options: z.object({}),
    positional: [],
    examples: ['/boom'],
    policy: { visibility: 'public', chart: false },
    run: () => {
      throw new Error('handler exploded');
    },
  });
  const commands = [...original.commands.filter((c) => c.name !== 'quiz'), boom];
  return { ...original, commands, findCommand: (n: string) => commands.find((c) => c.name === n) };
});

const lines: string[] = [];
let slack: FakeSlack;
let discord: FakeDiscord;
let bot: Bot;

beforeAll(async () => {
  setLogger(createLogger('trace', { write: (line: string) => void lines.push(line) }));
  slack = await new FakeSlack().start();
  discord = await startFakeDiscord({ token: SECRETS.DISCORD_TOKEN });
  bot = await startBot(
    loadConfig({
      ...SECRETS,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: discord.apiUrl,
      PLAYGROUND: '1',
      DATABASE_URL: scratchDatabase(),
      PORT: '0',
      LOG_LEVEL: 'trace',
    }),
  );
});
afterAll(async () => {
  await bot?.stop();
  await slack?.close();
  await discord?.close();
});

it('no secret in any log line or outgoing payload', async () => {
  expect(bot.adapters).toEqual(['discord', 'slack', 'playground']);
  const events = `${bot.url}/slack/events`;
  let n = 0;
  const slash = async (command: string, text: string) => {
    const channel = `CSECRET${++n}`;
    const body = slashCommandBody({
      command,
      text,
      channel_id: channel,
      user_id: `USECRET${n}`,
      response_url: slack.responseUrl(`s${n}`),
    });
    expect((await postSigned(events, body, { secret: SECRETS.SLACK_SIGNING_SECRET })).status).toBe(
      200,
    );
    return `s${n}`;
  };

  // Slack: a chart answer, a rejected chart, a thrown handler, a 500 on the post, a forged request.
  await slash('/optimal', '6e22');
  await slash('/loss', '70B 1.4T');
  const boom = await slash('/boom', '');
  slack.fail('chat.postMessage', { status: 500, times: 3 });
  const failed = await slash('/target', '2.0');
  const forged = await postSigned(
    events,
    slashCommandBody({ command: '/help', response_url: 'x' }),
    {
      secret: 'wrong',
    },
  );
  expect(forged.status).toBe(401);
  await slack.waitForResponse(boom, 10_000);
  await slack.waitForResponse(failed, 10_000);

  // Discord: the same, plus a 500 on the edit that makes the bot post in the channel instead.
  const user = () => `19${String(++n).padStart(17, '0')}`;
  const ids = [
    discord.command('optimal', { compute: '6e22' }, { userId: user() }),
    discord.command('loss', { params: '70B', tokens: '1.4T' }, { userId: user() }),
    discord.command('boom', {}, { userId: user() }),
  ];
  discord.fail({ method: 'PATCH', path: /\/messages\/@original$/, status: 500, times: 20 });
  ids.push(discord.command('target', { loss: '2.0' }, { userId: user() }));
  await discord.waitFor(
    (c) => c.method === 'POST' && c.path === `/channels/${IDS.channel}/messages`,
    15_000,
    'the fallback post',
  );

  // The playground too (it echoes commands back to the page).
  const page = await fetch(`${bot.url}/`);
  expect(page.status).toBe(200);
  await new Promise((r) => setTimeout(r, 500));

  const payloads = [
    // A `token` form field is how a Web API call authenticates (auth.test sends one): that is
    // the credential going to Slack, not a leak. Everything else in the body is scanned.
    ...slack.calls.map((c) => JSON.stringify({ ...c.body, token: undefined })),
    ...slack.responses.map((r) => JSON.stringify(r.body)),
    ...discord.calls.map((c) => JSON.stringify(c.body ?? null)),
    await page.text(),
  ];
  // Sanity: the failures above happened and were logged.
  const all = lines.join('\n');
  expect(all).toContain('renderer exploded');
  expect(all).toContain('handler exploded');
  expect(all).toMatch(/could not post the answer|could not edit the interaction reply/);
  expect(lines.length).toBeGreaterThan(50);
  for (const [name, secret] of Object.entries(SECRETS)) {
    const leaks = [...lines, ...payloads].filter((text) => text.includes(secret));
    expect(
      leaks.map((l) => l.slice(0, 300)),
      `${name} leaked`,
    ).toEqual([]);
  }
  // The fakes did receive the tokens as credentials (so the scan looked at a live setup).
  expect(slack.calls.some((c) => c.token === SECRETS.SLACK_BOT_TOKEN)).toBe(true);
  expect(discord.calls.some((c) => c.authorized)).toBe(true);
});
