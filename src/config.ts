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

/** `auto`, or shard ids like `0,1` (received as text: say what was wrong and what works). */
const shardList = optionalText.transform((v, ctx): 'auto' | number[] | undefined => {
  if (v === undefined) return undefined;
  if (v.toLowerCase() === 'auto') return 'auto';
  const parts = v.split(',').map((p) => p.trim());
  if (!parts.every((p) => /^\d+$/.test(p))) {
    ctx.addIssue({
      code: 'custom',
      message: `must be auto or shard ids separated by commas, e.g. 0,1 (received ${JSON.stringify(v)})`,
    });
    return z.NEVER;
  }
  const ids = parts.map(Number);
  if (new Set(ids).size !== ids.length) {
    ctx.addIssue({ code: 'custom', message: `lists a shard id twice (received ${v})` });
    return z.NEVER;
  }
  return ids;
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
  DISCORD_SHARDS: shardList,
  DISCORD_SHARD_COUNT: optionalText.refine((v) => v === undefined || /^[1-9]\d{0,5}$/.test(v), {
    message: 'must be the total number of shards, a whole number from 1, e.g. 4',
  }),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'must be a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token starting with xapp-',
  }),
  SLACK_API_URL: url('SLACK_API_URL'),
  // OAuth distribution to many workspaces (Basic Information → App Credentials).
  SLACK_CLIENT_ID: optionalText.refine((v) => v === undefined || /^\d+\.\d+$/.test(v), {
    message: 'must be the Client ID from Basic Information, two numbers joined by a dot',
  }),
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be a random string of at least 16 characters (e.g. openssl rand -hex 24)',
  }),
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
  // Days a server's data is kept after the bot is removed from it (0: deleted at the next sweep).
  DATA_GRACE_DAYS: z.coerce.number().min(0).max(365).default(7),
});

export type Config = z.infer<typeof configSchema> & {
  discord: boolean;
  slack: boolean;
};

/** Slack OAuth distribution (many workspaces) rather than one SLACK_BOT_TOKEN. */
export const slackOAuth = (c: Pick<Config, 'SLACK_CLIENT_ID'>): boolean =>
  c.SLACK_CLIENT_ID !== undefined;

/** discord.js Client options `shards` and `shardCount` from DISCORD_SHARDS / DISCORD_SHARD_COUNT. */
export function discordSharding(c: Pick<Config, 'DISCORD_SHARDS' | 'DISCORD_SHARD_COUNT'>): {
  shards?: 'auto' | number[];
  shardCount?: number;
} {
  const count = c.DISCORD_SHARD_COUNT === undefined ? undefined : Number(c.DISCORD_SHARD_COUNT);
  if (c.DISCORD_SHARDS === 'auto') return { shards: 'auto' };
  // A count alone: this process runs every shard, 0 … count-1.
  if (c.DISCORD_SHARDS === undefined)
    return count === undefined ? {} : { shards: [...Array(count).keys()], shardCount: count };
  return { shards: c.DISCORD_SHARDS, shardCount: count };
}

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
  shardProblem(c);
  slackOAuthProblem(c);
  const pairs: [string, string | undefined, string, string | undefined][] = [
    ['DISCORD_TOKEN', c.DISCORD_TOKEN, 'DISCORD_APPLICATION_ID', c.DISCORD_APPLICATION_ID],
    ['SLACK_BOT_TOKEN', c.SLACK_BOT_TOKEN, 'SLACK_SIGNING_SECRET', c.SLACK_SIGNING_SECRET],
  ];
  for (const [a, av, b, bv] of pairs) {
    // With OAuth the signing secret comes without a bot token (checked above).
    if (a === 'SLACK_BOT_TOKEN' && c.SLACK_CLIENT_ID) continue;
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
  return {
    ...c,
    discord: c.DISCORD_TOKEN !== undefined,
    slack: c.SLACK_BOT_TOKEN !== undefined || c.SLACK_CLIENT_ID !== undefined,
  };
}

const invalid = (line: string) => new ConfigError(`Invalid configuration — ${line}`);

function shardProblem(c: z.infer<typeof configSchema>): void {
  const ids = c.DISCORD_SHARDS;
  if (ids === 'auto' && c.DISCORD_SHARD_COUNT !== undefined)
    throw invalid(
      `DISCORD_SHARD_COUNT=${c.DISCORD_SHARD_COUNT} cannot be used with DISCORD_SHARDS=auto (auto asks Discord for the count): unset one, or list this process's shards, e.g. DISCORD_SHARDS=0,1 DISCORD_SHARD_COUNT=4.`,
    );
  if (Array.isArray(ids) && c.DISCORD_SHARD_COUNT === undefined)
    throw invalid(
      `DISCORD_SHARDS=${ids.join(',')} also needs DISCORD_SHARD_COUNT, the total number of shards across every process, e.g. DISCORD_SHARD_COUNT=4.`,
    );
  if (Array.isArray(ids)) {
    const count = Number(c.DISCORD_SHARD_COUNT);
    const outside = ids.filter((id) => id >= count);
    if (outside.length > 0)
      throw invalid(
        `DISCORD_SHARDS=${ids.join(',')} names shard ${outside.join(', ')}, but shard ids run from 0 to ${count - 1} with DISCORD_SHARD_COUNT=${count}.`,
      );
  }
}

function slackOAuthProblem(c: z.infer<typeof configSchema>): void {
  const trio = {
    SLACK_CLIENT_ID: c.SLACK_CLIENT_ID,
    SLACK_CLIENT_SECRET: c.SLACK_CLIENT_SECRET,
    SLACK_STATE_SECRET: c.SLACK_STATE_SECRET,
  };
  const set = Object.entries(trio).filter(([, v]) => v !== undefined);
  if (set.length === 0) return;
  const missing = Object.keys(trio).filter((k) => trio[k as keyof typeof trio] === undefined);
  if (missing.length > 0)
    throw invalid(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are needed together for Slack OAuth.`,
    );
  if (c.SLACK_BOT_TOKEN)
    throw invalid(
      'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: use SLACK_BOT_TOKEN for one workspace, or the SLACK_CLIENT_* variables for many (each workspace gets its own token when it installs the app), not both.',
    );
  if (!c.SLACK_SIGNING_SECRET)
    throw invalid('SLACK_SIGNING_SECRET is missing: Slack OAuth also needs it to verify requests.');
  if (c.SLACK_APP_TOKEN)
    throw invalid(
      'SLACK_APP_TOKEN (Socket Mode) cannot be used with Slack OAuth: apps for many workspaces run in HTTP mode (unset SLACK_APP_TOKEN).',
    );
}
