import { formatCount, formatSci, sig3 } from '../scaling/quantity.js';

/** Axis tick text: 1B, 10B, 100B, 1T, and powers of ten beyond (10¹⁵). */
export function formatTick(value: number): string {
  if (Math.abs(value) >= 1e15) return formatPowerOfTen(value);
  return formatCount(value);
}

/** 1e23 → "10²³", 3e23 → "3.0 × 10²³". */
export function formatPowerOfTen(value: number): string {
  return formatSci(value).replace(/^1\.0 × /, '');
}

/** A compact number for file names: 6e22 → "6e22", 1.5e23 → "1.5e23". */
export function fileNumber(value: number): string {
  if (!(value > 0) || !Number.isFinite(value)) return 'x';
  const exponent = Math.floor(Math.log10(value));
  return `${sig3(value / 10 ** exponent)}e${exponent}`;
}

/** Lowercase letters, digits and dashes only. */
export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'chart';

/** log-spaced values from lo to hi inclusive. */
export function logSpace(lo: number, hi: number, count: number): number[] {
  const a = Math.log10(lo);
  const step = (Math.log10(hi) - a) / (count - 1);
  return Array.from({ length: count }, (_, i) => 10 ** (a + i * step));
}

export const ALT_LIMIT = 1000;

/** Join alt-text sentences, dropping whole sentences from the end to stay within the limit. */
export function altText(sentences: string[]): string {
  let out = '';
  for (const s of sentences) {
    const next = out ? `${out} ${s}` : s;
    if (next.length > ALT_LIMIT - 2) return out ? `${out} …` : `${s.slice(0, ALT_LIMIT - 1)}…`;
    out = next;
  }
  return out;
}
