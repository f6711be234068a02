/**
 * What reaches POST /slack/events before Bolt does, through the real server and the real Bolt
 * App: bodies Bolt 5.1 cannot handle (`payload=null`), oversized bodies, replays and retries,
 * and timestamps from the future.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLogs, SIGNING_SECRET, startHarness, type Harness } from '../fakes/slack/harness.js';
import { tinyRenderer } from '../fakes/slack/renderer.js';
import { postSigned, signedHeaders, slashCommandBody } from '../fakes/slack/signing.js';

let h: Harness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
captureLogs();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startHarness({ renderChart: tinyRenderer });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await h?.close();
});
beforeEach(() => {
  h.fake.reset();
  unhandled.length = 0;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const optimal = () => {
  const id = `ingress-${++n}`;
  const channel = `CING${n}`;
  return {
    id,
    channel,
    body: slashCommandBody({
      command: '/optimal',
      text: '6e22',
      channel_id: channel,
      user_id: `UING${n}`,
      response_url: h.fake.responseUrl(id),
    }),
  };
};
const posts = (channel: string) =>
  h.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);

/** A raw request whose body is written by `write`; resolves at the first response (or error). */
function rawPost(
  headers: Record<string, string | number>,
  write: (req: ReturnType<typeof request>) => void,
): Promise<{ status: number; text: string }> {
  const url = new URL(h.eventsUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', (e) => reject(e));
    write(req);
  });
}

describe('bodies Bolt cannot take', () => {
  it.each([
    ['payload=null (form)', 'application/x-www-form-urlencoded', 'payload=null'],
    ['null (JSON)', 'application/json', 'null'],
    ['payload=[] (form)', 'application/x-www-form-urlencoded', 'payload=%5B%5D'],
    ['a JSON number', 'application/json', '42'],
    ['malformed JSON', 'application/json', '{"type": '],
  ])('a signed %s → 400 saying what was received; the process stays up', async (_l, type, body) => {
    const res = await postSigned(h.eventsUrl, body, {
      secret: SIGNING_SECRET,
      headers: { 'content-type': type },
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(
      /Expected a JSON object .* received (null|an array|a number|text that is not valid JSON)\.$/,
    );
    await sleep(100);
    expect(unhandled).toEqual([]);
    // Still serving.
    const ok = optimal();
    expect((await postSigned(h.eventsUrl, ok.body, { secret: SIGNING_SECRET })).status).toBe(200);
    await h.fake.waitFor(() => posts(ok.channel)[0], 10_000, 'the next answer');
  });

  it('an unsigned payload=null is still a 401 (the signature comes first)', async () => {
    const res = await postSigned(h.eventsUrl, 'payload=null');
    expect(res.status).toBe(401);
  });
});

describe('body size (1 MB cap before buffering)', () => {
  it('Content-Length over 1 MB → 413 before a byte of the body is sent', async () => {
    const res = await rawPost(
      { 'content-type': 'application/x-www-form-urlencoded', 'content-length': 3_900_000 },
      // Headers only: the server must answer without waiting for the body.
      (req) => req.flushHeaders(),
    );
    expect(res.status).toBe(413);
    expect(res.text).toContain('3900000 bytes');
  });

  it('a chunked body (no Content-Length) is cut off once it passes 1 MB → 413', async () => {
    const res = await rawPost(
      {
        'content-type': 'application/x-www-form-urlencoded',
        'transfer-encoding': 'chunked',
        ...signedHeaders(SIGNING_SECRET, 'whatever'),
      },
      (req) => {
        req.on('error', () => undefined); // the server may close while we write
        const chunk = Buffer.alloc(64 * 1024, 'a');
        // 1.25 MB, never ended: only a server that counts bytes answers.
        for (let i = 0; i < 20; i++) req.write(chunk);
      },
    );
    expect(res.status).toBe(413);
  });

  it('a signed body just under 1 MB still reaches Bolt', async () => {
    const { body, id } = optimal();
    const padded = `${body}&pad=${'x'.repeat(1024 * 1024 - body.length - 10)}`;
    const res = await postSigned(h.eventsUrl, padded, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await h.fake.waitFor(
      () => h.fake.callsTo('chat.postMessage')[0] ?? h.fake.responsesTo(id)[0],
      10_000,
      'an answer',
    );
  });
});

describe('replays, retries and timestamps', () => {
  it('the same signed /optimal sent twice → answered once (one post, one chart)', async () => {
    const { body, channel } = optimal();
    const headers = signedHeaders(SIGNING_SECRET, body);
    const first = await postSigned(h.eventsUrl, body, { headers });
    const second = await postSigned(h.eventsUrl, body, { headers });
    expect([first.status, second.status]).toEqual([200, 200]);
    const charts = () =>
      h.fake.callsTo('files.completeUploadExternal').filter((c) => c.body.channel_id === channel);
    await h.fake.waitFor(() => charts()[0], 10_000, 'the chart');
    await sleep(500);
    expect(posts(channel)).toHaveLength(1);
    expect(charts()).toHaveLength(1);
  });

  it('a retry with X-Slack-Retry-Num → acknowledged, not run again', async () => {
    const { body, channel } = optimal();
    const headers = signedHeaders(SIGNING_SECRET, body);
    await postSigned(h.eventsUrl, body, { headers });
    const retry = await postSigned(h.eventsUrl, body, {
      headers: { ...headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await h.fake.waitFor(() => posts(channel)[0], 10_000, 'the answer');
    await sleep(500);
    expect(posts(channel)).toHaveLength(1);
  });

  it('two different commands with the same text are both answered', async () => {
    const a = optimal();
    const b = optimal();
    await postSigned(h.eventsUrl, a.body, { secret: SIGNING_SECRET });
    await postSigned(h.eventsUrl, b.body, { secret: SIGNING_SECRET });
    await h.fake.waitFor(() => posts(a.channel)[0] && posts(b.channel)[0], 10_000, 'both');
  });

  it('a correctly signed timestamp 10 minutes in the future → 401, nothing run', async () => {
    const { body, id } = optimal();
    const res = await postSigned(h.eventsUrl, body, {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 10 * 60,
    });
    expect(res.status).toBe(401);
    await sleep(300);
    expect(posts(`CING${n}`)).toEqual([]);
    expect(h.fake.responsesTo(id)).toEqual([]);
  });

  it('a timestamp 4 minutes in the future (clock skew) is still accepted', async () => {
    const { body, channel } = optimal();
    const res = await postSigned(h.eventsUrl, body, {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 4 * 60,
    });
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => posts(channel)[0], 10_000, 'the answer');
  });
});
