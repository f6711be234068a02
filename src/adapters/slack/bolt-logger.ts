/**
 * Bolt, its Web API client and the Socket Mode client log through this, so their lines land in
 * the project's pino logger (one format, secrets redacted) instead of a separate console.
 */
import { LogLevel, type Logger } from '@slack/bolt';
import { inspect } from 'node:util';
import { logger } from '../../logger.js';

const fromPino = (level: string): LogLevel =>
  level === 'debug' || level === 'trace'
    ? LogLevel.DEBUG
    : level === 'info'
      ? LogLevel.INFO
      : level === 'warn'
        ? LogLevel.WARN
        : LogLevel.ERROR;

/** Slack tokens inside Bolt's messages (pino redacts by key; these are inside text). */
const TOKEN = /\bxox[a-z]-[A-Za-z0-9-]+/g;
/** The Web API's debug lines print request bodies: oauth.v2.access's has the client secret. */
const CLIENT_SECRET = /(client_secret\\?"?\s*[:=]\s*\\?"?)[^"\\&,\s}]+/g;

const format = (msg: unknown[]): string =>
  msg
    .map((m) => (typeof m === 'string' ? m : inspect(m, { depth: 3, breakLength: Infinity })))
    .join(' ')
    .replace(TOKEN, (t) => `${t.slice(0, 5)}[redacted]`)
    .replace(CLIENT_SECRET, '$1[redacted]');

export function boltLogger(name = 'slack'): Logger {
  let component = name;
  // `logger` is read at call time, so a logger swapped in by tests (setLogger) is honoured.
  return {
    debug: (...msg) => logger.debug({ component }, format(msg)),
    info: (...msg) => logger.info({ component }, format(msg)),
    warn: (...msg) => logger.warn({ component }, format(msg)),
    error: (...msg) => logger.error({ component }, format(msg)),
    // Bolt sets INFO by default; pino's LOG_LEVEL stays in charge instead.
    setLevel: () => {},
    getLevel: () => fromPino(logger.level),
    setName: (next) => {
      component = `slack:${next}`;
    },
  };
}
