/**
 * The extrapolation warning a text answer would carry for the same (N, D) under the same fit.
 * One adapter, so a change in how src/scaling words or scopes the note is made here once.
 */
import { extrapolationWarnings, type Fit } from '../../scaling/fits.js';
import { extrapolationNotes } from '../../scaling/solution.js';

export function extrapolationFlag(fit: Fit, N: number, D: number): string | undefined {
  return extrapolationNotes([fit], extrapolationWarnings(fit, { params: N, tokens: D }))[0];
}
