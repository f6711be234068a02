/** Reply → Block Kit: every command's answer and any reply at all stays within Slack's limits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/define.js';
import { commands } from '../../commands/index.js';
import { helpFor, runCommandText } from '../../src/runtime/index.js';
import { checkBlockLimits, LIMITS } from '../../src/adapters/slack/limits.js';
import { chunkText, renderReply, type SlackMessage } from '../../src/adapters/slack/render.js';
import {
  escapeMrkdwn,
  linkifyUrls,
  toMrkdwn,
  toPlain,
  truncate,
} from '../../src/adapters/slack/text.js';
import type { Reply } from '../../src/reply.js';
import { captureLogs } from '../fakes/slack/harness.js';

captureLogs();

const ctx: CommandContext = {
  platform: 'slack',
  user: { id: 'U1', name: 'ada' },
  channel: { id: 'C1' },
  server: { id: 'T1' },
  commands,
};

function expectWithinLimits(messages: SlackMessage[], max = 4): void {
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.length).toBeLessThanOrEqual(max);
  for (const m of messages) {
    expect(checkBlockLimits(m.blocks)).toEqual([]);
    expect(m.text.length).toBeGreaterThan(0);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.messageText);
  }
}

const huge: Reply = {
  title: 'T'.repeat(400),
  summary: 'S '.repeat(4000),
  body: Array.from({ length: 30 }, (_, i) => `Paragraph ${i} `.repeat(400)),
  steps: Array.from({ length: 120 }, (_, i) => ({
    title: `Step ${i} `.repeat(50),
    formula: 'L = E + A/N^α + B/D^β '.repeat(60),
    substitution: 'x'.repeat(2500),
    result: `**${i}** nats`,
  })),
  fields: Array.from({ length: 95 }, (_, i) => ({
    label: `Field ${i}`,
    value: i % 7 === 0 ? 'v'.repeat(5000) : 'value '.repeat(i),
  })),
  notes: Array.from({ length: 40 }, (_, i) => `Note ${i} `.repeat(i * 20)),
  citations: Array.from(
    { length: 25 },
    (_, i) => `Source ${i}: https://arxiv.org/abs/2203.${String(i).padStart(5, '0')}`,
  ),
  actions: [
    Array.from({ length: 60 }, (_, i) => ({
      id: `quiz:answer:${i}`,
      label: `Answer ${i} `.repeat(20),
      style: 'success' as const,
    })),
    [
      { id: `quiz:${'x'.repeat(300)}`, label: 'too long an id' },
      { id: 'quiz:dup', label: 'a' },
      { id: 'quiz:dup', label: 'b' },
    ],
    [{ id: 'quiz:done', label: 'Done', disabled: true }],
  ],
  visibility: 'public',
};

describe('renderReply', () => {
  it('every example of every command renders within limits', async () => {
    for (const command of commands) {
      for (const example of command.examples) {
        const text = example.replace(/^\/\S+\s*/, '');
        const reply = await runCommandText(command, text, ctx);
        expectWithinLimits(renderReply(reply, { context: `ada asked: ${example}` }));
      }
      expectWithinLimits(renderReply(helpFor(command)));
    }
  });

  it('/optimal 6e22 reads as header, summary, worked steps, fields, notes and sources', async () => {
    const reply = await runCommandText(
      commands.find((c) => c.name === 'optimal')!,
      '6e22',
      ctx,
    );
    const [message] = renderReply(reply);
    const types = message!.blocks.map((b) => b.type);
    expect(types[0]).toBe('header');
    expect(types).toContain('section');
    expect(types.at(-1)).toBe('context');
    const json = JSON.stringify(message);
    expect(json).toContain('22.4B');
    expect(json).toContain('*1. Rule of thumb');
    expect(json).toContain('`C = 6·N·D');
    expect(message!.text).toContain('22.4B');
  });

  it('a huge reply is split and trimmed, never over a limit, buttons kept on the last message', () => {
    const messages = renderReply(huge);
    expectWithinLimits(messages);
    const json = JSON.stringify(messages);
    expect(json).toContain('trimmed to fit');
    const last = messages.at(-1)!;
    const actions = last.blocks.filter((b) => b.type === 'actions');
    // Buttons win over text: all 60 answers (3 blocks of ≤ 25) plus the one valid id of row two.
    const ids = actions.flatMap((b) =>
      b.type === 'actions'
        ? b.elements.map((e) => ('action_id' in e ? (e.action_id ?? '') : ''))
        : [],
    );
    expect(ids.filter((id) => id.startsWith('quiz:answer:'))).toHaveLength(60);
    expect(ids).toContain('quiz:dup');
    expect(json).not.toContain('x'.repeat(300));
    expect(json).toContain('Done');
  });

  it('maxMessages: 1 (chat.update) yields one message within limits', () => {
    expectWithinLimits(renderReply(huge, { maxMessages: 1 }), 1);
  });

  it('any reply at all stays within limits (property)', () => {
    const text = fc.string({ maxLength: 4000, unit: 'grapheme' });
    const reply = fc.record({
      title: text,
      summary: text,
      body: fc.option(fc.array(text, { maxLength: 8 }), { nil: undefined }),
      steps: fc.option(
        fc.array(
          fc.record({
            title: text,
            formula: fc.option(text, { nil: undefined }),
            substitution: fc.option(text, { nil: undefined }),
            result: text,
          }),
          { maxLength: 30 },
        ),
        { nil: undefined },
      ),
      fields: fc.option(fc.array(fc.record({ label: text, value: text }), { maxLength: 40 }), {
        nil: undefined,
      }),
      notes: fc.option(fc.array(text, { maxLength: 15 }), { nil: undefined }),
      citations: fc.option(fc.array(text, { maxLength: 15 }), { nil: undefined }),
      actions: fc.option(
        fc.array(
          fc.array(
            fc.record({
              id: fc.string({ minLength: 1, maxLength: 300 }),
              label: text,
              disabled: fc.boolean(),
            }),
            { maxLength: 30 },
          ),
          { maxLength: 6 },
        ),
        { nil: undefined },
      ),
      visibility: fc.constantFrom('public' as const, 'private' as const),
    });
    fc.assert(
      fc.property(reply, (r) => {
        for (const m of renderReply(r)) {
          expect(checkBlockLimits(m.blocks)).toEqual([]);
          expect(m.text.length).toBeLessThanOrEqual(LIMITS.messageText);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('uses reply.raw.slack when valid, and ignores it when it breaks a limit', () => {
    const base: Reply = { title: 'T', summary: 'S', visibility: 'public' };
    const good = {
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'custom' } }],
      text: 'custom',
    };
    expect(renderReply({ ...base, raw: { slack: good } })).toEqual([good]);
    const bad = { blocks: Array.from({ length: 60 }, () => ({ type: 'divider' })) };
    expect(renderReply({ ...base, raw: { slack: bad } })[0]!.blocks.length).toBeLessThan(60);
  });
});

describe('checkBlockLimits', () => {
  it('reports each kind of violation', () => {
    const problems = checkBlockLimits([
      { type: 'header', text: { type: 'mrkdwn', text: 'h'.repeat(151) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
      {
        type: 'section',
        fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })),
      },
      {
        type: 'context',
        elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })),
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'a'.repeat(256),
            text: { type: 'plain_text', text: 'b'.repeat(76) },
            value: 'v'.repeat(2001),
          },
          { type: 'button', action_id: 'x', text: { type: 'plain_text', text: 'x' } },
          { type: 'button', action_id: 'x', text: { type: 'plain_text', text: 'x' } },
        ],
      },
      { type: 'section' },
      { type: 'mystery' },
    ]);
    for (const expected of [
      '> 150',
      'must be plain_text',
      '> 3000',
      'fields > 10',
      'context has 11',
      'action_id 256',
      'button: 76',
      'value 2001',
      'duplicate action_id',
      'needs text or fields',
      'unexpected block type',
    ]) {
      expect(problems.join('\n')).toContain(expected);
    }
    expect(checkBlockLimits(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toContain(
      '51 blocks > 50',
    );
  });
});

describe('text → mrkdwn', () => {
  it('translates the neutral markup', () => {
    expect(toMrkdwn('**22.4B** params, _roughly_, `C = 6·N·D`')).toBe(
      '*22.4B* params, _roughly_, `C = 6·N·D`',
    );
    expect(toMrkdwn('`**not bold**`')).toBe('`**not bold**`');
    expect(toPlain('**Bold** `code`')).toBe('Bold code');
  });

  it('escapes control characters so echoed text cannot mention or link', () => {
    expect(toMrkdwn('<!channel> <@U123> <https://evil|click> a & b')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt; a &amp; b',
    );
    expect(toMrkdwn('hi @everyone @here @channel')).toBe(
      'hi @\u2060everyone @\u2060here @\u2060channel',
    );
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('links our own citation URLs after escaping', () => {
    expect(linkifyUrls(toMrkdwn('See https://arxiv.org/abs/2203.15556.'))).toBe(
      'See <https://arxiv.org/abs/2203.15556>.',
    );
  });

  it('chunks and truncates without splitting entities or surrogate pairs', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 3000, unit: 'grapheme' }),
        fc.integer({ min: 20, max: 400 }),
        (raw, max) => {
          const text = toMrkdwn(raw);
          for (const piece of chunkText(text, max)) {
            expect(piece.length).toBeLessThanOrEqual(max);
            expect(piece).not.toMatch(/&(a|am|amp|l|lt|g|gt)?$/);
            expect(piece).not.toMatch(/[\uD800-\uDBFF]$/);
          }
          const cut = truncate(text, max);
          expect(cut.length).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 200 },
    );
    expect(truncate('a &amp; b', 6)).toBe('a…');
  });
});
