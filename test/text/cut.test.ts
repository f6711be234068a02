import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText, truncate } from '../../src/text/cut.js';

const text = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', '\n', '😀', '\\', '&', 'é'),
  maxLength: 400,
});

const splitsPair = (s: string) => /[\uD800-\uDBFF]$/.test(s) || /^[\uDC00-\uDFFF]/.test(s);

describe('one truncate and split for every platform', () => {
  it('truncate stays within the limit and never cuts a surrogate pair', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 120 }), (s, max) => {
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(splitsPair(out.replace(/…$/, ''))).toBe(false);
        if (s.length <= max) expect(out).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('split keeps every chunk within the limit, loses no word and splits no pair', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 80 }), (s, max) => {
        const chunks = splitText(s, max);
        for (const c of chunks) {
          expect(c.length).toBeLessThanOrEqual(max);
          expect(splitsPair(c)).toBe(false);
        }
        expect(chunks.join('').replace(/\s+/g, '')).toBe(s.replace(/\s+/g, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('lets a platform drop an unsafe tail', () => {
    const rules = { trimUnsafeTail: (h: string) => h.replace(/&[a-z]{0,4}$/, '') };
    expect(truncate('aaaa &amp; b', 8, rules)).toBe('aaaa…');
    expect(splitText('aaaaaa&amp;bbbb', 8, rules)[0]).toBe('aaaaaa');
  });

  it('prefers a word break near the limit', () => {
    expect(truncate('alpha beta gamma', 12)).toBe('alpha beta…');
    expect(splitText('alpha beta gamma', 11)).toEqual(['alpha beta', 'gamma']);
  });
});
