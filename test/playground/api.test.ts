/**
 * The playground's HTTP API without a browser: it accepts only its own page's requests,
 * limits bodies, keeps private replies off other classmates' event streams, and only lets
 * a classmate press buttons that are on a message they can see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot, startServer, type Server } from './helpers.js';
import { pageToken } from './client.js';

describe('playground API', () => {
  let server: Server;
  let token: string;

  beforeAll(async () => {
    server = await startServer(async () => {
      throw new Error('no charts in these tests');
    });
    token = await pageToken(server.base);
  });

  afterAll(async () => {
    await server?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-playground-token': token, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('serves the page with a strict content security policy', async () => {
    const res = await fetch(server.base);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${server.base}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${server.base}/assets/..%2Findex.ts`)).status).toBe(404);
    expect((await fetch(`${server.base}/nope`)).status).toBe(404);
  });

  it('lists commands with usage, options and suggestions for completion', async () => {
    const body = (await (await fetch(`${server.base}/api/commands`)).json()) as {
      classmates: { id: string }[];
      commands: {
        name: string;
        usage: string;
        options: { name: string; suggestions?: unknown[] }[];
      }[];
    };
    expect(body.classmates.map((c) => c.id)).toEqual(['ada', 'ben', 'chen', 'dee']);
    const optimal = body.commands.find((c) => c.name === 'optimal')!;
    expect(optimal.usage).toMatch(/^\/optimal <compute>/);
    expect(optimal.options.find((o) => o.name === 'fit')?.suggestions?.length).toBeGreaterThan(0);
  });

  it('rejects cross-site and token-less requests with 403', async () => {
    const ok = { user: 'ada', text: '/help' };
    expect((await post('/api/command', ok)).status).toBe(202);
    expect((await post('/api/command', ok, { 'x-playground-token': 'f'.repeat(32) })).status).toBe(
      403,
    );
    expect((await post('/api/command', ok, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/api/command', ok, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/api/action', ok, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    const events = await fetch(`${server.base}/api/events?user=ada`, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(events.status).toBe(403);
  });

  it('limits request bodies to 16 KB (413) and checks their shape (400, 415)', async () => {
    const huge = { user: 'ada', text: `/help ${'x'.repeat(17 * 1024)}` };
    expect((await post('/api/command', huge)).status).toBe(413);
    expect((await post('/api/command', '{not json')).status).toBe(400);
    expect((await post('/api/command', { user: 'mallory', text: '/help' })).status).toBe(400);
    const form = await post('/api/command', 'user=ada', { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('sends a private reply only on its owner’s stream and checks button presses', async () => {
    const { messageId } = (await (
      await post('/api/command', { user: 'ada', text: '/tally' })
    ).json()) as {
      messageId: string;
    };
    await expect.poll(() => readSnapshot(server.base, 'ben')).toContain('answers: 0');
    const press = (user: string, actionId = 'tally:answer') =>
      post('/api/action', { user, actionId, messageId });
    expect((await press('ada')).status).toBe(200);
    expect((await press('ada')).status).toBe(200); // a repeat: answered privately
    expect((await press('ada', 'tally:forged')).status).toBe(409);
    expect(await readSnapshot(server.base, 'ada')).toContain('You already answered, Ada');
    const ben = await readSnapshot(server.base, 'ben');
    expect(ben).toContain('answers: 1');
    expect(ben).not.toContain('already answered');
    // /help is private: Ada's help was never on Ben's stream either.
    expect(ben).not.toContain('I answer questions about LLM scaling laws');
  });

  it('the chart cooldown refuses the sixth chart in 30 s privately, as on Discord and Slack', async () => {
    for (let i = 1; i <= 6; i++)
      expect((await post('/api/command', { user: 'chen', text: `/loss 7B ${i}40B` })).status).toBe(
        202,
      );
    const cooldown =
      /Slow down a little: chart commands allow 5 uses per person every 30 s, so try again in \d+ s\./;
    await expect.poll(() => readSnapshot(server.base, 'chen')).toMatch(cooldown);
    const chen = await readSnapshot(server.base, 'chen');
    // Five answers ran; the sixth never did, and only Chen is told.
    for (let i = 1; i <= 5; i++) expect(chen).toContain(`${i}40B`);
    expect(chen).not.toContain('640B tokens');
    expect(await readSnapshot(server.base, 'ben')).not.toMatch(cooldown);
    // Another classmate still gets a chart answer.
    await post('/api/command', { user: 'dee', text: '/loss 7B 140B' });
    await expect.poll(() => readSnapshot(server.base, 'dee')).toMatch(/Predicted loss/i);
  });
});
