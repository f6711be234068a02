/** Which fits an answer shows: the defaults, one named fit, custom coefficients, or all. */
import { FIT_NAMES, FITS, resolveFit, type Fit } from '../src/scaling/fits.js';
import type { CommandContext, Suggestion } from './define.js';
import { settingsFor } from './server-settings.js';

/**
 * The fits an answer shows when none is named: the server's `defaultFit` setting, else the
 * command's own side-by-side defaults. `parametricOnly`: a closed-form optimum needs one.
 */
export async function defaultFits(
  ctx: CommandContext,
  defaults: readonly string[],
  parametricOnly = false,
): Promise<readonly string[]> {
  const chosen = (await settingsFor(ctx)).defaultFit;
  if (chosen === 'standard') return defaults;
  if (parametricOnly && FITS[chosen].kind !== 'parametric') return defaults;
  return [chosen];
}

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
