/**
 * Hostile input through the real discord.js client against the fake Discord: INTERACTION_CREATE
 * with random typed options (and autocomplete with random partial text). Every interaction gets
 * exactly one callback, and every message the bot sends carries allowed_mentions { parse: [] }.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { discordName } from '../../src/adapters/discord/register.js';
import { Cooldown } from '../../src/runtime/index.js';
import { createLogger, setLogger } from '../../src/logger.js';
import { optionSpecs } from '../../commands/schema.js';
import { startBot } from '../fakes/discord/bot.js';
import {
  bodyOf,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import { discordOptions, FUZZED, hostileText, INJECTIONS } from './helpers.js';

let fake: FakeDiscord;
let bot: DiscordBot;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
const logs: string[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  setLogger(createLogger('warn', { write: (line: string) => void logs.push(line) }));
  fake = await startFakeDiscord();
  bot = await startBot(fake, {
    commands: FUZZED,
    cooldown: new Cooldown({ limit: 1e9, windowMs: 1000 }),
    deferAfterMs: 500,
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await bot?.stop();
  await fake?.close();
});

/** A call that carries a message (callbacks with data, edits, follow-ups, channel posts). */
function messageBody(call: RecordedCall): Record<string, unknown> | undefined {
  const body = bodyOf(call);
  if (call.path.endsWith('/callback')) {
    const data = body.data as Record<string, unknown> | undefined;
    return data && ('content' in data || 'embeds' in data || 'components' in data)
      ? data
      : undefined;
  }
  if (call.method === 'PATCH' || (call.method === 'POST' && !call.path.startsWith('/users/')))
    return body;
  return undefined;
}

let seq = 0;
const user = () => `17${String(++seq).padStart(17, '0')}`;

it('every fuzzed interaction gets one callback and no message can ping', async () => {
  const ids: { id: string; label: string }[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc
        .constantFrom(...FUZZED)
        .chain((c) =>
          fc.record({ name: fc.constant(discordName(c.name)), options: discordOptions(c) }),
        ),
      async ({ name, options }) => {
        const renamed = Object.fromEntries(
          Object.entries(options).map(([k, v]) => [discordName(k), v]),
        );
        ids.push({
          id: fake.command(name, renamed, { userId: user() }),
          label: `/${name} ${JSON.stringify(options)}`,
        });
      },
    ),
    { numRuns: 80 },
  );
  // Autocomplete with hostile partial text, on every option of every command.
  const focusable = FUZZED.flatMap((c) => optionSpecs(c).map((s) => [c, s] as const));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...focusable), hostileText, async ([c, s], typed) => {
      ids.push({
        id: fake.autocomplete(discordName(c.name), discordName(s.name), typed),
        label: `autocomplete ${c.name}.${s.name} ${JSON.stringify(typed)}`,
      });
    }),
    { numRuns: 40 },
  );
  // Each injection as a string option of a public chart command, and as a button id.
  for (const injection of INJECTIONS) {
    ids.push({
      id: fake.command('models', { name: injection }, { userId: user() }),
      label: injection,
    });
    ids.push({
      id: fake.click(`models:${injection}`.slice(0, 100), undefined, user()),
      label: `click ${injection}`,
    });
  }

  const callbacked = (id: string) =>
    fake.callsFor(id).some((c) => c.path.endsWith('/callback') && c.status < 300);
  const deadline = Date.now() + 20_000;
  while (!ids.every((i) => callbacked(i.id)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  expect(ids.filter((i) => !callbacked(i.id)).map((i) => i.label)).toEqual([]);
  // Let deferred answers finish (edits, follow-ups).
  await new Promise((r) => setTimeout(r, 1000));

  for (const { id, label } of ids) {
    const calls = fake.callsFor(id);
    const acks = calls.filter((c) => c.path.endsWith('/callback') && c.status < 300);
    expect(acks, label).toHaveLength(1);
    expect(
      calls.filter((c) => c.status >= 400).map((c) => `${c.method} ${c.path} ${c.status}`),
      label,
    ).toEqual([]);
  }
  const messages = fake.calls.map((c) => [c, messageBody(c)] as const).filter(([, b]) => b);
  expect(messages.length).toBeGreaterThan(40);
  for (const [call, body] of messages) {
    expect(body!.allowed_mentions, `${call.method} ${call.path}`).toEqual({ parse: [] });
  }
  expect(logs.filter((l) => /interaction failed|command failed/.test(l))).toEqual([]);
  expect(unhandled).toEqual([]);
});
