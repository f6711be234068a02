import type { ExtrapolationWarning, Fit } from './fits.js';

export type { Solution } from '../worked.js';

/** A coefficient as the paper prints it (six significant figures at most): 406.4, 2085.43. */
export const coef = (x: number): string => String(Number(x.toPrecision(6)));

/** A fit's name for headings, with Kaplan's caveat kept short. */
export const fitTitle = (fit: Fit): string => fit.label;

/**
 * One note per fit whose runs do not cover the answer, naming each thing outside and the
 * span it is outside of (the same range constant the check uses).
 */
export function extrapolationNotes(
  fits: readonly Fit[],
  warnings: ExtrapolationWarning[],
): string[] {
  return fits.flatMap((fit) => {
    const mine = warnings.filter((w) => w.fit === fit.name);
    if (mine.length === 0) return [];
    return [
      `⚠ Extrapolation for ${fit.label}: ${mine.map((w) => w.message).join('; ')}. Read its numbers as a projection.`,
    ];
  });
}

/** Where the ranges behind some warnings come from, for the citations. */
export const rangeSources = (fits: readonly Fit[], warnings: ExtrapolationWarning[]): string[] =>
  fits.filter((f) => f.range && warnings.some((w) => w.fit === f.name)).map((f) => f.range!.source);
