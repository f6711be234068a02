/**
 * Which Host headers the server answers (DNS-rebinding defence), through a real HttpServer:
 * its loopback names and bound address with the port, never another name; paths marked
 * `anyHost` (Slack events behind a proxy, /healthz for probes) answer any Host.
 */
import { hostname } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allowedHosts } from '../../src/http/hosts.js';
import { HttpServer } from '../../src/http/server.js';
import { send } from './helpers.js';

let http: HttpServer;
let base: string;
let port: number;

beforeAll(async () => {
  http = new HttpServer({ anyHost: ['/open'] });
  for (const path of ['/open', '/closed'])
    http.route('GET', path, (_req, res) => void res.end(path));
  port = (await http.listen(0, '127.0.0.1')).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await http?.close();
});

it('refuses a foreign Host with 421 unless the path takes any Host', async () => {
  const evil = { host: `evil.example:${port}` };
  expect(await send(`${base}/closed`, { headers: evil })).toMatchObject({ status: 421 });
  expect(await send(`${base}/nowhere`, { headers: evil })).toMatchObject({ status: 421 });
  expect(await send(`${base}/open`, { headers: evil })).toMatchObject({
    status: 200,
    body: '/open',
  });
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
    expect(await send(`${base}/closed`, { headers: { host } }), host).toMatchObject({
      status: 200,
    });
  }
  // Host names without the port, or a look-alike, are other servers.
  for (const host of ['127.0.0.1', `localhost.:${port}`, `127.0.0.1.evil.example:${port}`]) {
    expect(await send(`${base}/closed`, { headers: { host } }), host).toMatchObject({
      status: 421,
    });
  }
});

it('counts the configured HOST, bare on port 80, and the machine’s names on a wildcard bind', () => {
  expect(allowedHosts('192.168.1.5', 3000)).toContain('192.168.1.5:3000');
  expect([...allowedHosts('tutor.local', 80)]).toEqual(
    expect.arrayContaining(['tutor.local', 'tutor.local:80', 'localhost', 'localhost:80']),
  );
  expect(allowedHosts('::1', 3000)).toContain('[::1]:3000');
  const name = `${hostname().toLowerCase()}:3000`;
  if (name !== 'localhost:3000') expect(allowedHosts('127.0.0.1', 3000)).not.toContain(name);
  const wildcard = allowedHosts('0.0.0.0', 3000);
  expect(wildcard).toContain(name);
  expect(wildcard).not.toContain('0.0.0.0:3000');
});
