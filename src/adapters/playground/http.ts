/**
 * Request guards and small response helpers for the playground's API.
 *
 * The API accepts only requests from its own page. Three checks, each enough alone against
 * a page on another site: the browser's Sec-Fetch-Site must say same-origin, an Origin
 * header must name this host, and POSTs must carry the per-process token the page was
 * served with in a custom header (which a cross-site form cannot send and a cross-site
 * fetch cannot send without a CORS preflight this server never approves).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const BODY_LIMIT = 16 * 1024;
export const TOKEN_HEADER = 'x-playground-token';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Same-origin by the browser's own account; clients that send neither header pass. */
export function isSameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function hasToken(req: IncomingMessage, token: string): boolean {
  const sent = req.headers[TOKEN_HEADER];
  if (typeof sent !== 'string' || sent.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(token));
}

/** Read a JSON object body of at most `limit` bytes; `example` shows a good one in errors. */
export async function readJson(
  req: IncomingMessage,
  example: string,
  limit = BODY_LIMIT,
): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'Send JSON (content-type: application/json).');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `Request bodies are limited to ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // A chunked body has no declared length; stop reading as soon as it is too big.
    if (size > limit) throw new HttpError(413, `Request bodies are limited to ${limit} bytes.`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, `The body is not valid JSON. Send an object, e.g. ${example}.`);
  }
  // `null`, arrays and bare values parse, but have no fields to read.
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const kind = body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
    throw new HttpError(400, `The body must be a JSON object, e.g. ${example}; received ${kind}.`);
  }
  return body as Record<string, unknown>;
}

const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...NO_STORE, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Answer an HttpError (or rethrow anything else for the server's 500 handler). */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (!(error instanceof HttpError)) throw error;
  // An unread oversized body would otherwise keep the socket busy; close it after answering.
  if (error.status === 413) res.setHeader('connection', 'close');
  sendJson(res, error.status, { error: error.message });
  if (error.status === 413) req.resume();
}

/** Locks the page to its own files: no inline script, nothing from other origins, no framing. */
export const PAGE_HEADERS = {
  ...NO_STORE,
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
