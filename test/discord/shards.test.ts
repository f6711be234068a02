/**
 * discord.js's own sharding against the fake gateway: every shard identifies with its own
 * [id, count], gets only its guilds' events (as on Discord), and answers them. Also the guild
 * lifecycle hook: removed on a real GuildDelete, not on an outage; returned on a join.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import type { ServerLifecycle } from '../../src/adapters/contract.js';
import { discordSharding, loadConfig } from '../../src/config.js';
import { createLogger, setLogger } from '../../src/logger.js';
import { startBot } from '../fakes/discord/bot.js';
import { shardOf } from '../fakes/discord/gateway.js';
import { IDS, payloads, startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';

setLogger(createLogger('silent'));

/** A second guild whose events Discord sends to shard 0 of 2 (IDS.guild is on shard 1). */
const GUILD_ON_0 = String(BigInt(IDS.guild) - (1n << 22n));

let fake: FakeDiscord | undefined;
const bots: DiscordBot[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  await fake?.close();
  fake = undefined;
});

async function twoGuildFake(): Promise<FakeDiscord> {
  fake = await startFakeDiscord();
  fake.guilds = [IDS.guild, GUILD_ON_0];
  // Discord gives large bots a higher concurrency; with 1, discord.js waits 5 s per shard.
  fake.maxConcurrency = 16;
  return fake;
}

/** Dispatch /optimal in a guild and wait for its interaction callback. */
async function answered(f: FakeDiscord, guildId: string): Promise<number> {
  const id = f.command('optimal', { compute: '6e22' }, { guildId });
  const call = await f.waitFor(
    (c) => c.path.startsWith(`/interactions/${id}/`) && c.method === 'POST',
    5000,
    `the answer to /optimal in guild ${guildId}`,
  );
  return call.status;
}

describe('Discord shards', () => {
  test('the fake routes the two test guilds to different shards', () => {
    expect([shardOf(GUILD_ON_0, 2), shardOf(IDS.guild, 2)]).toEqual([0, 1]);
  });

  test('one process running shards 0 and 1 of 2: each identifies as itself, both answer', async () => {
    const f = await twoGuildFake();
    const bot = await startBot(f, discordSharding(loadShards('0,1', '2')));
    bots.push(bot);
    expect(f.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(f.gateway.shards).toEqual([0, 1]);
    expect(bot.client.guilds.cache.get(GUILD_ON_0)?.shardId).toBe(0);
    expect(bot.client.guilds.cache.get(IDS.guild)?.shardId).toBe(1);
    // Each interaction reaches exactly one connection (its guild's shard) and is answered.
    expect(await answered(f, GUILD_ON_0)).toBeLessThan(300);
    expect(await answered(f, IDS.guild)).toBeLessThan(300);
  });

  test('split across two processes: shard 0 here, shard 1 there, each answers its guild', async () => {
    const f = await twoGuildFake();
    const first = await startBot(f, discordSharding(loadShards('0', '2')));
    bots.push(first);
    const second = await startBot(f, discordSharding(loadShards('1', '2')));
    bots.push(second);
    expect(f.gateway.identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...first.client.guilds.cache.keys()]).toEqual([GUILD_ON_0]);
    expect([...second.client.guilds.cache.keys()]).toEqual([IDS.guild]);
    expect(await answered(f, GUILD_ON_0)).toBeLessThan(300);
    expect(await answered(f, IDS.guild)).toBeLessThan(300);
  });

  test('DISCORD_SHARDS=auto runs as many shards as Discord recommends', async () => {
    const f = await twoGuildFake();
    f.recommendedShards = 2;
    bots.push(await startBot(f, discordSharding(loadShards('auto'))));
    expect(f.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});

describe('Discord guild lifecycle', () => {
  test('removed on GuildDelete, not when the guild is only unavailable; returned on a join', async () => {
    const f = await twoGuildFake();
    const calls: string[] = [];
    const lifecycle: ServerLifecycle = {
      removed: async (platform, id) => void calls.push(`removed ${platform} ${id}`),
      returned: async (platform, id) => void calls.push(`returned ${platform} ${id}`),
    };
    const bot = await startBot(f, { ...discordSharding(loadShards('0,1', '2')), lifecycle });
    bots.push(bot);
    // Streamed in at login: not a join.
    expect(calls).toEqual([]);

    f.dispatch('GUILD_DELETE', { id: IDS.guild, unavailable: true });
    await until(() => bot.client.guilds.cache.get(IDS.guild)?.available === false);
    expect(calls).toEqual([]);

    f.dispatch('GUILD_DELETE', { id: GUILD_ON_0 });
    await until(() => calls.length === 1);
    expect(calls).toEqual([`removed discord ${GUILD_ON_0}`]);

    f.dispatch('GUILD_CREATE', payloads.guildCreate(GUILD_ON_0));
    await until(() => calls.length === 2);
    expect(calls[1]).toBe(`returned discord ${GUILD_ON_0}`);
  });
});

function loadShards(shards: string, count?: string) {
  return loadConfig({
    DISCORD_TOKEN: 'fake-bot-token',
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_SHARDS: shards,
    ...(count ? { DISCORD_SHARD_COUNT: count } : {}),
  });
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
