/**
 * The playground's HTTP surface against hostile or careless clients, through the real server:
 * DNS rebinding (a foreign Host gets 421), non-object JSON bodies (400, no stack in the logs),
 * event-stream slots (one client cannot take them all) and its routes (/index.html serves the
 * page; mount order does not matter).
 */
import { request, type ClientRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/http/server.js';
import { mountPlayground } from '../../src/adapters/playground/index.js';
import { STREAM_LIMITS } from '../../src/adapters/playground/store.js';
import { createLogger, setLogger } from '../../src/logger.js';
import { send } from '../http/helpers.js';
import { startServer, type Server } from './helpers.js';
import { pageToken } from './client.js';

const logs: string[] = [];
let server: Server;
let port: number;
let token: string;

beforeAll(async () => {
  setLogger(createLogger('info', { write: (line: string) => void logs.push(line) }));
  server = await startServer(async () => {
    throw new Error('no charts in these tests');
  });
  port = Number(new URL(server.base).port);
  token = await pageToken(server.base);
});
afterAll(async () => {
  await server?.close();
});

const TOKEN_RE = /playground-token" content="[0-9a-f]{32}"/;

describe('Host header (DNS rebinding)', () => {
  it('answers its own names and refuses evil.example:PORT with 421 on every playground route', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `LOCALHOST:${port}`,
    ]) {
      const res = await send(`${server.base}/`, { headers: { host } });
      expect(res.status, host).toBe(200);
      expect(res.body).toMatch(TOKEN_RE);
    }
    const evil = `evil.example:${port}`;
    const origin = `http://${evil}`;
    const page = await send(`${server.base}/`, { headers: { host: evil } });
    expect(page.status).toBe(421);
    expect(page.body).not.toMatch(TOKEN_RE);
    expect(page.body).toContain('received Host: "evil.example:');
    const command = await send(`${server.base}/api/command`, {
      method: 'POST',
      headers: {
        host: evil,
        origin,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
        'x-playground-token': token,
      },
      body: JSON.stringify({ user: 'ada', text: '/help' }),
    });
    expect(command.status).toBe(421);
    const events = await send(`${server.base}/api/events?user=ben`, {
      headers: { host: evil, origin, 'sec-fetch-site': 'same-origin' },
    });
    expect(events.status).toBe(421);
    // Another port on a good name is another server.
    expect(
      (await send(`${server.base}/`, { headers: { host: `127.0.0.1:${port + 1}` } })).status,
    ).toBe(421);
  });
});

describe('JSON bodies that are not objects', () => {
  it.each(['null', '[]', '42', '"ada"', 'true'])(
    '%s gets 400 naming what was sent',
    async (body) => {
      logs.length = 0;
      for (const path of ['/api/command', '/api/action']) {
        const res = await fetch(`${server.base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-playground-token': token },
          body,
        });
        expect(res.status, path).toBe(400);
        const { error } = (await res.json()) as { error: string };
        expect(error).toMatch(/must be a JSON object, e\.g\. \{"user":"ada"/);
        expect(error).toContain('received');
      }
      const errors = logs
        .map((l) => JSON.parse(l) as { level: number })
        .filter((l) => l.level >= 50);
      expect(errors).toEqual([]);
    },
  );
});

describe('event-stream slots', () => {
  const open: ClientRequest[] = [];
  afterEach(async () => {
    for (const req of open.splice(0)) req.destroy();
    // The server notices closed pages a moment later: wait until a full seat has room again.
    await expect
      .poll(async () => {
        const statuses = await openMany(STREAM_LIMITS.perSeat, 'ada', '127.0.0.1');
        for (const req of open.splice(0)) req.destroy();
        return statuses.every((s) => s === 200);
      })
      .toBe(true);
  });

  /** Open /api/events for `user` from `localAddress`; resolves with the status (kept open). */
  const stream = (user: string, localAddress: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(`${server.base}/api/events?user=${user}`, { localAddress }, (res) => {
        resolve(res.statusCode!);
        if (res.statusCode !== 200) res.resume();
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      open.push(req);
      req.end();
    });

  const openMany = async (n: number, user: string, address: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push(await stream(user, address));
    return statuses;
  };

  /** Open streams until one is refused (at most `max`); returns how many opened and the refusal. */
  const fill = async (users: string[], address: string, max = 200) => {
    let opened = 0;
    for (const user of users) {
      for (;;) {
        const status = await stream(user, address);
        if (status !== 200) break;
        if (++opened >= max) return { opened, refused: undefined };
      }
    }
    return { opened, refused: await stream(users[0]!, address) };
  };

  it('one client cannot hold every slot: another client still gets in', async () => {
    const greedy = await fill(['ada', 'ben', 'chen', 'dee'], '127.0.0.1');
    expect(greedy.refused).toBe(429);
    // Another client (another loopback address) still gets in, on the seat the first one flooded.
    expect(await stream('ada', '127.0.0.2')).toBe(200);
  });

  it('limits per seat and per address, then in total', async () => {
    const { perSeat, perAddress, total } = STREAM_LIMITS;
    const ada = await openMany(perSeat + 2, 'ada', '127.0.0.1');
    expect(ada).toEqual([...Array(perSeat).fill(200), 429, 429]);
    const others = await fill(['ben', 'chen', 'dee'], '127.0.0.1');
    expect(others).toEqual({ opened: perAddress - perSeat, refused: 429 });
    // Many clients together meet the total: 503 for the next one.
    let opened = perAddress;
    for (let a = 2; opened < total; a++) {
      for (const user of ['ada', 'ben']) {
        for (let i = 0; i < perSeat && opened < total; i++, opened++) {
          expect(await stream(user, `127.0.0.${a}`)).toBe(200);
        }
      }
    }
    expect(await stream('dee', '127.0.0.250')).toBe(503);
  });

  it('frees a slot when a page closes', async () => {
    const statuses = await openMany(STREAM_LIMITS.perSeat, 'ada', '127.0.0.1');
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await stream('ada', '127.0.0.1')).toBe(429);
    open.shift()!.destroy();
    await expect.poll(() => stream('ada', '127.0.0.1'), { timeout: 2000 }).toBe(200);
  });
});

describe('routes', () => {
  it('serves the page at /index.html too, and routes mounted after it still answer', async () => {
    const http = new HttpServer();
    const playground = mountPlayground(http, {
      renderChart: async () => {
        throw new Error('no charts');
      },
    });
    http.route('GET', '/later', (_req, res) => void res.end('later'));
    const { port: p } = await http.listen(0, '127.0.0.1');
    try {
      const index = await fetch(`http://127.0.0.1:${p}/index.html`);
      expect(index.status).toBe(200);
      expect(await index.text()).toMatch(TOKEN_RE);
      expect(await (await fetch(`http://127.0.0.1:${p}/later`)).text()).toBe('later');
      expect((await fetch(`http://127.0.0.1:${p}/index.htm`)).status).toBe(404);
    } finally {
      playground.stop();
      await http.close();
    }
  });
});
