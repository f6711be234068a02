// Files a TA did not mean to send, or someone meant harm with: refused clearly, never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToMarkup } from '../../src/course/import/html.js';
import { FORMATS, importCourse } from '../../src/course/import/index.js';
import { MAX_BYTES } from '../../src/course/import/problems.js';

const anki = (...rows: string[]) =>
  ['#separator:tab', '#html:true', '#guid column:1', ...rows].join('\n');
const card = (text: string) => {
  const { items, problems } = importCourse(anki(`g1\tWhat is this?\t${text}`));
  expect(problems).toEqual([]);
  const [item] = items;
  return item?.kind === 'card' ? item.back : '';
};

describe('binary and oversized files', () => {
  it('refuses a binary file (a PNG header) before reading it as text', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    for (const format of [undefined, ...FORMATS]) {
      expect(importCourse(png, { format, filename: 'cards.csv' })).toEqual({
        format: undefined,
        items: [],
        problems: [
          {
            line: 0,
            message: expect.stringContaining('this is not a text file (binary or not UTF-8)'),
          },
        ],
      });
    }
  });

  it('refuses UTF-16 without a BOM (valid UTF-8 bytes, but full of NULs)', () => {
    const utf16 = new Uint8Array(Buffer.from('type,prompt,answer\ncard,Front?,Back\n', 'utf16le'));
    expect(importCourse(utf16, { format: 'csv' }).problems).toEqual([
      { line: 0, message: expect.stringContaining('this is not a text file') },
    ]);
  });

  it('refuses text that is not UTF-8 (Latin-1 bytes)', () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('type,prompt,answer\ncard,Caf'),
      0xe9,
      0x3f,
      0x2c,
      0x78,
    ]);
    expect(importCourse(latin1).problems[0]!.message).toContain('not UTF-8');
  });

  it('refuses 10 MB by its size, saying the limit, without parsing it', () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    const started = performance.now();
    const result = importCourse(big, { format: 'csv' });
    expect(result.problems).toEqual([
      { line: 0, message: 'the file is 10.0 MB; the limit is 1 MB — split it into several files' },
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts a file of exactly 1 MB', () => {
    const head = 'id,type,prompt,answer\nc1,card,Front?,';
    const text = head + 'x'.repeat(MAX_BYTES - head.length);
    // The size passes; the model's own limit on a card's back is what answers.
    expect(importCourse(text).problems).toEqual([
      { line: 2, message: "the card's back (its answer) is longer than 2000 characters" },
    ]);
  });
});

describe('HTML and script in Anki fields', () => {
  it.each([
    ['<script>alert(1)</script>Safe', 'Safe'],
    ['<style>body{display:none}</style>Safe', 'Safe'],
    ['<img src=x onerror="alert(1)">Safe', 'Safe'],
    ['<b onclick="steal()">Bold</b>', '**Bold**'],
    ['<a href="javascript:alert(1)">Click</a>', 'Click'],
    ['<a href=" JaVaScRiPt:alert(1)">Click</a>', 'Click'],
    [
      '<a href="https://arxiv.org/abs/2203.15556">Paper</a>',
      'Paper (https://arxiv.org/abs/2203.15556)',
    ],
    ['<iframe src="https://evil.example"></iframe>Safe', 'Safe'],
    ['<svg><script>alert(1)</script></svg>Safe', 'Safe'],
    ['<u>under</u> <span style="color:red">red</span> <font>old</font>', 'under red old'],
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '<script>alert(1)</script>'],
  ])('%s → %s', (html, markup) => {
    expect(card(html)).toBe(markup);
  });

  it('an escaped <script> stays text: the reply escapes it for each platform, nothing runs it', () => {
    // The item holds plain text; rendering it is the adapters' job (they escape < & >).
    expect(card('&lt;b&gt;not bold&lt;/b&gt;')).toBe('<b>not bold</b>');
  });
});

describe('mentions stay plain text', () => {
  it.each([
    ['@everyone and @here', '@everyone and @here'],
    ['<@123456789012345678> and <@&42> and <#99>', '<@123456789012345678> and <@&42> and <#99>'],
    ['<!channel> and <!here> and <!subteam^S1>', '<!channel> and <!here> and <!subteam^S1>'],
    ['&lt;!channel&gt; &lt;@U0ABC&gt;', '<!channel> <@U0ABC>'],
  ])('%s', (html, text) => {
    expect(card(html)).toBe(text);
  });

  it('is never turned into markup in CSV or GIFT either', () => {
    const csv = importCourse('type,prompt,answer\ncard,Ping @everyone <!channel>?,<@123> too\n')
      .items[0];
    expect(csv).toMatchObject({ prompt: 'Ping @everyone <!channel>?', back: '<@123> too' });
    const gift = importCourse('::m:: Ping @everyone <!channel> and <@123>? {T}', { format: 'gift' })
      .items[0];
    expect(gift).toMatchObject({ prompt: 'Ping @everyone <!channel> and <@123>?' });
  });
});

describe('arbitrary input', () => {
  const FORMAT = fc.constantFrom(undefined, ...FORMATS);
  const check = (input: Uint8Array | string, format: (typeof FORMATS)[number] | undefined) => {
    const result = importCourse(input, { format });
    // All or nothing, and every problem has a line and words.
    expect(result.items.length === 0 || result.problems.length === 0).toBe(true);
    for (const p of result.problems) {
      expect(Number.isInteger(p.line) && p.line >= 0).toBe(true);
      expect(p.message.length).toBeGreaterThan(5);
    }
  };

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), FORMAT, (s, f) => check(s, f)),
      { numRuns: 400 },
    );
  });

  it('never throws on text made of the formats’ own punctuation (property)', () => {
    const unit = fc.constantFrom(
      ...'#:{}=~,;\t\n"\'|<>/\\ab1.%-$'.split(''),
      '::',
      '//',
      '#separator:',
      '#html:true',
      '{#',
      '..',
      '<b>',
      '<script>',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), FORMAT, (s, f) => check(s, f)),
      { numRuns: 600 },
    );
  });

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), FORMAT, (b, f) => check(b, f)),
      { numRuns: 300 },
    );
  });

  it('htmlToMarkup never throws and never leaves a tag of a dropped kind (property)', () => {
    const unit = fc.constantFrom(
      '<script>',
      '</script>',
      '<b>',
      '</b>',
      '<a href="javascript:x">',
      '</a>',
      '<',
      '>',
      'x',
      ' ',
      '&lt;',
      '<!--',
      '-->',
      '<style>',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (s) => {
        const out = htmlToMarkup(s);
        expect(out).not.toMatch(/javascript:/i);
      }),
      { numRuns: 500 },
    );
  });
});
