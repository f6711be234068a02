/** A local HTTP server standing in for a platform's file CDN: serves bytes, counts requests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileServer {
  url(name: string): string;
  put(name: string, body: Uint8Array | string): void;
  requests: { path: string; authorization?: string }[];
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, Uint8Array>();
  const requests: FileServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ path, authorization: req.headers.authorization });
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(Buffer.from(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    put: (name, body) => files.set(`/${name}`, typeof body === 'string' ? Buffer.from(body) : body),
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
