/**
 * Request ids: every log line of one command or click carries the same `reqId`, and the
 * "something went wrong (ref …)" a user sees is that id. Real Bolt (HTTP) and discord.js
 * against the fakes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand, type AnyCommand } from '../../commands/define.js';
import { logger } from '../../src/logger.js';
import { startBot as startDiscordBot, tinyRenderer } from '../fakes/discord/bot.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';
import { captureLogs, startHarness, type Harness } from '../fakes/slack/harness.js';
import type { DiscordBot } from '../../src/adapters/discord/index.js';

/** Logs a line on the way (as real commands do), then fails. */
const broken = defineCommand({
  name: 'broken',
  description: 'Test: logs, then throws',
  options: z.object({}),
  positional: [],
  examples: ['/broken'],
  policy: { visibility: 'public', chart: false },
  run: async () => {
    logger.info('broken: about to fail');
    await new Promise((r) => setTimeout(r, 5));
    throw new Error('database on fire');
  },
});
const commands: readonly AnyCommand[] = [broken];

interface Line {
  msg: string;
  reqId?: string;
  ref?: string;
}
const logs = captureLogs();
const parsed = (): Line[] => logs.map((l) => JSON.parse(l) as Line);

/** The log lines of one request: the "about to fail" line's id, on every line that has it. */
function linesOf(ref: string) {
  const mine = parsed().filter((l) => l.reqId === ref);
  expect(mine.map((l) => l.msg)).toEqual(
    expect.arrayContaining(['broken: about to fail', 'command failed']),
  );
  // The failure line names the same ref the user saw.
  expect(mine.find((l) => l.msg === 'command failed')?.ref).toBe(ref);
  return mine;
}

let slack: Harness;
let fake: FakeDiscord;
let discord: DiscordBot;
beforeAll(async () => {
  slack = await startHarness({ renderChart: tinyRenderer, commands });
  fake = await startFakeDiscord();
  discord = await startDiscordBot(fake, { commands });
});
afterAll(async () => {
  await slack?.close();
  await discord?.stop();
  await fake?.close();
});

const REF = /\(ref ([0-9a-f]{8})\)/;

describe('request ids', () => {
  it('Slack: two failing commands, each with its own id on all its lines, shown as the ref', async () => {
    const [a, b] = await Promise.all([
      slack.command('/broken', '', { channel_id: 'CRID1', user_id: 'URID1' }),
      slack.command('/broken', '', { channel_id: 'CRID2', user_id: 'URID2' }),
    ]);
    const refs: string[] = [];
    for (const res of [a!, b!]) {
      const hit = await slack.fake.waitForResponse(res.rid);
      const ref = REF.exec(JSON.stringify(hit.body))?.[1];
      expect(ref).toBeDefined();
      linesOf(ref!);
      refs.push(ref!);
    }
    expect(refs[0]).not.toBe(refs[1]);
    // Both "about to fail" lines carry an id: none of the request's lines is anonymous.
    const about = parsed().filter((l) => l.msg === 'broken: about to fail');
    expect(about.every((l) => l.reqId && refs.includes(l.reqId))).toBe(true);
  });

  it('Discord: the failure reference is the interaction’s request id', async () => {
    const id = fake.command('broken', {}, { userId: '150000000000000777' });
    const sent = await fake.waitFor(
      (c) => c.path.includes(fake.interactions.get(id)!.token) && REF.test(JSON.stringify(c.body)),
      10_000,
      'the failure reply',
    );
    const ref = REF.exec(JSON.stringify(sent.body))![1]!;
    linesOf(ref);
  });

  it('lines outside any request carry no id', () => {
    logger.info('between requests');
    expect(parsed().find((l) => l.msg === 'between requests')?.reqId).toBeUndefined();
  });
});
