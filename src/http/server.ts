/**
 * The bot's one HTTP server: Slack events, GET /healthz and the playground share it.
 * Adapters add routes; the first route whose method and path match handles the request.
 *
 * Every request runs under a request id (`x-request-id`, and in any log line its work
 * writes). A request target that is not a URL gets 400 before any route sees it.
 *
 * DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 talks to this
 * server as its own origin, but its requests still say `Host: evil.example`. So requests must
 * name a host this server is bound to (127.0.0.1, localhost, [::1], the configured HOST, with
 * the port), or get 421. Paths in `anyHost` skip the check: Slack events arrive through
 * proxies under a public name and are authenticated by their signature, and /healthz is
 * probed by load balancers by address and reveals nothing private.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../logger.js';
import { observeAck } from '../metrics/index.js';
import { inRequest } from '../request-context.js';
import { allowedHosts } from './hosts.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: string;
  /** Exact path, or a prefix ending in `/` (e.g. `/assets/`); `/` itself is exact. */
  path: string;
  handler: Handler;
}

export interface HttpServerOptions {
  /** Exact paths answered whatever the Host header says (see above for why). */
  anyHost?: readonly string[];
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };

export class HttpServer {
  private readonly routes: Route[] = [];
  private readonly anyHost: Set<string>;
  private hosts: ReadonlySet<string> = new Set();
  readonly server: Server;

  constructor(options: HttpServerOptions = {}) {
    this.anyHost = new Set(options.anyHost ?? []);
    // Each request gets a request id for its logs (sent back as x-request-id); an adapter that
    // claims it (Slack) has its response timed as the platform's ack.
    this.server = createServer(
      (req, res) =>
        void inRequest((ctx) => {
          res.setHeader('x-request-id', ctx.id);
          res.once('finish', () => observeAck(ctx));
          return this.handle(req, res, ctx.id);
        }),
    );
  }

  /** `anyHost`: answered whatever the Host header says (a public route such as Slack's install page). */
  route(method: string, path: string, handler: Handler, options: { anyHost?: boolean } = {}): void {
    this.routes.push({ method: method.toUpperCase(), path, handler });
    if (options.anyHost) this.anyHost.add(path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse, reqId: string): Promise<void> {
    let path = '(unparsed)';
    try {
      const parsed = parsePath(req.url);
      if (parsed === undefined) {
        return plain(res, 400, `Bad request: the request target is not a valid URL path.`);
      }
      path = parsed;
      if (!this.anyHost.has(path) && !this.hosts.has((req.headers.host ?? '').toLowerCase())) {
        const sent = JSON.stringify((req.headers.host ?? '(none)').slice(0, 100));
        const example = this.hosts.values().next().value ?? '127.0.0.1';
        return plain(
          res,
          421,
          `Misdirected request: this server answers only to its own host names ` +
            `(e.g. Host: ${example}); received Host: ${sent}.`,
        );
      }
      const route = this.routes.find(
        (r) =>
          (r.method === req.method || (r.method === 'GET' && req.method === 'HEAD')) &&
          (r.path === path ||
            (r.path.length > 1 && r.path.endsWith('/') && path.startsWith(r.path))),
      );
      if (route) await route.handler(req, res);
      else plain(res, 404, 'Not found');
    } catch (error) {
      logger.error({ err: error, path, reqId }, 'HTTP handler failed');
      if (!res.headersSent) res.writeHead(500, TEXT);
      res.end(`Internal error (ref ${reqId})`);
    }
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address() as AddressInfo;
        this.hosts = allowedHosts(host, address.port);
        resolve(address);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }
}

/** The path of a request target, or undefined when it is not a URL (`//%`, `http://[/`). */
function parsePath(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, TEXT);
  res.end(text);
}
