import type { Reply } from '../reply.js';
import type { Fit } from './fits.js';

/** A worked solution: a reply without the platform-facing parts the command adds. */
export type Solution = Omit<Reply, 'visibility' | 'actions' | 'raw' | 'chart'>;

/** Shortest readable form of a coefficient: 406.4, 0.34, 1.8172. */
export const coef = (x: number): string => String(Number(x.toPrecision(5)));

/** A fit's name for headings, with Kaplan's caveat kept short. */
export const fitTitle = (fit: Fit): string => fit.label;

/** Turn a list of out-of-range aspects into a warning line. */
export function extrapolationNote(fit: Fit, aspects: string[]): string | undefined {
  if (aspects.length === 0) return undefined;
  return `⚠ Extrapolation: the ${aspects.join(', ')} lies outside the runs ${fit.label} was fitted on (about 70M–16B params, 1.4 × 10¹⁸–1.3 × 10²² FLOPs, 0.5–340 tokens/param); treat its numbers as a projection.`;
}
