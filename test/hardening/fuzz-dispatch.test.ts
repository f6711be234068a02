/**
 * Hostile input through the platform-neutral dispatcher: for every command, random Unicode,
 * huge and tiny numbers, empty and very long text, markdown and mention injection. Every input
 * yields a Reply (never a throw, never an unhandled rejection).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/define.js';
import { commands } from '../../commands/index.js';
import { optionSpecs } from '../../commands/schema.js';
import { runAction, runCommand, runCommandText } from '../../src/runtime/index.js';
import { createLogger, setLogger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { commandText, discordOptions, FUZZED, hostileText } from './helpers.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
const logs: string[] = [];

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  setLogger(createLogger('error', { write: (line: string) => void logs.push(line) }));
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const ctx = (): CommandContext => ({
  platform: 'cli',
  user: { id: 'u1', name: '<!channel> @everyone' },
  channel: { id: 'c1' },
  commands,
});

function expectReply(reply: Reply): void {
  expect(typeof reply.title).toBe('string');
  expect(typeof reply.summary).toBe('string');
  expect(['public', 'private']).toContain(reply.visibility);
  // A failure the dispatcher had to catch would say "Something went wrong": that is a bug.
  expect(reply.summary).not.toMatch(/Something went wrong on our side/);
}

describe.each(FUZZED.map((c) => [c.name, c] as const))('/%s', (_name, command) => {
  it('free text (runCommandText): always a Reply, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(commandText(command), async (text) => {
        expectReply(await runCommandText(command, text, ctx()));
      }),
      { numRuns: 150 },
    );
  });

  it('typed options (runCommand, as Discord sends them): always a Reply', async () => {
    await fc.assert(
      fc.asyncProperty(discordOptions(command), async (raw) => {
        expectReply(await runCommand(command, raw, ctx()));
      }),
      { numRuns: 100 },
    );
  });

  it('wrong types and unknown options: an input error, not a crash', async () => {
    const names = optionSpecs(command).map((s) => s.name);
    const anything = fc.oneof(
      hostileText,
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.object({ maxDepth: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.oneof(fc.constantFrom(...names, 'nope'), fc.string()), anything, {
          maxKeys: 4,
        }),
        async (raw) => {
          expectReply(await runCommand(command, raw, ctx()));
        },
      ),
      { numRuns: 60 },
    );
  });
});

it('button ids: any action id gets a Reply (unknown ones say the button expired)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        hostileText,
        fc
          .constantFrom(...FUZZED.map((c) => c.name))
          .chain((n) => hostileText.map((t) => `${n}:${t}`)),
      ),
      async (actionId) => {
        const result = await runAction(FUZZED, { ...ctx(), actionId, messageId: 'm1' });
        const reply = result.reply ?? result.update;
        expect(reply).toBeDefined();
        expectReply(reply!);
      },
    ),
    { numRuns: 100 },
  );
});

it('nothing above was logged as a command failure', () => {
  expect(logs.filter((l) => l.includes('command failed') || l.includes('action failed'))).toEqual(
    [],
  );
});
