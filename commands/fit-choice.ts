/** Which fits an answer shows: the defaults, one named fit, custom coefficients, or all. */
import { InputError } from '../src/input-error.js';
import { FIT_NAMES, FITS, resolveFit, type Fit, type ParametricFit } from '../src/scaling/fits.js';
import type { SavedFitRow } from '../src/store/index.js';
import type { CommandContext, Suggestion, SuggestContext } from './define.js';
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

/** A saved name: lower-case letters, digits and '-', never a built-in fit's name. */
export const SAVED_FIT_NAME = /^[a-z0-9-]{1,32}$/;
const RESERVED = new Set<string>([...FIT_NAMES, 'all', 'custom']);
export const isSavedFitName = (name: string) => SAVED_FIT_NAME.test(name) && !RESERVED.has(name);

/** A saved fit as the custom parametric fit it is, labelled with its name. */
export function savedFit(row: SavedFitRow): ParametricFit {
  return {
    kind: 'parametric',
    name: 'custom',
    label: `Saved fit "${row.name}" (E ${row.e}, A ${row.a}, B ${row.b}, α ${row.alpha}, β ${row.beta})`,
    E: row.e,
    A: row.a,
    B: row.b,
    alpha: row.alpha,
    beta: row.beta,
    citation: 'Fitted with /fit and saved by a TA of this server',
  };
}

/**
 * `chooseFits`, and a name that is neither built in nor coefficients is looked up in the
 * server's saved fits; an unknown one is the usual error, now listing the saved names.
 */
export async function chooseFitsFor(
  ctx: CommandContext,
  text: string | undefined,
  defaults: readonly string[],
): Promise<Fit[]> {
  try {
    return chooseFits(text, defaults);
  } catch (error) {
    const repo = await ctx.services?.savedFits?.();
    const key = text?.trim().toLowerCase() ?? '';
    if (!(error instanceof InputError) || !repo || !ctx.server || !isSavedFitName(key)) throw error;
    const where = { platform: ctx.platform, serverId: ctx.server.id };
    const row = await repo.get(where, key);
    if (row) return [savedFit(row)];
    const names = await repo.names(where);
    if (names.length === 0) throw error;
    throw new InputError(
      'unknown_option',
      `Unknown fit; choose one of ${FIT_NAMES.join(', ')}, this server's saved fits (${names.join(', ')}), or give five numbers E,A,B,α,β`,
      text ?? '',
      names[0]!,
    );
  }
}

/** Fit completion with the server's saved names where the store is reachable. */
export async function suggestFitsFor(partial: string, ctx?: SuggestContext): Promise<Suggestion[]> {
  const builtIn = suggestFits(partial);
  const repo = await ctx?.services?.savedFits?.();
  if (!repo || !ctx?.server) return builtIn;
  const q = partial.trim().toLowerCase();
  const saved = (await repo.names({ platform: ctx.platform, serverId: ctx.server.id }))
    .filter((n) => n.includes(q))
    .map((n) => ({ name: `${n} (saved fit)`, value: n }));
  return [...builtIn, ...saved].slice(0, 25);
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
