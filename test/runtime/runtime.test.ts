import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CHART_COOLDOWN,
  defineCommand,
  type AnyCommand,
  type CommandContext,
  type Platform,
} from '../../commands/define.js';
import { commands as registry } from '../../commands/index.js';
import { defineAction } from '../../src/actions.js';
import { currentRequest, inRequest } from '../../src/request-context.js';
import { createLogger, logger, setLogger } from '../../src/logger.js';
import { errorReply } from '../../src/reply.js';
import {
  Cooldown,
  createRuntime,
  inRequestScope,
  isPrivateReply,
  MAX_FIELD,
  parseInvocation,
  resolveText,
} from '../../src/runtime/index.js';

const ctx = (platform: Platform = 'cli', user = 'u1'): CommandContext => ({
  platform,
  user: { id: user, name: user },
  channel: { id: 'c' },
  server: { id: 's' },
  commands: registry,
});

/** A command that counts how often its schema parsed and how often it ran. */
function counting(name = 'count', cooldown = CHART_COOLDOWN) {
  const seen = { parsed: 0, ran: 0, options: [] as unknown[] };
  const command = defineCommand({
    name,
    description: 'Counts',
    options: z.object({
      n: z.number().int().min(1).max(9).describe('A digit'),
      label: z.string().optional().describe('A label'),
    }),
    positional: ['n', 'label'],
    examples: [`/${name} 3`],
    policy: { visibility: 'public', chart: true, cooldown },
    run(options) {
      seen.ran++;
      seen.options.push(options);
      return { title: 'ok', summary: `n=${options.n}`, visibility: 'public' };
    },
  });
  // Count schema checks: the runtime must check each invocation exactly once.
  const check = command.options.safeParse.bind(command.options);
  command.options.safeParse = ((data: unknown) => (seen.parsed++, check(data))) as never;
  return { command, seen };
}

describe('parse once into a typed invocation', () => {
  it('text and structured options give the same typed options, each parsed once', async () => {
    const { command, seen } = counting();
    const runtime = createRuntime({ commands: [command] });
    await runtime.invoke(command, { text: '7 hello' }, ctx('slack'));
    expect(seen.parsed).toBe(1);
    await runtime.invoke(command, { options: { n: 7, label: 'hello' } }, ctx('discord'));
    expect(seen.parsed).toBe(2);
    expect(seen.options).toEqual([
      { n: 7, label: 'hello' },
      { n: 7, label: 'hello' },
    ]);
  });

  it('bad input is an invocation that does not run, with the reply to show', () => {
    const { command, seen } = counting();
    const bad = parseInvocation(command, { text: '12' });
    expect(bad.kind).toBe('invalid');
    expect(bad.kind !== 'run' && bad.reply.summary).toContain(
      '`n` should be a whole number from 1 to 9',
    );
    expect(parseInvocation(command, { text: 'help' }).kind).toBe('help');
    expect(seen.ran).toBe(0);
  });
});

describe('cooldown, before running, on every platform alike', () => {
  const platforms: Platform[] = ['discord', 'slack', 'playground', 'chat', 'cli'];

  it.each(platforms)('%s: the sixth chart in 30 s is refused before it runs', async (platform) => {
    const { command, seen } = counting();
    const runtime = createRuntime({ commands: [command] });
    let admitted = 0;
    const hooks = { beforeRun: async () => void admitted++ };
    for (let i = 0; i < 5; i++) {
      const reply = await runtime.invoke(command, { text: '1' }, ctx(platform), hooks);
      expect(reply.summary).toBe('n=1');
    }
    const sixth = await runtime.invoke(command, { text: '1' }, ctx(platform), hooks);
    expect(sixth).toMatchObject({ title: 'One moment', visibility: 'private', tone: 'info' });
    expect(sixth.summary).toMatch(
      /^Slow down a little: chart commands allow 5 uses per person every 30 s, so try again in \d+ s\.$/,
    );
    expect(seen.ran).toBe(5);
    expect(admitted).toBe(5);
    // Another person is not held up; bad input costs no use and is answered as bad input.
    expect((await runtime.invoke(command, { text: '1' }, ctx(platform, 'u2'))).summary).toBe('n=1');
    expect((await runtime.invoke(command, { text: '0' }, ctx(platform))).tone).toBe('error');
  });

  it('commands sharing a bucket share one budget; others keep their own', async () => {
    const a = counting('aa');
    const b = counting('bb');
    const c = counting('cc', { uses: 1, perSeconds: 60 });
    const runtime = createRuntime({ commands: [a.command, b.command, c.command] });
    for (let i = 0; i < 5; i++) await runtime.invoke(a.command, { text: '1' }, ctx());
    expect((await runtime.invoke(b.command, { text: '1' }, ctx())).title).toBe('One moment');
    expect((await runtime.invoke(c.command, { text: '1' }, ctx())).summary).toBe('n=1');
    expect((await runtime.invoke(c.command, { text: '1' }, ctx())).summary).toMatch(
      /\/cc allow 1 uses per person every 60 s/,
    );
  });

  it('a command without a declared cooldown is never held up', async () => {
    const { command, seen } = counting('free', undefined as never);
    const free = { ...command, policy: { visibility: 'public', chart: false } } as AnyCommand;
    const runtime = createRuntime({ commands: [free], cooldown: new Cooldown() });
    for (let i = 0; i < 20; i++) await runtime.invoke(free, { text: '1' }, ctx());
    expect(seen.ran).toBe(20);
  });

  it('the chart commands declare the chart budget', () => {
    const charted = registry.filter((c) => c.policy.chart && !c.policy.channelGame);
    expect(charted.map((c) => c.name)).toEqual(['optimal', 'loss', 'target', 'fit', 'models']);
    for (const c of charted) expect(c.policy.cooldown).toBe(CHART_COOLDOWN);
  });
});

describe('one privacy rule', () => {
  it('private when declared so, and every error', () => {
    expect(isPrivateReply({ title: 't', summary: 's', visibility: 'private' })).toBe(true);
    expect(isPrivateReply({ title: 't', summary: 's', visibility: 'public' })).toBe(false);
    expect(isPrivateReply({ ...errorReply('t', 's'), visibility: 'public' })).toBe(true);
    expect(isPrivateReply({ title: 't', summary: 's', visibility: 'public', tone: 'info' })).toBe(
      false,
    );
  });
});

describe('the failure reply carries the request id', () => {
  let lines: string[] = [];
  const original = logger;
  beforeEach(() => {
    lines = [];
    setLogger(createLogger('info', { write: (line: string) => void lines.push(line) }));
  });
  afterEach(() => setLogger(original));

  const boom = (seen: { id?: string }) =>
    defineCommand({
      name: 'boom',
      description: 'Fails',
      options: z.object({}),
      positional: [],
      examples: ['/boom'],
      policy: { visibility: 'public', chart: false },
      run() {
        seen.id = currentRequest()?.id;
        throw new Error('secret internals');
      },
    });

  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('inside an HTTP request, the ref is that request id, as logged', async () => {
    const seen: { id?: string } = {};
    const command = boom(seen);
    const runtime = createRuntime({ commands: [command] });
    let id = '';
    const reply = await inRequest((request) => {
      id = request.id;
      return runtime.invoke(command, { text: '' }, ctx('slack'));
    });
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(reply.summary).toBe(
      `Something went wrong on our side (ref ${id}). It has been logged; please try again.`,
    );
    expect(JSON.stringify(reply)).not.toContain('secret internals');
    expect(logged()).toContainEqual(
      expect.objectContaining({
        msg: 'command failed',
        ref: id,
        requestId: id,
      }),
    );
  });

  it('a gateway event gets a request id of its own, which the ref and the logs quote', async () => {
    const seen: { id?: string } = {};
    const command = boom(seen);
    const runtime = createRuntime({ commands: [command] });
    const reply = await inRequestScope(() => runtime.invoke(command, { text: '' }, ctx('discord')));
    const ref = /\(ref ([0-9a-f]+)\)/.exec(reply.summary)?.[1];
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    expect(seen.id).toBe(ref);
    expect(logged().find((l) => l.msg === 'command failed')).toMatchObject({ requestId: ref });
  });

  it('a failing button handler answers the same way', async () => {
    const click = defineAction('clicky', 'go', { n: z.number().int() });
    const command = defineCommand({
      ...counting('clicky').command,
      actions: [click],
      onAction() {
        throw new Error('nope');
      },
    });
    const runtime = createRuntime({ commands: [command] });
    let id = '';
    const result = await inRequest((request) => {
      id = request.id;
      return runtime.act({ ...ctx('playground'), actionId: click.encode({ n: 1 }) });
    });
    expect(result.reply?.summary).toContain(`(ref ${id})`);
    expect(logged()).toContainEqual(expect.objectContaining({ requestId: id }));
  });
});

describe('typed text resolves to a command one way', () => {
  it.each([
    ['/optimal 6e22', 'optimal', '6e22'],
    ['optimal 6e22', 'optimal', '6e22'],
    ['  /OPTIMAL   6e22 gpu:A100 ', 'optimal', '6e22 gpu:A100'],
    ['/help', 'help', ''],
  ])('%j → /%s', (line, name, text) => {
    const found = resolveText(registry, line);
    expect(found.command?.name).toBe(name);
    expect(found.text).toBe(text);
  });

  it('an unknown name is answered with the commands there are and an example', () => {
    const found = resolveText(registry, '/frobnicate 3');
    expect(found.command).toBeUndefined();
    expect(found.command === undefined && found.reply).toMatchObject({ tone: 'error' });
    const summary = found.command === undefined ? found.reply.summary : '';
    expect(summary).toContain('There is no /frobnicate.');
    expect(summary).toContain('/optimal, /loss');
    expect(summary).toContain('Example: /optimal');
  });
});

describe('button policy comes from the declared actions', () => {
  const answer = defineAction(
    'game',
    'answer',
    { round: z.string(), choice: z.number().int().min(0).max(3) },
    { storeBeforeAck: true },
  );
  const stop = defineAction('game', 'stop', { round: z.string() }, { moderators: true });
  const clicks: unknown[] = [];
  const game = defineCommand({
    ...counting('game').command,
    actions: [answer, stop],
    onAction(ctx) {
      const values = answer.decode(ctx.actionId) ?? stop.decode(ctx.actionId);
      clicks.push(values);
      return {
        reply: { title: 'clicked', summary: JSON.stringify(values), visibility: 'private' },
      };
    },
  });
  const runtime = createRuntime({ commands: [game, ...registry] });

  it('reads storeBeforeAck and moderators from the declaration', () => {
    expect(runtime.actionPolicy(answer.encode({ round: 'r1', choice: 2 }))).toEqual({
      storeBeforeAck: true,
    });
    expect(runtime.actionPolicy(stop.encode({ round: 'r1' }))).toEqual({ moderators: true });
    expect(runtime.actionPolicy('game:other:1')).toEqual({});
    expect(runtime.actionPolicy('nothing:1')).toEqual({});
  });

  it('routes a declared id to its command, and refuses an id no declaration reads', async () => {
    const ok = await runtime.act({ ...ctx(), actionId: answer.encode({ round: 'r9', choice: 3 }) });
    expect(ok.reply?.summary).toBe('{"round":"r9","choice":3}');
    for (const actionId of ['game:answer:r9:7', 'game:other:1', 'nothing:1']) {
      const refused = await runtime.act({ ...ctx(), actionId });
      expect(refused.reply?.title).toBe('That button has expired');
    }
    expect(clicks).toHaveLength(1);
  });
});

describe('modals: a declared click opens one, a declared submission gets its fields', () => {
  const ask = defineAction('form', 'ask', { n: z.number().int() }, { opensModal: true });
  const sneaky = defineAction('form', 'sneaky', { n: z.number().int() });
  const sent = defineAction('form', 'sent', { n: z.number().int() }, { submission: true });
  const seen: unknown[] = [];
  const form = defineCommand({
    ...counting('form').command,
    actions: [ask, sneaky, sent],
    onAction(c) {
      const back = sent.decode(c.actionId);
      if (back) {
        seen.push(c.fields);
        return {
          reply: { title: 'got', summary: JSON.stringify(c.fields), visibility: 'private' },
        };
      }
      const modal = { id: sent.encode({ n: 1 }), title: 'Type', fields: [{ id: 'v', label: 'V' }] };
      return { modal };
    },
  });
  const runtime = createRuntime({ commands: [form] });

  it('passes a modal from an opensModal click, and the fields to its submission', async () => {
    const opened = await runtime.act({ ...ctx(), actionId: ask.encode({ n: 1 }) });
    expect(opened.modal?.id).toBe(sent.encode({ n: 1 }));
    const submitted = await runtime.act({
      ...ctx(),
      actionId: sent.encode({ n: 1 }),
      fields: { v: '4.2B' },
    });
    expect(submitted.reply?.summary).toBe('{"v":"4.2B"}');
  });

  it('refuses a modal from an undeclared click, fields sent to a click, a submission without them, and long fields', async () => {
    const before = seen.length;
    const sneakyResult = await runtime.act({ ...ctx(), actionId: sneaky.encode({ n: 1 }) });
    expect(sneakyResult.modal).toBeUndefined();
    expect(sneakyResult.reply?.title).toMatch(/went wrong/i);
    const clickWithFields = await runtime.act({
      ...ctx(),
      actionId: ask.encode({ n: 1 }),
      fields: { v: '1' },
    });
    expect(clickWithFields.reply?.title).toBe('That button has expired');
    const bare = await runtime.act({ ...ctx(), actionId: sent.encode({ n: 1 }) });
    expect(bare.reply?.title).toBe('That button has expired');
    const long = await runtime.act({
      ...ctx(),
      actionId: sent.encode({ n: 1 }),
      fields: { v: 'x'.repeat(MAX_FIELD + 1) },
    });
    expect(long.reply?.title).toBe('That form is too long');
    expect(seen.length).toBe(before);
  });
});

describe('hostile option values', () => {
  it('an object with no usable toString is an input error naming it, not a failure', async () => {
    const models = registry.find((c) => c.name === 'models')!;
    const runtime = createRuntime({ commands: registry });
    const reply = await runtime.invoke(
      models,
      { options: { name: { toString: [] } } },
      ctx('discord'),
    );
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain('received "{\\"toString\\":[]}"');
    expect(reply.summary).not.toMatch(/Something went wrong/);
  });
});
