import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('defaults to the playground on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      discord: false,
      slack: false,
      LOG_LEVEL: 'info',
    });
  });
  it('treats empty values (as in a copied .env.example) as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '  ' }).discord).toBe(false);
  });
  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ DISCORD_TOKEN: 'x' }, /DISCORD_APPLICATION_ID is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is missing/],
    [
      { SLACK_BOT_TOKEN: 'nope', SLACK_SIGNING_SECRET: 's' },
      /SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/,
    ],
    [{ DISCORD_API_URL: 'discord.local' }, /DISCORD_API_URL/],
    [{ METRICS: 'yes please' }, /METRICS: must be 1 or 0/],
    [{ METRICS_PORT: 'nine' }, /METRICS_PORT/],
    [
      { DATABASE_URL: 'postgres://tutor:s3cret@db.local' },
      /DATABASE_URL: names no database \(got postgres:\/\/tutor:\*\*\*@db\.local/,
    ],
    [{ DATABASE_URL: 'postgres://tutor:s3cret@:5432/x' }, /DATABASE_URL: is not a valid URL/],
    [{ DATABASE_POOL_MAX: '0' }, /DATABASE_POOL_MAX/],
  ])('names the bad variable in %j', (env, pattern) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(pattern);
    expect(() => loadConfig(env)).not.toThrow(/s3cret/);
  });
});
