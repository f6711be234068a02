/** The adapter registry main.ts iterates: which adapters a configuration starts, and their names. */
import { describe, expect, it } from 'vitest';
import { enabledAdapters, type ChatAdapter } from '../../src/adapters/contract.js';
import { adapters } from '../../src/adapters/registry.js';
import { loadConfig } from '../../src/config.js';
import { platformName } from '../../src/interaction.js';

const names = (list: readonly ChatAdapter[]) => list.map((a) => a.name);
const DISCORD = { DISCORD_TOKEN: 'x'.repeat(60), DISCORD_APPLICATION_ID: '123456789012345678' };
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 's'.repeat(32) };

describe('adapter registry', () => {
  it('starts the adapters whose credentials are set, in registry order', () => {
    expect(names(enabledAdapters(adapters, loadConfig({ ...DISCORD })))).toEqual(['discord']);
    expect(names(enabledAdapters(adapters, loadConfig({ ...SLACK, ...DISCORD })))).toEqual([
      'discord',
      'slack',
    ]);
  });

  it('falls back to the playground when nothing else is configured, or when asked for', () => {
    expect(names(enabledAdapters(adapters, loadConfig({})))).toEqual(['playground']);
    expect(names(enabledAdapters(adapters, loadConfig({ ...SLACK, PLAYGROUND: '1' })))).toEqual([
      'slack',
      'playground',
    ]);
  });

  it('a new adapter is one registry entry: no union to edit', () => {
    const teams: ChatAdapter = {
      name: platformName('teams'),
      enabled: (c) => c.PLAYGROUND === 'teams',
      start: () => Promise.reject(new Error('not started in this test')),
    };
    const config = loadConfig({ PLAYGROUND: 'teams' });
    expect(names(enabledAdapters([...adapters, teams], config))).toEqual(['playground', 'teams']);
    expect(names(enabledAdapters([teams, ...adapters.slice(0, 2)], config))).toEqual(['teams']);
  });

  it('platform names are checked: the form the store keeps', () => {
    expect(platformName('teams')).toBe('teams');
    expect(() => platformName('Teams Bot')).toThrow(/lowercase letters.*"Teams Bot"/);
  });
});

describe('SDKs load only with their adapter', () => {
  it('a playground-only start loads neither discord.js nor Bolt', async () => {
    const { execFile } = await import('node:child_process');
    const script = `
      import { createRequire } from 'node:module';
      import { startBot } from './src/main.ts';
      import { loadConfig } from './src/config.ts';
      const bot = await startBot(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: ':memory:' }));
      const cache = Object.keys(createRequire(import.meta.url).cache);
      const loaded = (name) => cache.some((k) => k.includes('/node_modules/' + name + '/'));
      console.log(JSON.stringify({ adapters: bot.adapters, discord: loaded('discord.js'), bolt: loaded('@slack/bolt') }));
      await bot.stop();
      process.exit(0);`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: process.cwd(), env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 60_000 },
        (error, stdout, stderr) =>
          error ? reject(new Error(stderr || String(error))) : resolve(stdout),
      ),
    );
    const line = out.trim().split('\n').at(-1)!;
    expect(JSON.parse(line)).toEqual({ adapters: ['playground'], discord: false, bolt: false });
  }, 90_000);
});
