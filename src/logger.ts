/**
 * The process logger: pino, pretty-printed in a terminal and JSON otherwise (so log
 * collectors get one object per line). Secrets are redacted by key wherever they appear.
 */
import pino from 'pino';
import { currentRequest } from './request-context.js';

const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
];

export function createLogger(
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
) {
  const pretty = !destination && process.stdout.isTTY && process.env.NODE_ENV !== 'test';
  const options: pino.LoggerOptions = {
    level,
    // Every line logged while handling a command or click names its request.
    mixin: () => {
      const id = currentRequest()?.id;
      return id ? { reqId: id } : {};
    },
    redact: {
      paths: [
        ...SECRET_KEYS,
        ...SECRET_KEYS.map((k) => `*.${k}`),
        'headers.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  if (pretty)
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss' } },
    });
  return pino(options);
}

export let logger = createLogger();

/** Swap the logger (tests capture logs to scan them for secrets). */
export function setLogger(next: pino.Logger): void {
  logger = next;
}
