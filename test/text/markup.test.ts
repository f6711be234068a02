import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDiscord, toPlain as discordPlain } from '../../src/adapters/discord/text.js';
import { stripMarkup } from '../../src/adapters/shared/plain-text.js';
import { toMrkdwn, toPlain as slackPlain } from '../../src/adapters/slack/text.js';
import { parseMarkup, stripAllMarkup } from '../../src/text/markup.js';

describe('the one markup tokenizer', () => {
  it('reads bold, italic and code, nested where it may be', () => {
    expect(parseMarkup('a **b _c_** `d*e*` f')).toEqual([
      { kind: 'text', text: 'a ' },
      {
        kind: 'bold',
        children: [
          { kind: 'text', text: 'b ' },
          { kind: 'italic', children: [{ kind: 'text', text: 'c' }] },
        ],
      },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'd*e*' },
      { kind: 'text', text: ' f' },
    ]);
  });

  it('never reads underscores inside words as italics', () => {
    expect(parseMarkup('tokens_per_param and N_opt_x')).toEqual([
      { kind: 'text', text: 'tokens_per_param and N_opt_x' },
    ]);
  });

  it('leaves unmatched markers as text and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '_', '`', 'a', ' ', '\n', 'é') }), (s) => {
        const plain = stripAllMarkup(s);
        // Removing markers only ever shortens the text.
        expect(plain.length).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 500 },
    );
    expect(stripAllMarkup('a ** b _ c `')).toBe('a ** b _ c `');
  });

  it('gives every platform the same italics (they used to disagree)', () => {
    const text = 'the _fitted_ law, not tokens_per_param';
    expect(toDiscord(text)).toBe('the _fitted_ law, not tokens\\_per\\_param');
    expect(toMrkdwn(text)).toBe('the _fitted_ law, not tokens_per_param');
    expect(stripMarkup(text)).toBe('the fitted law, not tokens_per_param');
    expect(discordPlain(text)).toBe('the fitted law, not tokens_per_param');
    expect(slackPlain(text)).toBe('the fitted law, not tokens_per_param');
  });

  it('escapes what is not markup on each platform', () => {
    expect(toDiscord('**x** <@1> # h')).toBe('**x** \\<@1> # h');
    expect(toMrkdwn('**x** <!channel> & @here')).toBe('*x* &lt;!channel&gt; &amp; @\u2060here');
    expect(toMrkdwn('`a<b`')).toBe('`a&lt;b`');
  });
});
