import { FITS, resolveFit, type Fit, type ParametricFit } from '../scaling/fits.js';
import type { FitRef } from './request.js';

/** The fit a request names; 'custom' carries its own coefficients. Throws on bad input. */
export function fitFromRef(ref: FitRef): Fit {
  if (ref.name !== 'custom') return resolveFit(ref.name);
  const c = ref.coefficients;
  if (!c || ![c.E, c.A, c.B, c.alpha, c.beta].every((x) => Number.isFinite(x) && x > 0)) {
    throw new Error('A custom fit needs five positive coefficients E, A, B, α, β');
  }
  return {
    kind: 'parametric',
    name: 'custom',
    label: `Custom fit (E ${c.E}, A ${c.A}, B ${c.B}, α ${c.alpha}, β ${c.beta})`,
    ...c,
    citation: 'Coefficients you supplied',
  };
}

const SHORT: Record<string, string> = {
  hoffmann2022: 'Hoffmann 2022',
  'hoffmann2022-tex': 'Hoffmann 2022 (TeX)',
  epoch2024: 'Epoch 2024',
  kaplan2020: 'Kaplan 2020',
  custom: 'Custom fit',
};

/** A legend-sized name for a fit. */
export const shortFitName = (fit: Fit): string => SHORT[fit.name] ?? fit.label;

/**
 * Loss charts compare fits on one axis, so they draw only the Chinchilla-style fits: Kaplan's
 * loss is measured on WebText2 with non-embedding N, and is not comparable.
 */
export function splitComparable(refs: FitRef[]): { drawn: ParametricFit[]; skipped: Fit[] } {
  const fits = refs.map(fitFromRef);
  const drawn = fits.filter((f): f is ParametricFit => f.kind === 'parametric');
  const skipped = fits.filter((f) => f.kind !== 'parametric');
  if (drawn.length === 0) {
    throw new Error(
      `None of the fits has a loss comparable on this chart (${FITS.kaplan2020.note})`,
    );
  }
  return { drawn, skipped };
}

export const SKIPPED_NOTE =
  'Kaplan 2020 not drawn: its loss (WebText2, non-embedding N) is not comparable';
