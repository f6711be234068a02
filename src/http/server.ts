/**
 * The bot's one HTTP server: Slack events, GET /healthz and the playground share it.
 * Adapters add routes; the first route whose method and path match handles the request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../logger.js';
import { observeAck } from '../metrics/index.js';
import { inRequest } from '../request-context.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: string;
  /** Exact path, or a prefix ending in `/` (e.g. `/assets/`); `/` itself is exact. */
  path: string;
  handler: Handler;
}

export class HttpServer {
  private readonly routes: Route[] = [];
  readonly server: Server;

  constructor() {
    // Each request gets a request id for its logs; an adapter that claims it (Slack) has its
    // response timed as the platform's ack.
    this.server = createServer(
      (req, res) =>
        void inRequest((ctx) => {
          res.once('finish', () => observeAck(ctx));
          return this.handle(req, res);
        }),
    );
  }

  route(method: string, path: string, handler: Handler): void {
    this.routes.push({ method: method.toUpperCase(), path, handler });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = this.routes.find(
      (r) =>
        (r.method === req.method || (r.method === 'GET' && req.method === 'HEAD')) &&
        (r.path === path || (r.path.length > 1 && r.path.endsWith('/') && path.startsWith(r.path))),
    );
    try {
      if (route) await route.handler(req, res);
      else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found');
      }
    } catch (error) {
      logger.error({ err: error, path }, 'HTTP handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    }
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve(this.server.address() as AddressInfo));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }
}
