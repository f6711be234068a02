import { describe, expect, it } from 'vitest';
import { ConfigError, discordSharding, loadConfig } from '../../src/config.js';

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

  const discord = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '110000000000000001' };
  it.each([
    [{ DISCORD_SHARDS: 'auto' }, { shards: 'auto' }],
    [
      { DISCORD_SHARDS: ' 0, 1 ', DISCORD_SHARD_COUNT: '4' },
      { shards: [0, 1], shardCount: 4 },
    ],
    [{ DISCORD_SHARD_COUNT: '3' }, { shards: [0, 1, 2], shardCount: 3 }],
    [{}, {}],
  ])('gives discord.js the shards of %j', (env, expected) => {
    expect(discordSharding(loadConfig({ ...discord, ...env }))).toEqual(expected);
  });
  it.each([
    [
      { DISCORD_SHARDS: 'one,two' },
      /^Invalid[^\n]*\n {2}DISCORD_SHARDS: must be auto or shard ids[^\n]*"one,two"/,
    ],
    [{ DISCORD_SHARDS: '0,0', DISCORD_SHARD_COUNT: '2' }, /DISCORD_SHARDS: lists a shard id twice/],
    [{ DISCORD_SHARDS: '0,1' }, /DISCORD_SHARDS=0,1 also needs DISCORD_SHARD_COUNT/],
    [
      { DISCORD_SHARDS: 'auto', DISCORD_SHARD_COUNT: '2' },
      /DISCORD_SHARD_COUNT=2 cannot be used with DISCORD_SHARDS=auto/,
    ],
    [
      { DISCORD_SHARDS: '1,2', DISCORD_SHARD_COUNT: '2' },
      /names shard 2, but shard ids run from 0 to 1/,
    ],
    [{ DISCORD_SHARD_COUNT: '0' }, /DISCORD_SHARD_COUNT: must be the total number of shards/],
  ])('names the shard variable in %j', (env, pattern) => {
    expect(() => loadConfig({ ...discord, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...discord, ...env })).toThrow(pattern);
  });

  const oauth = {
    SLACK_CLIENT_ID: '1234567890.9876543210',
    SLACK_CLIENT_SECRET: 'client-secret-value',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
    SLACK_SIGNING_SECRET: 'signing',
  };
  it('enables Slack with the OAuth variables and no bot token', () => {
    expect(loadConfig(oauth).slack).toBe(true);
  });
  it.each([
    [
      { SLACK_STATE_SECRET: undefined },
      /SLACK_STATE_SECRET is missing: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are needed together/,
    ],
    [
      { SLACK_CLIENT_SECRET: undefined, SLACK_STATE_SECRET: undefined },
      /SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are missing/,
    ],
    [{ SLACK_CLIENT_ID: 'abc' }, /SLACK_CLIENT_ID: must be the Client ID/],
    [{ SLACK_STATE_SECRET: 'short' }, /SLACK_STATE_SECRET: must be a random string of at least 16/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set/],
    [{ SLACK_SIGNING_SECRET: undefined }, /SLACK_SIGNING_SECRET is missing: Slack OAuth/],
    [
      { SLACK_APP_TOKEN: 'xapp-1' },
      /SLACK_APP_TOKEN \(Socket Mode\) cannot be used with Slack OAuth/,
    ],
  ])('names the Slack OAuth variable in %j', (env, pattern) => {
    const merged = { ...oauth, ...env };
    expect(() => loadConfig(merged)).toThrow(ConfigError);
    expect(() => loadConfig(merged)).toThrow(pattern);
  });
  it('never prints the OAuth secrets it rejects', () => {
    expect(() => loadConfig({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).not.toThrow(
      /client-secret-value|state-secret/,
    );
  });
});
