/** Which fits an answer shows: the defaults, one named fit, custom coefficients, or all. */
import { FIT_NAMES, FITS, resolveFit, type Fit } from '../src/scaling/fits.js';
import type { Suggestion } from './define.js';

export function chooseFits(text: string | undefined, defaults: readonly string[]): Fit[] {
  if (text === undefined || text.trim() === '') return defaults.map((n) => resolveFit(n));
  if (text.trim().toLowerCase() === 'all') return FIT_NAMES.map((n) => FITS[n]);
  return [resolveFit(text)];
}

export function suggestFits(partial: string): Suggestion[] {
  const q = partial.trim().toLowerCase();
  return [...FIT_NAMES, 'all']
    .filter((n) => n.includes(q))
    .map((n) => ({
      name: n === 'all' ? 'all (every fit side by side)' : FITS[n as keyof typeof FITS].label,
      value: n,
    }));
}

/** What a chart needs to know about a fit (custom ones carry their coefficients). */
export function fitRef(fit: Fit) {
  if (fit.kind === 'parametric' && fit.name === 'custom') {
    const { E, A, B, alpha, beta } = fit;
    return { name: 'custom', coefficients: { E, A, B, alpha, beta } };
  }
  return { name: fit.name };
}
