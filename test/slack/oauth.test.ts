/**
 * Slack OAuth distribution end to end: the real Bolt App and its installer on the bot's one
 * HTTP server, installations in a real SQLite file, the fake Web API's oauth.v2.access. Two
 * workspaces install through /slack/install → Slack → /slack/oauth_redirect; each one's
 * commands are answered with its own token; app_uninstalled and tokens_revoked delete the
 * installation and tell the lifecycle hook.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ServerLifecycle } from '../../src/adapters/contract.js';
import { startSlack, type SlackAdapter } from '../../src/adapters/slack/index.js';
import { HttpServer } from '../../src/http/server.js';
import { openStore, type Store } from '../../src/store/index.js';
import { SlackInstallationRepo } from '../../src/store/slack-installations.js';
import { tinyRenderer } from '../fakes/discord/bot.js';
import { captureLogs, nextId, SIGNING_SECRET } from '../fakes/slack/harness.js';
import { FakeSlack, OAUTH_APP } from '../fakes/slack/server.js';
import { postSigned, signedHeaders, slashCommandBody } from '../fakes/slack/signing.js';

const STATE_SECRET = 'state-secret-for-tests-0123456789';
const TEAM_A = { code: 'code-a', teamId: 'TAAAA0001', token: 'xoxb-team-a-000000000001' };
const TEAM_B = { code: 'code-b', teamId: 'TBBBB0002', token: 'xoxb-team-b-000000000002' };

let fake: FakeSlack;
let http: HttpServer;
let base: string;
let store: Store;
let repo: SlackInstallationRepo;
let adapter: SlackAdapter;
let dir: string;
const logs = captureLogs();
const hook: string[] = [];
const lifecycle: ServerLifecycle = {
  removed: async (platform, id) => void hook.push(`removed ${platform} ${id}`),
  returned: async (platform, id) => void hook.push(`returned ${platform} ${id}`),
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slack-oauth-'));
  fake = await new FakeSlack().start();
  store = await openStore(join(dir, 'bot.sqlite'));
  repo = new SlackInstallationRepo(store.db);
  http = new HttpServer();
  const address = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
  adapter = await startSlack({
    oauth: {
      clientId: OAUTH_APP.clientId,
      clientSecret: OAUTH_APP.clientSecret,
      stateSecret: STATE_SECRET,
      installations: repo,
    },
    lifecycle,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    http,
    renderChart: tinyRenderer,
    retryConfig: { retries: 0 },
  });
});

afterAll(async () => {
  await adapter.stop();
  await http.close();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a browser does: open the install page, follow "Add to Slack", come back with a code. */
async function install(workspace: { code: string; teamId: string; token: string }) {
  fake.addWorkspace(workspace);
  const page = await fetch(`${base}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const href = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/.exec(html)?.[1];
  expect(href, 'the install page links to Slack').toBeDefined();
  const authorize = new URL(href!.replace(/&amp;/g, '&'));
  expect(authorize.searchParams.get('client_id')).toBe(OAUTH_APP.clientId);
  expect(authorize.searchParams.get('scope')).toContain('commands');
  // Slack sends the browser back with a one-time code and the state it was given.
  const state = authorize.searchParams.get('state')!;
  return fetch(
    `${base}/slack/oauth_redirect?code=${workspace.code}&state=${encodeURIComponent(state)}`,
    { headers: { cookie } },
  );
}

/** A signed slash command from a workspace; resolves once its public answer is posted. */
async function command(teamId: string, channel: string) {
  const rid = nextId('oauth');
  const body = slashCommandBody({
    command: '/optimal',
    text: '6e22',
    team_id: teamId,
    channel_id: channel,
    response_url: fake.responseUrl(rid),
  });
  const res = await postSigned(`${base}/slack/events`, body, { secret: SIGNING_SECRET });
  expect(res.status).toBe(200);
  return rid;
}

/** A signed Events API callback (app_uninstalled, tokens_revoked). */
async function event(teamId: string, payload: Record<string, unknown>) {
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0000001',
    type: 'event_callback',
    event_id: `Ev${nextId()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: `${Date.now() / 1000}`, ...payload },
  });
  const res = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(SIGNING_SECRET, body) },
    body,
  });
  expect(res.status).toBe(200);
}

describe('Slack OAuth distribution', () => {
  test('two workspaces install, and each is answered with its own token', async () => {
    for (const ws of [TEAM_A, TEAM_B]) {
      const done = await install(ws);
      expect(done.status, await done.clone().text()).toBe(200);
    }
    expect(fake.callsTo('oauth.v2.access')).toHaveLength(2);
    expect(await repo.count()).toBe(2);

    await command(TEAM_A.teamId, 'CAAAA0001');
    await command(TEAM_B.teamId, 'CBBBB0002');
    const posts = await fake.waitFor(
      () => fake.callsTo('chat.postMessage').length >= 2 && fake.callsTo('chat.postMessage'),
      5000,
      'both public answers',
    );
    const tokenIn = (channel: string) => posts.find((c) => c.body.channel === channel)?.token;
    expect(tokenIn('CAAAA0001')).toBe(TEAM_A.token);
    expect(tokenIn('CBBBB0002')).toBe(TEAM_B.token);
  });

  test('a channel message outside any request (a round reveal) uses its workspace token', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    await adapter.messenger.post('CBBBB0002', {
      title: 'Round over',
      summary: 'Scores…',
      visibility: 'public',
    });
    const call = fake.callsTo('chat.postMessage')[before];
    expect(call?.token).toBe(TEAM_B.token);
  });

  test('a redirect with a forged state installs nothing', async () => {
    fake.addWorkspace({ code: 'code-x', teamId: 'TXXXX0009', token: 'xoxb-forged' });
    const res = await fetch(`${base}/slack/oauth_redirect?code=code-x&state=forged`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await repo.find({ teamId: 'TXXXX0009' })).toBeUndefined();
  });

  test('app_uninstalled deletes the installation and calls the lifecycle hook', async () => {
    await event(TEAM_A.teamId, { type: 'app_uninstalled' });
    await fake.waitFor(() => hook.includes(`removed slack ${TEAM_A.teamId}`), 3000, 'the hook');
    expect(await repo.find({ teamId: TEAM_A.teamId })).toBeUndefined();
    expect(await repo.find({ teamId: TEAM_B.teamId })).toBeDefined();
    // Its channels are forgotten too: a late reveal there fails instead of using a dead token.
    await expect(
      adapter.messenger.post('CAAAA0001', { title: 'x', summary: 'y', visibility: 'public' }),
    ).rejects.toThrow();
  });

  test('tokens_revoked for the bot deletes the installation and calls the hook', async () => {
    // A user revoking only their own token leaves the bot installed.
    await event(TEAM_B.teamId, { type: 'tokens_revoked', tokens: { oauth: ['U0000001'] } });
    await new Promise((r) => setTimeout(r, 100));
    expect(await repo.find({ teamId: TEAM_B.teamId })).toBeDefined();

    await event(TEAM_B.teamId, { type: 'tokens_revoked', tokens: { bot: ['UBOT0001'] } });
    await fake.waitFor(() => hook.includes(`removed slack ${TEAM_B.teamId}`), 3000, 'the hook');
    expect(await repo.count()).toBe(0);
  });

  test('a command from an uninstalled workspace posts nothing', async () => {
    const before = fake.calls.length;
    const rid = await command(TEAM_A.teamId, 'CAAAA0001');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect(fake.responsesTo(rid)).toEqual([]);
  });

  test('a workspace that installs again is back, with its new token', async () => {
    hook.length = 0;
    const again = { ...TEAM_A, code: 'code-a2', token: 'xoxb-team-a-000000000003' };
    expect((await install(again)).status).toBe(200);
    expect(hook).toEqual([`returned slack ${TEAM_A.teamId}`]);
    const before = fake.callsTo('chat.postMessage').length;
    await command(TEAM_A.teamId, 'CAAAA0001');
    const post = await fake.waitFor(() => fake.callsTo('chat.postMessage')[before], 5000, 'answer');
    expect(post.token).toBe(again.token);
  });

  test('no token or secret is ever logged', () => {
    const all = logs.join('\n');
    expect(all).toContain('workspace installed the app');
    const tokens = [TEAM_A.token, TEAM_B.token, 'xoxb-team-a-000000000003'];
    for (const secret of [...tokens, OAUTH_APP.clientSecret, STATE_SECRET])
      expect(all).not.toContain(secret);
  });
});
