import type { Reply } from '../reply.js';
import type { Fit } from './fits.js';

/** A worked solution: a reply without the platform-facing parts the command adds. */
export type Solution = Omit<Reply, 'visibility' | 'actions' | 'raw' | 'chart'>;

/** Shortest readable form of a coefficient: 406.4, 0.34, 1.8172. */
export const coef = (x: number): string => String(Number(x.toPrecision(5)));

/** A fit's name for headings, with Kaplan's caveat kept short. */
export const fitTitle = (fit: Fit): string => fit.label;

/** One warning for every fit whose runs do not cover the answer, naming what is outside. */
export function extrapolationNote(
  fits: Fit[],
  aspectsOf: (fit: Fit) => string[],
): string | undefined {
  const outside = fits
    .map((fit) => ({ fit, aspects: aspectsOf(fit) }))
    .filter((x) => x.aspects.length > 0);
  if (outside.length === 0) return undefined;
  const aspects = [...new Set(outside.flatMap((x) => x.aspects))];
  const names = outside.map((x) => x.fit.label).join(' and ');
  return `⚠ Extrapolation: the ${aspects.join(' and ')} lie${aspects.length === 1 ? 's' : ''} outside the runs behind ${names} (about 70M–16B params, 1.4 × 10¹⁸–1.3 × 10²² FLOPs, 0.5–340 tokens/param), so read these numbers as a projection.`;
}
