import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands, findCommand } from '../../commands/index.js';
import { defineCommand, type CommandContext } from '../../commands/define.js';
import { optionSpecs, usage } from '../../commands/schema.js';
import { runAction, runCommand, runCommandText } from '../../src/runtime/index.js';

const ctx: CommandContext = {
  platform: 'cli',
  user: { id: 'u', name: 'U' },
  channel: { id: 'c' },
  commands,
};

describe('dispatcher', () => {
  it('answers /optimal with a worked solution and a chart request', async () => {
    const reply = await runCommandText(findCommand('optimal')!, '6e22', ctx);
    expect(reply.tone).not.toBe('error');
    expect(reply.steps?.length).toBeGreaterThanOrEqual(3);
    expect(reply.chart).toMatchObject({ kind: 'isoflop', compute: 6e22 });
    expect(reply.summary).toContain('22.4B');
  });

  it('turns a bad option into a private error naming it', async () => {
    const reply = await runCommand(findCommand('optimal')!, { compute: '6e22', mfu: 'lots' }, ctx);
    expect(reply).toMatchObject({ visibility: 'private', tone: 'error' });
    expect(reply.summary).toContain('`mfu` should be a number from 0.01 to 1 (received "lots")');
  });

  it('turns a crash into "something went wrong" with a reference', async () => {
    const boom = defineCommand({
      name: 'boom',
      description: 'Always fails',
      options: z.object({}),
      positional: [],
      examples: ['/boom'],
      policy: { visibility: 'public', chart: false },
      run: () => {
        throw new Error('secret internals');
      },
    });
    const reply = await runCommand(boom, {}, ctx);
    expect(reply.summary).toMatch(/Something went wrong on our side \(ref [0-9a-f]{8,12}\)/);
    expect(JSON.stringify(reply)).not.toContain('secret internals');
  });

  it('routes a button to no command with a friendly reply', async () => {
    const result = await runAction(commands, { ...ctx, actionId: 'nothing:1' });
    expect(result.reply?.title).toBe('That button has expired');
  });

  it('/help lists every other command with its usage', async () => {
    const reply = await runCommandText(findCommand('help')!, '', ctx);
    for (const c of commands.filter((c) => c.name !== 'help')) {
      expect(reply.fields?.map((f) => f.label)).toContain(`/${c.name}`);
      expect(JSON.stringify(reply.fields)).toContain(usage(c).replace(/"/g, '\\"'));
    }
  });

  it('every command declares options Discord and Slack can carry', () => {
    for (const c of commands) {
      expect(c.name).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
      for (const o of optionSpecs(c)) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });
});
