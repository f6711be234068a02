/**
 * The playground's static routes: the page (with this run's API token written in), its CSS,
 * JS and SVG assets, and rendered chart PNGs from the chart cache. `/assets/` and `/charts/`
 * are prefixes whose file names are checked against a strict pattern (no traversal).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { HttpServer } from '../../http/server.js';
import type { ChartCache } from './chart-cache.js';
import { PAGE_HEADERS, sendJson } from './http.js';
import { renderPage } from './render.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const ASSET_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

export function mountStatic(http: HttpServer, charts: ChartCache, token: string): void {
  http.route('GET', '/charts/', async (req, res) => {
    const id = /^\/charts\/([0-9a-f]{16})\.png$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const chart = id ? charts.get(id[1]!) : undefined;
    if (!chart) return sendJson(res, 404, { error: 'That chart is no longer kept.' });
    res.writeHead(200, {
      'content-type': 'image/png',
      'cache-control': 'private, max-age=86400, immutable',
      'x-content-type-options': 'nosniff',
    });
    res.end(chart.png);
  });

  http.route('GET', '/assets/', async (req, res) => {
    const name = /^\/assets\/([a-z][a-z0-9-]*\.(js|css|svg))$/.exec(
      new URL(req.url ?? '/', 'http://x').pathname,
    );
    const body = name ? await readFile(PUBLIC_DIR + name[1]).catch(() => undefined) : undefined;
    if (!name || !body) return sendJson(res, 404, { error: 'Not found' });
    res.writeHead(200, {
      'content-type': ASSET_TYPES[name[2]!]!,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  });

  const page = async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const template = await readFile(PUBLIC_DIR + 'index.html', 'utf8');
    res.writeHead(200, PAGE_HEADERS);
    res.end(renderPage(template, token));
  };
  // Both exact: other paths fall through to the server's 404.
  http.route('GET', '/', page);
  http.route('GET', '/index.html', page);
}
