/**
 * Malformed request lines over a raw socket to the real HttpServer: each gets a 400 (not a
 * crash), and the server still answers /healthz afterwards.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HttpServer } from '../../src/http/server.js';

let http: HttpServer;
let port: number;

beforeAll(async () => {
  http = new HttpServer();
  http.route('GET', '/healthz', (_req, res) => void res.end('ok'));
  port = (await http.listen(0, '127.0.0.1')).port;
});
afterAll(async () => {
  await http?.close();
});

/** Send `request` as is and return everything the server writes until it closes. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    socket.setTimeout(3000, () => {
      socket.destroy();
      reject(new Error(`no complete answer in 3 s; got: ${JSON.stringify(data)}`));
    });
    socket.write(request);
  });
}

const TARGETS = ['//%', '//:99999/', 'http://[/', '//%zz/x', 'http://a:b@[::1/'];

it.each(TARGETS)('GET %s answers 400 and the server keeps serving', async (target) => {
  const answer = await raw(
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  );
  expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  expect(answer).toContain('request target');
  const health = await raw(
    `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  );
  expect(health).toMatch(/^HTTP\/1\.1 200 /);
  expect(health).toMatch(/\r\n\r\nok$/);
});

it('survives a burst of malformed lines on one keep-alive connection', async () => {
  const line = (t: string) => `GET ${t} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
  const answer = await raw(
    TARGETS.map(line).join('') +
      line('/healthz').replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'),
  );
  expect(answer.match(/HTTP\/1\.1 400 /g)).toHaveLength(TARGETS.length);
  expect(answer).toMatch(/HTTP\/1\.1 200 [^]*ok$/);
});
