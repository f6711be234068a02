/**
 * Staff on Discord through the real discord.js client against the fake Discord: Manage Server
 * may change settings; an ordinary member is refused until the server's TA role is set and
 * the member carries it (the roles come with the interaction). A quiz round started by a
 * member with a server nickname is started under that nickname.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { Cooldown } from '../../src/runtime/index.js';
import { buildEngines, type Engines } from '../../src/services.js';
import { openStore } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import {
  bodyOf,
  IDS,
  payloads,
  startFakeDiscord,
  type FakeDiscord,
} from '../fakes/discord/index.js';
import { FakeClock } from '../quiz/fakes.js';

let fake: FakeDiscord;
let bot: DiscordBot;
let engines: Engines;
const clock = new FakeClock();
const TA_ROLE = IDS.taRole;
const MANAGER = payloads.MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;
const uid = (n: number) => `16${String(n).padStart(17, '0')}`;

beforeAll(async () => {
  fake = await startFakeDiscord();
  const store = await openStore(':memory:');
  const ready: { engines?: Engines } = {};
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: {
      quiz: async () => ready.engines?.quiz,
      flashcards: async () => ready.engines?.flashcards,
      settings: async () => ready.engines?.settings,
    },
  });
  engines = buildEngines(store, {
    messengers: { discord: bot.messenger },
    ...clock.deps,
  });
  ready.engines = engines;
});
afterAll(async () => {
  engines?.quiz.close();
  await engines?.quiz.idle();
  await engines?.store.close();
  await bot?.stop();
  await fake?.close();
});

/** Run a command and return its (private) answer's JSON text. */
async function run(
  name: string,
  options: Record<string, payloads.OptionValue>,
  extra: { userId: string; memberPermissions?: bigint; roles?: string[]; nick?: string },
): Promise<string> {
  const id = fake.command(name, options, extra);
  const token = () => fake.interactions.get(id)!.token;
  const ack = await fake.waitFor(
    (c) => c.path === `/interactions/${id}/${token()}/callback` && c.status < 300,
    10_000,
    `callback of ${id}`,
  );
  if (bodyOf(ack).type === 4) return JSON.stringify(ack.body);
  const edit = await fake.waitFor(
    (c) => c.method === 'PATCH' && c.path.endsWith(`/${token()}/messages/@original`),
    10_000,
    `the answer to ${id}`,
  );
  return JSON.stringify(edit.body);
}

const settings = () => engines.settings.get('discord', IDS.guild);

describe('staff on Discord', () => {
  it('Manage Server sets the TA role; a member with it may change settings, one without may not', async () => {
    const student = { userId: uid(2) };
    expect(
      await run('settings', { action: 'set', setting: 'quizSeconds', value: '20' }, student),
    ).toContain('TAs only');
    expect(
      await run(
        'settings',
        { action: 'set', setting: 'taRole', value: `<@&${TA_ROLE}>` },
        { userId: uid(1), memberPermissions: MANAGER },
      ),
    ).toContain('taRole is now');
    expect((await settings()).taRole).toBe(TA_ROLE);
    expect(
      await run('settings', { action: 'set', setting: 'quizSeconds', value: '20' }, student),
    ).toContain('TAs only');
    const ta = { userId: uid(3), roles: ['999', TA_ROLE] };
    expect(
      await run('settings', { action: 'set', setting: 'quizSeconds', value: '20' }, ta),
    ).toContain('quizSeconds is now 20 s');
    expect((await settings()).quizSeconds).toBe(20);
  });

  it('a round started by a member with a server nickname carries the nickname', async () => {
    await run('quiz', { count: 1 }, { userId: uid(4), nick: 'Nicky' });
    const round = await engines.quiz.repo.runningInChannel('discord', IDS.channel);
    expect(round?.starter_name).toBe('Nicky');
    expect(round?.seconds).toBe(20); // the server's quizSeconds
  });
});
