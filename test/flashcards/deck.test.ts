/**
 * The deck: valid, big enough, covering the course, and every number it states computed by
 * the scaling core (the same checks and the same "no unchecked number" scan as the quiz bank).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cardSchema,
  DeckError,
  loadDeck,
  loadDeckFrom,
  TAGS,
  type Card,
} from '../../src/flashcards/deck.js';
import { runCheck, SHARED_FACTS } from '../../src/course/checks.js';

const deck = loadDeck();
const textOf = (c: Card) => `${c.front}\n${c.back}`;

/** Names that contain digits but state no number: GPT-3, Llama 3.1, H100, BF16, §3.2.1, Fig. 14. */
const NAMES =
  /\bGPT-\d|\bLlama \d(?:\.\d)?|\b[HAB]\d00\b|\bBF16\b|\bFP8\b|§\d+(?:\.\d+)*|\b(?:Fig\.|Figure|Table|App\.|eq\.) \(?[A-Z]?\d+(?:\.\d+)*\)?/g;
const maskNames = (text: string) => text.replace(NAMES, (m) => m.replace(/\d/g, '#'));

function covered(text: string, strings: string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of strings) {
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) out.push([i, i + s.length]);
  }
  return out;
}

describe('flashcard deck', () => {
  it('has at least 30 valid cards with unique ids, covering every course topic', () => {
    expect(deck.length).toBeGreaterThanOrEqual(30);
    for (const c of deck) expect(cardSchema.safeParse(c).success, c.id).toBe(true);
    expect(new Set(deck.map((c) => c.id)).size).toBe(deck.length);
    for (const tag of TAGS) {
      expect(deck.filter((c) => c.tags.includes(tag)).length, tag).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps the fronts short enough to read at a glance and different from the backs', () => {
    for (const c of deck) {
      expect(c.front.length, c.id).toBeLessThanOrEqual(300);
      expect(c.back, c.id).not.toContain(c.front);
    }
  });

  it('checks the shared facts against the core', () => {
    for (const fact of SHARED_FACTS) expect(runCheck(fact), fact.fn).toMatchObject({ ok: true });
  });

  it.each(deck.map((c) => [c.id, c] as const))('%s: its numbers agree with the core', (_id, c) => {
    const text = textOf(c);
    for (const check of c.checks ?? []) {
      const result = runCheck(check);
      expect(
        result.ok,
        `${check.fn} computed ${String(result.computed)}, the card says ${String(check.value)}`,
      ).toBe(true);
      for (const s of check.shown) expect(text, `${check.fn} shown "${s}"`).toContain(s);
    }
    // Every number on the card is a checked fact, a shared fact, or a year.
    const ranges = covered(text, [
      ...(c.checks ?? []).flatMap((k) => k.shown),
      ...SHARED_FACTS.flatMap((k) => k.shown),
    ]);
    for (const m of maskNames(text).matchAll(/\d+(?:[.,]\d+)*/g)) {
      const start = m.index;
      const end = start + m[0].length;
      if (/^(19|20)\d\d$/.test(m[0])) continue;
      const ok = ranges.some(([a, b]) => a <= start && end <= b);
      expect(
        ok,
        `unchecked number "${m[0]}" in …${text.slice(Math.max(0, start - 30), end + 30)}…`,
      ).toBe(true);
    }
  });

  it('does not repeat the seed sheet mistakes', () => {
    const all = deck.map(textOf).join('\n');
    // The seed's garbled loss formula uses E = 1.61 and gets 4.73; the core says otherwise.
    expect(all).not.toContain('1.61');
    expect(all).not.toContain('4.73');
    // Chinchilla showed earlier models were under-trained, not over-trained.
    expect(all).not.toMatch(/many large models[^.]*over-trained/i);
  });

  it('rejects a malformed deck file with the file and field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deck-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ ...deck[0]!, tags: ['astrology'] }]));
    expect(() => loadDeckFrom(`${dir}/`)).toThrow(DeckError);
    expect(() => loadDeckFrom(`${dir}/`)).toThrow(/bad\.json: 0\.tags/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([deck[0], deck[0]]));
    expect(() => loadDeckFrom(`${dir}/`)).toThrow(/duplicate/);
    writeFileSync(join(dir, 'bad.json'), '[{');
    expect(() => loadDeckFrom(`${dir}/`)).toThrow(/not valid JSON/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ ...deck[0]!, source: 'My notes' }]));
    expect(() => loadDeckFrom(`${dir}/`)).toThrow(/bad\.json: 0\.source: .*not a known paper/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ ...deck[0]!, extra: 1 }]));
    expect(() => loadDeckFrom(`${dir}/`)).toThrow(/bad\.json/);
  });
});
