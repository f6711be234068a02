import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderReply, renderText } from '../../src/adapters/discord/render.js';
import { escapeText, splitText, toDiscord, truncate } from '../../src/adapters/discord/text.js';
import type { RenderedChart } from '../../src/charts/request.js';
import type { Action, Reply } from '../../src/reply.js';
import { limitProblems, toJSON } from '../fakes/discord/limits.js';

const chart: RenderedChart = {
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  alt: 'Loss against parameters at 6e22 FLOPs: minimum 2.05 at 22.7B params.',
  width: 10,
  height: 10,
  filename: 'isoflop 6e22.png',
};

const x = (n: number, s = 'word ') => s.repeat(Math.ceil(n / s.length)).slice(0, n);

function hugeReply(): Reply {
  const actions: Action[][] = Array.from({ length: 8 }, (_, r) =>
    Array.from({ length: 7 }, (_, i) => ({ id: `quiz:r${r}:b${i}`, label: x(120, 'label ') })),
  );
  actions[0]!.push(
    { id: `quiz:${'z'.repeat(120)}`, label: 'too long an id' },
    { id: 'quiz:r0:b0', label: 'duplicate' },
  );
  return {
    title: x(1000, 'Title **bold** '),
    summary: x(3000, 'summary ') + ' END-OF-SUMMARY',
    body: Array.from({ length: 12 }, (_, i) => `${x(2500)} body-${i}`),
    steps: Array.from({ length: 40 }, (_, i) => ({
      title: x(400, `step ${i} `),
      formula: x(900, 'N_opt = G·(C/6)^a '),
      substitution: x(900, '6.0 × 10²² / 120 '),
      result: x(300, '22.4B params '),
    })),
    fields: Array.from({ length: 30 }, (_, i) => ({
      label: x(300, `label${i} `),
      value: x(3000, 'value '),
      inline: i % 2 === 0,
    })),
    notes: Array.from({ length: 30 }, () => x(500, 'note ')),
    citations: Array.from({ length: 20 }, (_, i) => `Source ${i}: ${x(200, 'citation ')}`),
    actions,
    visibility: 'public',
  };
}

describe('render.ts limits', () => {
  test('a huge reply is split into valid messages without losing the end', () => {
    const { messages } = renderReply(hugeReply(), { chart });
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) expect(limitProblems(toJSON(m))).toEqual([]);
    const all = JSON.stringify(messages.map(toJSON));
    expect(all).toContain('body-11');
    expect(all).toContain('Source 19');
    // The chart travels once, with its alt text, on the first message.
    expect(messages[0].files).toHaveLength(1);
    expect(messages.slice(1).every((m) => m.files.length === 0)).toBe(true);
    // Buttons: on the last message only, ≤ 5 rows; the overlong and duplicate ids are dropped.
    const rows = messages[messages.length - 1]!.components.map((r) => r.toJSON());
    expect(rows.length).toBe(5);
    expect(JSON.stringify(rows)).not.toContain('zzzz');
  });

  test('text mode (no Embed Links) splits content at 2000 and says which permission to grant', () => {
    const { messages } = renderReply(hugeReply(), { chart, canEmbed: false, canAttach: false });
    for (const m of messages) {
      expect(m.embeds).toEqual([]);
      expect(m.files).toEqual([]);
      expect(limitProblems(toJSON(m))).toEqual([]);
    }
    expect(messages[0].content).toContain('Embed Links');
    expect(messages[0].content).toContain('Attach Files');
  });

  test('renderText carries the notice and the answer', () => {
    const { messages, ephemeral } = renderText(
      { title: 'T', summary: '22.4B on 447B', visibility: 'private' },
      'grant **Embed Links**',
    );
    expect(ephemeral).toBe(true);
    expect(messages[0].content).toContain('grant **Embed Links**');
    expect(messages[0].content).toContain('22.4B on 447B');
  });
});

describe('render.ts shape', () => {
  const reply: Reply = {
    title: 'Compute-optimal model for 6e22',
    summary: 'About **22.7B** params on 441B tokens; the 20:1 rule says 22.4B.',
    steps: [{ title: 'Rule of thumb', formula: 'N = √(C / 120)', result: '22.4B params' }],
    fields: [{ label: '20:1 rule', value: '22.4B params', inline: true }],
    notes: ['Extrapolation beyond the fitted range.'],
    citations: ['Hoffmann et al. 2022'],
    actions: [[{ id: 'optimal:more', label: 'More', style: 'primary' }]],
    visibility: 'public',
  };

  test('chart: attachment with alt text, one-line summary as content, embed image off by default', () => {
    const { messages, ephemeral } = renderReply(reply, { chart });
    const [m] = messages;
    expect(ephemeral).toBe(false);
    expect(m.content).toBe('About **22.7B** params on 441B tokens; the 20:1 rule says 22.4B.');
    expect(m.files[0]!.name).toBe('isoflop-6e22.png');
    expect(m.files[0]!.description).toBe(chart.alt);
    expect(m.embeds[0]!.image).toBeUndefined();
    const fields = m.embeds.flatMap((e) => e.fields ?? []);
    expect(fields.map((f) => f.name)).toEqual([
      '1. Rule of thumb',
      '20:1 rule',
      'Assumptions and notes',
      'Sources',
    ]);
    expect(fields[0]!.value).toContain('→ **22.4B params**');
    expect(m.components[0]!.toJSON().components[0]).toMatchObject({
      custom_id: 'optimal:more',
      style: 1,
    });
    expect(m.allowedMentions).toEqual({ parse: [] });
  });

  test('chartInEmbed also shows it inside the embed', () => {
    const { messages } = renderReply(reply, { chart, chartInEmbed: true });
    expect(messages[0].embeds[0]!.image).toEqual({ url: 'attachment://isoflop-6e22.png' });
  });

  test('without a chart the summary leads the embed; errors are private and red', () => {
    const { messages, ephemeral } = renderReply({ ...reply, tone: 'error', visibility: 'public' });
    expect(ephemeral).toBe(true);
    expect(messages[0].content).toBeUndefined();
    expect(messages[0].embeds[0]!.description).toContain('**22.7B**');
    expect(messages[0].embeds[0]!.color).toBe(0xed4245);
  });

  test('missing Attach Files leaves the chart out and says so', () => {
    const { messages } = renderReply(reply, { chart, canAttach: false });
    expect(messages[0].files).toEqual([]);
    expect(messages[0].content).toContain('Attach Files');
  });
});

describe('text.ts', () => {
  test('portable markup survives, everything else is escaped', () => {
    expect(toDiscord('**bold** and _italic_ and `a*b_c`')).toBe(
      '**bold** and _italic_ and `a*b_c`',
    );
    expect(toDiscord('N_opt = a*b ~~x~~ ||s||')).toBe(
      'N\\_opt = a\\*b \\~\\~x\\~\\~ \\|\\|s\\|\\|',
    );
    expect(toDiscord('# heading\n> quote\n- item\n1. first')).toBe(
      '\\# heading\n\\> quote\n\\- item\n1\\. first',
    );
    expect(toDiscord('[click](https://evil.example) <@123> <#1> <t:1:R>')).toBe(
      '\\[click\\](https://evil.example) \\<@123> \\<#1> \\<t:1:R>',
    );
    expect(escapeText('a\\b')).toBe('a\\\\b');
  });

  test('truncate and split respect limits, word breaks and surrogate pairs', () => {
    expect(truncate('hello world', 8)).toBe('hello…');
    expect(truncate('😀😀😀', 4).length).toBeLessThanOrEqual(4);
    expect(truncate('abc\\', 4)).toBe('abc\\');
    expect(truncate('abcd\\*efgh', 6)).not.toMatch(/[^\\]\\…$/);
    const parts = splitText(x(5000, 'alpha beta '), 1024);
    expect(parts.every((p) => p.length <= 1024 && p.length > 0)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(
      x(5000, 'alpha beta ').replace(/\s+/g, ' ').trim(),
    );
  });
});

/** Unescaped `<@…` / `<#…` outside code spans: what Discord would render as a mention. */
function liveMentions(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1 && !text.slice(i + 1, end).includes('\n')) i = end;
    } else if (c === '<' && /[@#]/.test(text[i + 1] ?? '')) found.push(text.slice(i, i + 12));
  }
  return found;
}

describe('fuzz', () => {
  const nasty = fc.constantFrom(
    '@everyone',
    '@here',
    '<@123>',
    '<@&456>',
    '<#789>',
    '**',
    '_',
    '`',
    '\\',
    '||',
    '~~',
    '> ',
    '# ',
    '\n',
    '😀',
    '[x](http://a)',
    ' ',
  );
  const text = (max: number) =>
    fc
      .array(
        fc.oneof(
          nasty,
          fc.string({ maxLength: 40 }),
          fc.string({ unit: 'grapheme', maxLength: 20 }),
        ),
        { maxLength: max },
      )
      .map((a) => a.join(''));
  const replyArb: fc.Arbitrary<Reply> = fc.record({
    title: text(40),
    summary: text(80),
    body: fc.array(text(200), { maxLength: 4 }),
    steps: fc.array(
      fc.record({ title: text(20), formula: text(60), substitution: text(60), result: text(20) }),
      { maxLength: 30 },
    ),
    fields: fc.array(fc.record({ label: text(40), value: text(300), inline: fc.boolean() }), {
      maxLength: 40,
    }),
    notes: fc.array(text(100), { maxLength: 10 }),
    citations: fc.array(text(50), { maxLength: 10 }),
    actions: fc.array(fc.array(fc.record({ id: text(15), label: text(30) }), { maxLength: 7 }), {
      maxLength: 7,
    }),
    visibility: fc.constantFrom('public' as const, 'private' as const),
  });

  test('any reply renders within every limit, never pings, never throws', () => {
    fc.assert(
      fc.property(replyArb, fc.boolean(), fc.boolean(), (reply, canEmbed, withChart) => {
        const { messages } = renderReply(reply, { canEmbed, chart: withChart ? chart : undefined });
        for (const m of messages) {
          expect(limitProblems(toJSON(m))).toEqual([]);
          expect(m.allowedMentions).toEqual({ parse: [] });
          // Mentions, channel links and timestamps are shown literally, never as markup.
          const visible = [
            m.content ?? '',
            ...m.embeds.flatMap((e) => [
              e.description ?? '',
              ...(e.fields ?? []).map((f) => f.value),
            ]),
          ];
          for (const v of visible) expect(liveMentions(v)).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
