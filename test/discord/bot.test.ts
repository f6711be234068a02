/**
 * End to end: the bot's real discord.js Client (startDiscord) against the local fake Discord.
 * Interactions are dispatched over the fake gateway; assertions are on the REST calls the
 * bot makes in answer.
 */
import { PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defineCommand, type ActionContext } from '../../commands/define.js';
import { commands } from '../../commands/index.js';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { CHART_FAILED_NOTE, type ChartRenderer } from '../../src/adapters/shared/chart.js';
import { Cooldown } from '../../src/runtime/index.js';
import { createLogger, logger, setLogger } from '../../src/logger.js';
import { startBot, tinyRenderer } from '../fakes/discord/bot.js';
import {
  bodyOf,
  EPHEMERAL,
  IDS,
  isPng,
  payloads,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import { limitProblems, type MessageJSON } from '../fakes/discord/limits.js';
import { replies, text } from './replies.js';

let fake: FakeDiscord;
let bot: DiscordBot;
const clicks: ActionContext[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const explode = defineCommand({
  name: 'explode',
  description: 'A test command whose handler throws',
  options: z.object({}),
  positional: [],
  examples: ['/explode'],
  policy: { visibility: 'public', chart: false },
  run() {
    throw new Error('kaboom: handler bug');
  },
});

const quiz = defineCommand({
  name: 'quizlike',
  description: 'A test command with buttons',
  options: z.object({}),
  positional: [],
  examples: ['/quizlike'],
  policy: { visibility: 'public', chart: false },
  run: () => ({
    title: 'Which fit gives ~20 tokens per parameter?',
    summary: 'Pick one.',
    actions: [
      [
        { id: 'quizlike:answer:epoch', label: 'Epoch 2024', style: 'primary' },
        { id: 'quizlike:answer:kaplan', label: 'Kaplan 2020' },
        { id: 'quizlike:peek', label: 'Hint' },
        { id: 'quizlike:slow', label: 'Slow' },
      ],
    ],
    visibility: 'public',
  }),
  async onAction(ctx) {
    clicks.push(ctx);
    if (ctx.actionId === 'quizlike:peek') {
      return { reply: { title: 'Hint', summary: 'Think Chinchilla.', visibility: 'private' } };
    }
    if (ctx.actionId === 'quizlike:slow') await sleep(900);
    return {
      update: {
        title: 'Answered',
        summary: `**${ctx.user.name}** chose ${ctx.actionId.split(':')[2] ?? 'slowly'}.`,
        visibility: 'public',
      },
    };
  },
});

const brokenChart = defineCommand({
  name: 'brokenchart',
  description: 'A test command whose chart cannot be drawn',
  options: z.object({}),
  positional: [],
  examples: ['/brokenchart'],
  policy: { visibility: 'public', chart: true },
  run: () => ({
    title: 'Scores',
    summary: 'Alice 3, Bob 2.',
    chart: { kind: 'scores', title: 'Scores', entries: [{ label: 'Alice', value: 3 }] },
    visibility: 'public',
  }),
});

/** The real renderer (src/charts) when a test switches to it; otherwise a tiny real PNG. */
let realRenderer: ChartRenderer | undefined;
let closeCharts: (() => Promise<void>) | undefined;
const renderer: ChartRenderer = async (request) => {
  if (request.kind === 'scores') throw new Error('renderer exploded');
  return (realRenderer ?? tinyRenderer)(request);
};

let nextUser = 10;
const freshUser = () => `15000000000000000${nextUser++}`;

const { tokenOf, callbackOf } = replies(() => fake);
const editOf = (id: string) =>
  fake.waitFor(
    (c) =>
      c.method === 'PATCH' &&
      c.path.endsWith(`/${tokenOf(id)}/messages/@original`) &&
      c.status === 200,
    10_000,
    `edit of ${id}`,
  );
const dataOf = (call: RecordedCall) =>
  (bodyOf(call).data ?? {}) as MessageJSON & {
    flags?: number;
    choices?: { name: string; value: string }[];
  };

function expectChartMessage(call: RecordedCall) {
  expect(call.files).toHaveLength(1);
  const [file] = call.files;
  expect(isPng(file!.data)).toBe(true);
  expect(file!.description).toMatch(/^Test chart of kind /);
  expect(limitProblems(bodyOf(call) as MessageJSON)).toEqual([]);
  expect(bodyOf(call).allowed_mentions).toEqual({ parse: [] });
}

const latencies: number[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord();
  bot = await startBot(fake, {
    commands: [...commands, explode, quiz, brokenChart],
    renderChart: renderer,
    cooldown: new Cooldown(),
    deferAfterMs: 500,
  });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await closeCharts?.();
  if (latencies.length > 0) {
    console.log(
      `deferral latency (ms): max ${Math.max(...latencies)}, mean ${(latencies.reduce((a, b) => a + b, 0) / latencies.length).toFixed(1)}`,
    );
  }
});

describe('slash commands', () => {
  test('/optimal compute:6e22 is deferred within 3 s, then edited with the worked answer and a PNG', async () => {
    const id = fake.command('optimal', { compute: '6e22' }, { userId: freshUser() });
    const ack = await callbackOf(id);
    expect(bodyOf(ack).type).toBe(5);
    expect(dataOf(ack).flags ?? 0).toBe(0);
    const latency = fake.firstResponseMs(id)!;
    latencies.push(latency);
    expect(latency).toBeLessThan(3000);

    const edit = await editOf(id);
    expectChartMessage(edit);
    expect(text(edit)).toContain('22.4B');
    expect(text(edit)).toContain('22.7B');
    expect(bodyOf(edit).content).toMatch(/22\.7B params on 441B tokens/);
    const embeds = bodyOf(edit).embeds as { title: string }[];
    expect(embeds[0]!.title).toMatch(/Compute-optimal/);
  });

  test('/loss params:70B tokens:1.4T is deferred and edited with the answer and chart', async () => {
    const id = fake.command('loss', { params: '70B', tokens: '1.4T' }, { userId: freshUser() });
    expect(bodyOf(await callbackOf(id)).type).toBe(5);
    latencies.push(fake.firstResponseMs(id)!);
    const edit = await editOf(id);
    expectChartMessage(edit);
    expect(text(edit)).toMatch(/70(\.0)?B/);
  });

  test('/models (the whole table) and /models name:chinchilla stay within limits', async () => {
    const all = fake.command('models', {}, { userId: freshUser() });
    expect(bodyOf(await callbackOf(all)).type).toBe(5);
    const edit = await editOf(all);
    expectChartMessage(edit);
    await sleep(200); // any follow-ups of a long table
    for (const c of fake.callsFor(all).filter((c) => c.method !== 'GET' && c.body)) {
      if (bodyOf(c).type === undefined) expect(limitProblems(bodyOf(c) as MessageJSON)).toEqual([]);
    }

    const one = fake.command('models', { name: 'chinchilla' }, { userId: freshUser() });
    const oneEdit = await editOf(one);
    expectChartMessage(oneEdit);
    expect(text(oneEdit)).toMatch(/Chinchilla/);
  });

  test('/help answers at once, privately', async () => {
    const id = fake.command('help', {}, { userId: freshUser() });
    const ack = await callbackOf(id);
    expect(bodyOf(ack).type).toBe(4);
    expect(dataOf(ack).flags).toBe(EPHEMERAL);
    expect(text(ack)).toContain('/optimal');
    expect(limitProblems(dataOf(ack))).toEqual([]);
  });

  test("bad input gets a private message with the parser's words", async () => {
    const id = fake.command('loss', { params: 'banana', tokens: '1T' }, { userId: freshUser() });
    const followUp = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/webhooks/${IDS.application}/${tokenOf(id)}`,
    );
    expect(bodyOf(followUp).flags).toBe(EPHEMERAL);
    expect(text(followUp)).toContain('banana');
    expect(text(followUp)).toContain('parameter count');
    // The public "thinking…" placeholder was removed rather than left behind.
    expect(
      fake.callsFor(id).some((c) => c.method === 'DELETE' && c.path.endsWith('@original')),
    ).toBe(true);
  });

  test('a handler that throws gets "something went wrong (ref …)" and the bot answers the next one', async () => {
    const lines: string[] = [];
    const original = logger;
    setLogger(createLogger('info', { write: (line: string) => void lines.push(line) }));
    const id = fake.command('explode', {}, { userId: freshUser() });
    const ack = await callbackOf(id).finally(() => setLogger(original));
    expect(bodyOf(ack).type).toBe(4);
    expect(dataOf(ack).flags).toBe(EPHEMERAL);
    expect(text(ack)).toMatch(/Something went wrong on our side \(ref [0-9a-f]{8,12}\)/);
    // The ref is the interaction's request id, the one on its log lines.
    const ref = /\(ref ([0-9a-f]+)\)/.exec(text(ack))?.[1];
    const failed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'command failed');
    expect(failed).toMatchObject({ requestId: ref, command: 'explode' });

    const next = fake.command('help', {}, { userId: freshUser() });
    expect(bodyOf(await callbackOf(next)).type).toBe(4);
  });

  test('a chart that fails to render still gets the text answer', async () => {
    const id = fake.command('brokenchart', {}, { userId: freshUser() });
    const edit = await editOf(id);
    expect(edit.files).toHaveLength(0);
    expect(text(edit)).toContain('Alice 3, Bob 2.');
    expect(text(edit)).toContain(CHART_FAILED_NOTE.slice(0, 30));
  });

  test('the chart cooldown answers "try again in N s" privately', async () => {
    const user = freshUser();
    const ids = Array.from({ length: 5 }, () =>
      fake.command('loss', { params: '7B', tokens: '140B' }, { userId: user }),
    );
    await Promise.all(ids.map(editOf));
    const sixth = fake.command('loss', { params: '7B', tokens: '140B' }, { userId: user });
    const ack = await callbackOf(sixth);
    expect(bodyOf(ack).type).toBe(4);
    expect(dataOf(ack).flags).toBe(EPHEMERAL);
    // The runtime's one answer, as on Slack and the playground, before anything was deferred.
    expect(text(ack)).toMatch(
      /Slow down a little: chart commands allow 5 uses per person every 30 s, so try again in \d+ s\./,
    );
  });
});

describe('with the real chart renderer', () => {
  test('/optimal carries the rendered isoflop PNG with its alt text', async (ctx) => {
    const charts = await import('../../src/charts/index.js').catch(() => undefined);
    if (!charts?.renderChart) return ctx.skip();
    realRenderer = charts.renderChart;
    closeCharts = charts.closeChartPool;
    try {
      const id = fake.command('optimal', { compute: '6e22' }, { userId: freshUser() });
      expect(bodyOf(await callbackOf(id)).type).toBe(5);
      const edit = await editOf(id);
      const [file] = edit.files;
      expect(isPng(file!.data)).toBe(true);
      expect(file!.data.length).toBeGreaterThan(2000);
      expect(file!.description!.length).toBeGreaterThan(20);
      expect(file!.description!.length).toBeLessThanOrEqual(1024);
    } finally {
      realRenderer = undefined;
    }
  });
});

describe('autocomplete', () => {
  test('/models name suggests models (type 8)', async () => {
    const id = fake.autocomplete('models', 'name', 'llama');
    const ack = await callbackOf(id);
    expect(bodyOf(ack).type).toBe(8);
    const choices = dataOf(ack).choices!;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.every((c) => c.value.length <= 100 && c.name.length <= 100)).toBe(true);
    expect(JSON.stringify(choices).toLowerCase()).toContain('llama');
  });

  test('/optimal fit suggests fits', async () => {
    const id = fake.autocomplete('optimal', 'fit', 'epoch', { compute: '6e22' });
    const ack = await callbackOf(id);
    expect(dataOf(ack).choices!.map((c) => c.value)).toContain('epoch2024');
  });
});

describe('buttons', () => {
  let messageId: string;
  beforeAll(async () => {
    const id = fake.command('quizlike', {}, { userId: freshUser() });
    const ack = await callbackOf(id);
    const rows = dataOf(ack).components!;
    expect(rows[0]!.components.map((b) => b.custom_id)).toEqual([
      'quizlike:answer:epoch',
      'quizlike:answer:kaplan',
      'quizlike:peek',
      'quizlike:slow',
    ]);
    messageId = fake.originalOf(id)!;
  });

  test('a click is routed to its command and updates the message (type 7)', async () => {
    const user = freshUser();
    const id = fake.click('quizlike:answer:epoch', messageId, user);
    const ack = await callbackOf(id);
    expect(bodyOf(ack).type).toBe(7);
    expect(text(ack)).toContain('chose epoch');
    expect(fake.firstResponseMs(id)).toBeLessThan(3000);
    const ctx = clicks.find((c) => c.user.id === user)!;
    expect(ctx).toMatchObject({
      platform: 'discord',
      actionId: 'quizlike:answer:epoch',
      messageId,
      channel: { id: IDS.channel },
      server: { id: IDS.guild },
    });
    expect(ctx.user.name).toMatch(/^Student/);
  });

  test('a private reply to a click is ephemeral (type 4, flags 64)', async () => {
    const id = fake.click('quizlike:peek', messageId, freshUser());
    const ack = await callbackOf(id);
    expect(bodyOf(ack).type).toBe(4);
    expect(dataOf(ack).flags).toBe(EPHEMERAL);
    expect(text(ack)).toContain('Think Chinchilla.');
  });

  test('a slow handler is acknowledged with deferUpdate (type 6), then the message is edited', async () => {
    const id = fake.click('quizlike:slow', messageId, freshUser());
    const ack = await callbackOf(id);
    expect(bodyOf(ack).type).toBe(6);
    expect(fake.firstResponseMs(id)).toBeLessThan(3000);
    const edit = await editOf(id);
    expect(text(edit)).toContain('chose slowly');
  });

  test('a button whose command is gone says it expired', async () => {
    const id = fake.click('vanished:thing', undefined, freshUser());
    const ack = await callbackOf(id);
    expect(dataOf(ack).flags).toBe(EPHEMERAL);
    expect(text(ack)).toContain('no longer does anything');
  });
});

describe('delivery when Discord misbehaves', () => {
  test('if editing @original fails (404), the answer is posted in the channel', async () => {
    fake.fail({
      method: 'PATCH',
      path: /\/messages\/@original$/,
      status: 404,
      code: 10015,
      message: 'Unknown Webhook',
    });
    const id = fake.command('optimal', { compute: '6e22' }, { userId: freshUser() });
    const post = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/channels/${IDS.channel}/messages`,
    );
    expect(post.authorized).toBe(true);
    expectChartMessage(post);
    expect(text(post)).toContain('22.7B');
    expect(bodyOf(post).content).toMatch(/The answer to <@\d+>'s \/optimal/);
    expect(fake.callsFor(id).some((c) => c.method === 'PATCH' && c.status === 404)).toBe(true);
  });

  test('an expired token (401 on the edit) also falls back to the channel', async () => {
    const before = fake.calls.filter((c) => c.path === `/channels/${IDS.channel}/messages`).length;
    fake.fail({
      method: 'PATCH',
      path: /\/messages\/@original$/,
      status: 401,
      code: 50027,
      message: 'Invalid Webhook Token',
    });
    fake.command('loss', { params: '70B', tokens: '1.4T' }, { userId: freshUser() });
    await fake.waitFor(
      (c) =>
        c.path === `/channels/${IDS.channel}/messages` &&
        fake.calls.filter((x) => x.path === c.path).length > before,
    );
  });

  test('429 and 500 on the edit are retried by the REST client', async () => {
    fake.fail({ method: 'PATCH', path: /\/messages\/@original$/, status: 429, retryAfter: 0.2 });
    fake.fail({ method: 'PATCH', path: /\/messages\/@original$/, status: 500 });
    const id = fake.command('loss', { params: '8B', tokens: '15T' }, { userId: freshUser() });
    const edit = await editOf(id);
    expectChartMessage(edit);
    const statuses = fake
      .callsFor(id)
      .filter((c) => c.method === 'PATCH')
      .map((c) => c.status);
    expect(statuses).toEqual([429, 500, 200]);
  });

  test('50013 Missing Permissions → the answer in text, naming the permissions to grant', async () => {
    fake.denied = PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles;
    try {
      const id = fake.command('loss', { params: '70B', tokens: '1.4T' }, { userId: freshUser() });
      const edit = await editOf(id);
      expect(bodyOf(edit).embeds ?? []).toEqual([]);
      expect(edit.files).toHaveLength(0);
      expect(bodyOf(edit).content).toMatch(/Embed Links/);
      expect(bodyOf(edit).content).toMatch(/Attach Files/);
      expect(fake.callsFor(id).some((c) => c.status === 403)).toBe(true);
    } finally {
      fake.denied = 0n;
    }
  });

  test('app_permissions without Attach Files: embed without the chart, and a note why', async () => {
    const appPermissions = payloads.DEFAULT_APP_PERMISSIONS & ~PermissionFlagsBits.AttachFiles;
    const id = fake.command(
      'loss',
      { params: '70B', tokens: '1.4T' },
      { userId: freshUser(), appPermissions },
    );
    const edit = await editOf(id);
    expect(edit.files).toHaveLength(0);
    expect((bodyOf(edit).embeds as unknown[]).length).toBeGreaterThan(0);
    expect(bodyOf(edit).content).toMatch(/Attach Files/);
  });
});

describe('start-up', () => {
  test('a rejected token (401 from REST) rejects startDiscord with a message naming DISCORD_TOKEN', async () => {
    const other = await startFakeDiscord({ token: 'the-right-token' });
    try {
      const error = await startBot(other, { token: 'a-wrong-token' }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/DISCORD_TOKEN/);
      expect(error?.message).not.toMatch(/\n\s+at /);
    } finally {
      await other.close();
    }
  });

  test('a token the gateway refuses (close 4004) is reported the same way', async () => {
    const other = await startFakeDiscord();
    other.rejectIdentify = true;
    try {
      const error = await startBot(other).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/Discord rejected DISCORD_TOKEN/);
    } finally {
      await other.close();
    }
  });

  test('the client identifies with only the Guilds intent, uncompressed JSON', () => {
    const identify = fake.gateway.received.find((f) => f.op === 2)!;
    expect((identify.d as { intents: number }).intents).toBe(1);
    expect(fake.gateway.connections[0]!.get('encoding')).toBe('json');
  });
});
