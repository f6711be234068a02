/**
 * A numeric question's typed answers, summarised for a TA: how many were within the tolerance,
 * the median typed value, and the wrong values grouped so a slip shows as one line. A wrong
 * value that is the answer times a power of ten (within the tolerance, scaled) is a unit or
 * factor-of-ten slip ("10× too high"); the rest are clustered when within the tolerance of
 * each other and shown with their ratio to the answer, so a missing √6 reads "2.45× the answer".
 */
import { formatCount, sig3 } from '../scaling/quantity.js';
import { showNumber, withinTolerance, type NumericAnswer } from '../quiz/numeric.js';

export interface TypedFact {
  value: number;
  /** As scored when stored (the reveal counts the same way). */
  correct: number;
}

export interface WrongGroup {
  /** "10× too high", or the cluster's median value. */
  label: string;
  count: number;
  /** The median of the group's values. */
  median: number;
  /** Power of ten for a magnitude slip (1 = 10× too high, -3 = 1000× too low); 0 otherwise. */
  power: number;
}

export interface NumericSummary {
  typed: number;
  within: number;
  median: number | undefined;
  wrong: WrongGroup[];
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The power of ten k (|k| ≥ 1) with value ≈ answer × 10^k within the scaled tolerance, or 0. */
export function magnitudeSlip(answer: NumericAnswer, value: number): number {
  if (answer.value === 0 || value === 0 || Math.sign(value) !== Math.sign(answer.value)) return 0;
  const k = Math.round(Math.log10(value / answer.value));
  if (k === 0) return 0;
  return withinTolerance(answer, value / 10 ** k) ? k : 0;
}

// A factor, not a quantity: "1000×" reads better than "1K×"; past 10⁴, "10^6×".
const slipLabel = (k: number): string =>
  `${Math.abs(k) <= 4 ? String(10 ** Math.abs(k)) : `10^${Math.abs(k)}`}× too ${k > 0 ? 'high' : 'low'}`;

export function summariseTyped(answer: NumericAnswer, facts: readonly TypedFact[]): NumericSummary {
  const wrongValues = facts.filter((f) => !f.correct).map((f) => f.value);
  const slips = new Map<number, number[]>();
  const rest: number[] = [];
  for (const v of wrongValues) {
    const k = magnitudeSlip(answer, v);
    if (k === 0) rest.push(v);
    else slips.set(k, [...(slips.get(k) ?? []), v]);
  }
  const groups: WrongGroup[] = [...slips].map(([k, vs]) => ({
    label: slipLabel(k),
    count: vs.length,
    median: median(vs)!,
    power: k,
  }));
  // Greedy clusters in value order: each holds the values within the tolerance of its first.
  rest.sort((a, b) => a - b);
  for (let i = 0; i < rest.length;) {
    let j = i + 1;
    while (j < rest.length && rest[j]! - rest[i]! <= answer.tolerance) j++;
    const vs = rest.slice(i, j);
    const m = median(vs)!;
    groups.push({ label: formatCount(m), count: vs.length, median: m, power: 0 });
    i = j;
  }
  // Most common first; at equal counts a slip first (the likelier lesson), then by value.
  groups.sort(
    (a, b) => b.count - a.count || Number(!a.power) - Number(!b.power) || a.median - b.median,
  );
  return {
    typed: facts.length,
    within: facts.filter((f) => f.correct).length,
    median: median(facts.map((f) => f.value)),
    wrong: groups,
  };
}

/** Wrong groups shown in a stats line; the rest are counted as "n other". */
export const SHOWN_GROUPS = 4;

/**
 * "within 22.4B ± 500M: 3 of 7 typed · median 22.4B" and, when any were wrong, a second line
 * "wrong: 10× too high 2 (224B) · 54.9B 2 (2.45× the answer) · 1 other".
 */
export function typedLine(answer: NumericAnswer, s: NumericSummary): string {
  const head = `within ${showNumber(answer.value)} ± ${showNumber(answer.tolerance)}: ${s.within} of ${s.typed} typed`;
  const first = s.median === undefined ? head : `${head} · median ${formatCount(s.median)}`;
  if (s.wrong.length === 0) return first;
  const shown = s.wrong.slice(0, SHOWN_GROUPS).map((g) => {
    if (g.power !== 0) return `${g.label} ${g.count} (${formatCount(g.median)})`;
    const ratio = answer.value === 0 ? '' : ` (${sig3(g.median / answer.value)}× the answer)`;
    return `${g.label} ${g.count}${ratio}`;
  });
  const others = s.wrong.slice(SHOWN_GROUPS).reduce((n, g) => n + g.count, 0);
  if (others) shown.push(`${others} other`);
  return `${first}\nwrong: ${shown.join(' · ')}`;
}
