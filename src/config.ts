/**
 * Configuration, read and validated once at start-up. A bad value stops the bot with a
 * message naming the variable, never a stack trace.
 */
import { z } from 'zod';
import { checkPostgresUrl, isPostgresUrl } from './store/database-url.js';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const url = (name: string) =>
  optionalText.refine((v) => v === undefined || /^(https?|wss?):\/\//.test(v), {
    message: `${name} must be an http(s) URL`,
  });

export const configSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d{5,25}$/.test(v), {
    message: 'must be the numeric application id from the Discord developer portal',
  }),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{5,25}$/.test(v), {
    message: 'must be a numeric server id',
  }),
  DISCORD_API_URL: url('DISCORD_API_URL'),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'must be a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token starting with xapp-',
  }),
  SLACK_API_URL: url('SLACK_API_URL'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  // A file path or sqlite:PATH (the default), or postgres://user:pass@host:port/db.
  DATABASE_URL: optionalText.superRefine((v, ctx) => {
    const wrong = v !== undefined && isPostgresUrl(v) ? checkPostgresUrl(v) : undefined;
    if (wrong) ctx.addIssue({ code: 'custom', message: wrong });
  }),
  // Connections each instance keeps to PostgreSQL (default 10).
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLAYGROUND: optionalText,
  // GET /metrics on the main server (1), or on a port of its own (METRICS_PORT): never public by default.
  METRICS: optionalText.refine((v) => v === undefined || /^(1|0|true|false)$/i.test(v), {
    message: 'must be 1 or 0',
  }),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Config = z.infer<typeof configSchema> & {
  discord: boolean;
  slack: boolean;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(
      `Invalid configuration — fix these environment variables:\n  ${lines.join('\n  ')}`,
    );
  }
  const c = parsed.data;
  const pairs: [string, string | undefined, string, string | undefined][] = [
    ['DISCORD_TOKEN', c.DISCORD_TOKEN, 'DISCORD_APPLICATION_ID', c.DISCORD_APPLICATION_ID],
    ['SLACK_BOT_TOKEN', c.SLACK_BOT_TOKEN, 'SLACK_SIGNING_SECRET', c.SLACK_SIGNING_SECRET],
  ];
  for (const [a, av, b, bv] of pairs) {
    if ((av === undefined) !== (bv === undefined)) {
      const missing = av === undefined ? a : b;
      throw new ConfigError(
        `Invalid configuration — ${missing} is missing: ${a} and ${b} are needed together.`,
      );
    }
  }
  if (c.SLACK_APP_TOKEN && !c.SLACK_BOT_TOKEN) {
    throw new ConfigError(
      'Invalid configuration — SLACK_APP_TOKEN (Socket Mode) also needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.',
    );
  }
  return { ...c, discord: c.DISCORD_TOKEN !== undefined, slack: c.SLACK_BOT_TOKEN !== undefined };
}
