/**
 * What stands between the network and Bolt's HTTPReceiver on POST /slack/events:
 *   1. the body is capped before it is buffered (Content-Length up front, bytes counted while
 *      streaming: 413), so unsigned megabytes cost nothing;
 *   2. the signature is checked here too, with the 5-minute window on both sides (Bolt only
 *      refuses old timestamps, not ones from the future): 401;
 *   3. the parsed body must be an object (Bolt 5.1 throws outside any catch on `payload=null`
 *      or a JSON `null`, which takes the process down): 400;
 *   4. a signed body already seen within its window (a replay, or Slack's retry with
 *      X-Slack-Retry-Num) is acknowledged and not run again.
 * Bolt then gets the buffered body (`rawBody`, which it reuses) and checks the signature again.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { logger } from '../../logger.js';

/** Slack's own payloads are a few kB; a full modal view stays well under this. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Slack's signature window: a timestamp further than this from now (either way) is refused. */
export const SIGNATURE_WINDOW_S = 5 * 60;
/** Signed bodies remembered for replay detection (each only until its window closes). */
const MAX_REMEMBERED = 20_000;

export interface IngressOptions {
  signingSecret: string;
  maxBytes?: number;
  now?: () => number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

class TooLarge extends Error {}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

function answer(res: ServerResponse, status: number, text: string, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/** Read the body, refusing (TooLarge) as soon as it passes `max` bytes. The stream is paused,
 *  not destroyed, so the 413 still reaches the client before the connection closes. */
function readCapped(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', done).off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else {
        req.pause();
        done(new TooLarge());
      }
    };
    const onEnd = () => done();
    const onClose = () => done(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    req.on('data', onData).on('end', onEnd).on('error', done).on('close', onClose);
  });
}

/** Parse the body exactly as Bolt's HTTPReceiver will (`parseHTTPRequestBody`). */
function parseLikeBolt(req: IncomingMessage, raw: Buffer): unknown {
  const text = raw.toString();
  if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
    const form = parseQuery(text);
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(text);
}

const isSslCheck = (req: IncomingMessage, raw: Buffer): boolean =>
  req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
  parseQuery(raw.toString()).ssl_check === '1';

function signatureValid(secret: string, ts: string, body: Buffer, given: string): boolean {
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex')}`,
  );
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Wrap Bolt's request listener with the checks above. */
export function guardSlackRequests(bolt: Handler, options: IngressOptions): Handler {
  const max = options.maxBytes ?? MAX_BODY_BYTES;
  const now = options.now ?? Date.now;
  /** sha256 of a signed body → when its signature window closes (ms). */
  const seen = new Map<string, number>();

  const remember = (key: string, until: number): boolean => {
    const t = now();
    for (const [k, expiry] of seen) {
      if (expiry > t && seen.size < MAX_REMEMBERED) break;
      seen.delete(k);
    }
    const known = seen.get(key);
    if (known !== undefined && known > t) return false;
    seen.set(key, until);
    return true;
  };

  /** The timestamp header, if it is within the window; `undefined` if missing, `false` if not. */
  const timestamp = (req: IncomingMessage): number | undefined | false => {
    const raw = header(req, 'x-slack-request-timestamp');
    if (raw === undefined) return undefined;
    const ts = Number(raw);
    if (!Number.isInteger(ts)) return false;
    return Math.abs(now() / 1000 - ts) <= SIGNATURE_WINDOW_S ? ts : false;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      logger.warn({ bytes: declared }, 'slack: request body over the limit refused unread');
      answer(res, 413, `Request body too large: ${declared} bytes (limit ${max}).`, true);
      req.resume();
      return;
    }
    const ts = timestamp(req);
    if (ts === false) {
      // Old or future timestamps are refused before the body is read.
      answer(res, 401, 'Request timestamp missing, malformed or outside the 5-minute window.');
      req.resume();
      return;
    }
    let raw: Buffer;
    try {
      raw = await readCapped(req, max);
    } catch (error) {
      if (!(error instanceof TooLarge)) throw error;
      logger.warn('slack: streamed request body over the limit; refused');
      answer(res, 413, `Request body too large (limit ${max} bytes).`, true);
      return;
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    // ssl_check needs no signature; Bolt answers it (and strips anything smuggled with it).
    if (isSslCheck(req, raw)) return bolt(req, res);
    const signature = header(req, 'x-slack-signature');
    if (
      ts === undefined ||
      !signature ||
      !signatureValid(options.signingSecret, String(ts), raw, signature)
    ) {
      answer(res, 401, 'Missing or invalid Slack signature.');
      return;
    }
    let body: unknown;
    let got: string | undefined;
    try {
      body = parseLikeBolt(req, raw);
      if (body === null) got = 'null';
      else if (Array.isArray(body)) got = 'an array';
      else if (typeof body !== 'object') got = `a ${typeof body}`;
    } catch {
      got = 'text that is not valid JSON';
    }
    if (got) {
      logger.warn({ got }, 'slack: signed request with a body that is not an object; refused');
      answer(
        res,
        400,
        `Expected a JSON object (a form field \`payload={…}\`, or form fields, or a JSON body); received ${got}.`,
      );
      return;
    }
    const key = createHash('sha256').update(raw).digest('hex');
    if (!remember(key, (ts + SIGNATURE_WINDOW_S) * 1000)) {
      logger.info(
        { retry: header(req, 'x-slack-retry-num') },
        'slack: a request already handled was sent again; acknowledged, not run',
      );
      answer(res, 200, '');
      return;
    }
    // Failed on our side: Slack's retry of it should run, not be taken for a replay.
    res.once('finish', () => {
      if (res.statusCode >= 500) seen.delete(key);
    });
    bolt(req, res);
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A client that hangs up mid-body is not our failure.
      if (req.destroyed || (error as { code?: string }).code === 'ECONNRESET') {
        logger.debug({ err: error }, 'slack: request aborted by the client');
        return;
      }
      logger.error({ err: error }, 'slack: request guard failed');
      answer(res, 500, 'Internal error');
    });
  };
}
