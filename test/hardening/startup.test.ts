/**
 * The real entry point, spawned: a bad environment stops it with exit code 1 and one clear
 * message on stderr naming the variable (no stack trace); with no credentials at all,
 * `npm start` serves the playground.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { freePort, spawnMain, spawnProcess, waitForStatus, type Spawned } from './helpers.js';

const STACK = /^\s+at .+(:\d+:\d+|\(native\))\)?$/m;
const spawned: Spawned[] = [];

afterAll(() => {
  for (const s of spawned)
    if (s.child.exitCode === null && s.child.signalCode === null) {
      // npm start runs in its own process group: end the group it leads (npm, sh, tsx, node).
      try {
        process.kill(-s.child.pid!, 'SIGKILL');
      } catch {
        s.child.kill('SIGKILL');
      }
    }
});

async function failsWith(env: Record<string, string>, variable: RegExp) {
  const bot = spawnMain({ PORT: '0', ...env });
  spawned.push(bot);
  const { code } = await bot.exit;
  const stderr = bot.stderr().trim();
  expect(code, stderr).toBe(1);
  expect(stderr).toMatch(variable);
  expect(stderr).not.toMatch(STACK);
  // One message: the error (and, for configuration errors, where to read about the variables).
  expect(
    stderr.split('\n').filter((l) => l.trim() && !/^\s{2}\S/.test(l)).length,
  ).toBeLessThanOrEqual(3);
  return stderr;
}

describe('start-up errors', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  beforeAll(async () => {
    discord = await startFakeDiscord({ token: 'the-right-token' });
    slack = await new FakeSlack().start();
  });
  afterAll(async () => {
    await discord?.close();
    await slack?.close();
  });

  it('PORT=abc', async () => {
    await failsWith({ PORT: 'abc' }, /PORT/);
  });

  it('DISCORD_TOKEN without DISCORD_APPLICATION_ID', async () => {
    await failsWith({ DISCORD_TOKEN: 'some-token' }, /DISCORD_APPLICATION_ID is missing/);
  });

  it('a Discord token the (fake) gateway rejects', async () => {
    const stderr = await failsWith(
      {
        DISCORD_TOKEN: 'a-wrong-token',
        DISCORD_APPLICATION_ID: IDS.application,
        DISCORD_API_URL: discord.apiUrl,
      },
      /DISCORD_TOKEN/,
    );
    expect(stderr).not.toContain('a-wrong-token');
  });

  it('a Slack bot token the (fake) Web API rejects', async () => {
    slack.fail('auth.test', { error: 'invalid_auth' });
    const stderr = await failsWith(
      {
        SLACK_BOT_TOKEN: 'xoxb-revoked-token',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.apiUrl,
      },
      /SLACK_BOT_TOKEN/,
    );
    expect(stderr).not.toContain('xoxb-revoked-token');
  });

  it('DISCORD_SHARDS without DISCORD_SHARD_COUNT', async () => {
    await failsWith(
      { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: IDS.application, DISCORD_SHARDS: '0,1' },
      /DISCORD_SHARDS=0,1 also needs DISCORD_SHARD_COUNT/,
    );
  });

  it('Slack OAuth without SLACK_STATE_SECRET', async () => {
    await failsWith(
      {
        SLACK_CLIENT_ID: '1.2',
        SLACK_CLIENT_SECRET: 'the-client-secret',
        SLACK_SIGNING_SECRET: 's',
      },
      /SLACK_STATE_SECRET is missing/,
    );
  });

  it('a port already in use', async () => {
    const port = await freePort();
    const first = spawnMain({ PORT: String(port) });
    spawned.push(first);
    await waitForStatus(`http://127.0.0.1:${port}/healthz`);
    try {
      await failsWith({ PORT: String(port) }, new RegExp(`PORT|${port}`));
    } finally {
      first.child.kill('SIGTERM');
      await first.exit;
    }
  });
});

describe('Slack OAuth from the real entry point', () => {
  it('starts with the OAuth variables and serves the install page under a public name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-start-'));
    const slack = await new FakeSlack().start();
    const port = await freePort();
    const bot = spawnMain({
      PORT: String(port),
      SLACK_CLIENT_ID: '1111111111.2222222222',
      SLACK_CLIENT_SECRET: 'the-client-secret',
      SLACK_STATE_SECRET: 'a-state-secret-of-some-length',
      SLACK_SIGNING_SECRET: 'signing',
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: join(dir, 'bot.sqlite'),
    });
    spawned.push(bot);
    try {
      const health = await waitForStatus(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ ok: true, adapters: ['slack'] });
      // Browsers come through the public name: the install page must not answer 421.
      const page = await new Promise<{ status?: number; body: string }>((resolve, reject) =>
        get(
          {
            host: '127.0.0.1',
            port,
            path: '/slack/install',
            headers: { host: 'tutor.example.edu' },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode, body }));
          },
        ).on('error', reject),
      );
      expect(page.status).toBe(200);
      expect(page.body).toContain('https://slack.com/oauth/v2/authorize');
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exit;
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(bot.stderr()).not.toContain('the-client-secret');
  });
});

describe('npm start with no credentials', () => {
  it('prints the playground URL; /healthz is 200 with adapters [playground]; / is the page', async () => {
    const port = await freePort();
    const npm = spawnProcess(
      'npm',
      ['start', '--silent'],
      { PORT: String(port) },
      { detached: true },
    );
    spawned.push(npm);
    const [, url] = await npm.waitFor(/Scaling Tutor playground: (http:\/\/\S+?)\/?\s/, 25_000);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/application\/json/);
    expect(await health.json()).toEqual({ ok: true, adapters: ['playground'] });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<html[\s\S]*Scaling Tutor/i);
    process.kill(-npm.child.pid!, 'SIGTERM');
    const exit = await npm.exit;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(npm.stderr()).not.toMatch(STACK);
  });
});
