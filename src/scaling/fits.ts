import { CITATIONS } from './citations.js';
import { InputError } from './errors.js';

/** Where a fit's training runs lay; answers outside it are extrapolations. */
export interface FitRange {
  params: [number, number];
  compute: [number, number];
  tokensPerParam: [number, number];
}

/** L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022, eq. 2). */
export interface ParametricFit {
  kind: 'parametric';
  name: string;
  label: string;
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
  citation: string;
  note?: string;
  range?: FitRange;
}

/** L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D (Kaplan et al. 2020, eq. 1.5). */
export interface KaplanFit {
  kind: 'kaplan';
  name: 'kaplan2020';
  label: string;
  Nc: number;
  Dc: number;
  alphaN: number;
  alphaD: number;
  citation: string;
  note: string;
}

export type Fit = ParametricFit | KaplanFit;

/** Chinchilla's runs: 70M–16B params, about 1.4e18–1.3e22 FLOPs, D/N about 0.5–340. */
const CHINCHILLA_RANGE: FitRange = {
  params: [6e7, 1.6e10],
  compute: [1.4e18, 1.3e22],
  tokensPerParam: [0.5, 340],
};

export const FITS = {
  hoffmann2022: {
    kind: 'parametric',
    name: 'hoffmann2022',
    label: 'Hoffmann 2022 (Approach 3, as printed)',
    E: 1.69,
    A: 406.4,
    B: 410.7,
    alpha: 0.34,
    beta: 0.28,
    citation: `${CITATIONS.hoffmann2022}, App. D.2 eq. 10`,
    range: CHINCHILLA_RANGE,
  },
  'hoffmann2022-tex': {
    kind: 'parametric',
    name: 'hoffmann2022-tex',
    label: 'Hoffmann 2022 (Approach 3, TeX-source precision)',
    E: Math.exp(0.5267228),
    A: Math.exp(6.0073404),
    B: Math.exp(6.0179186),
    alpha: 0.33917084,
    beta: 0.2849083,
    citation: `${CITATIONS.hoffmann2022}, unrounded values from the paper's TeX source as used in ${CITATIONS.epoch2024}`,
    range: CHINCHILLA_RANGE,
  },
  epoch2024: {
    kind: 'parametric',
    name: 'epoch2024',
    label: 'Epoch AI 2024 re-fit',
    E: 1.8172,
    A: 482.01,
    B: 2085.43,
    alpha: 0.3478,
    beta: 0.3658,
    citation: CITATIONS.epoch2024,
    range: CHINCHILLA_RANGE,
  },
  kaplan2020: {
    kind: 'kaplan',
    name: 'kaplan2020',
    label: 'Kaplan 2020 (eq. 1.5)',
    Nc: 6.4e13,
    Dc: 1.8e13,
    alphaN: 0.076,
    alphaD: 0.103,
    citation: `${CITATIONS.kaplan2020}, eq. 1.5 with the Table 2 fit`,
    note: 'Kaplan counts non-embedding parameters and measures loss on WebText2, so its numbers are not comparable with the Chinchilla-style fits.',
  },
} as const satisfies Record<string, Fit>;

export type FitName = keyof typeof FITS;
export const FIT_NAMES = Object.keys(FITS) as FitName[];
/** Fits of the form E + A/N^α + B/D^β, which have a closed-form optimum. */
export const PARAMETRIC_FIT_NAMES = FIT_NAMES.filter((n) => FITS[n].kind === 'parametric');
/** The fits a default answer shows side by side. */
export const DEFAULT_OPTIMAL_FITS: FitName[] = ['hoffmann2022', 'epoch2024'];
export const DEFAULT_LOSS_FITS: FitName[] = ['hoffmann2022', 'epoch2024', 'kaplan2020'];

const CUSTOM_EXAMPLE = '1.69,406.4,410.7,0.34,0.28';

/**
 * A fit by name, or custom coefficients "E,A,B,α,β" for people with a fit of their own.
 */
export function resolveFit(text: string): Fit {
  const key = text.trim().toLowerCase();
  if (key in FITS) return FITS[key as FitName];
  const parts = key.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 5) {
    const numbers = parts.map(Number);
    if (numbers.every((x) => Number.isFinite(x) && x > 0)) {
      const [E, A, B, alpha, beta] = numbers as [number, number, number, number, number];
      if (alpha > 3 || beta > 3) {
        throw new InputError(
          'out_of_range',
          'Custom exponents α and β should be small positive numbers (the papers find about 0.3)',
          text,
          CUSTOM_EXAMPLE,
        );
      }
      return {
        kind: 'parametric',
        name: 'custom',
        label: `Custom fit (E ${E}, A ${A}, B ${B}, α ${alpha}, β ${beta})`,
        E,
        A,
        B,
        alpha,
        beta,
        citation: 'Coefficients you supplied',
      };
    }
  }
  throw new InputError(
    'unknown_option',
    `Unknown fit; choose one of ${FIT_NAMES.join(', ')}, or give five numbers E,A,B,α,β`,
    text,
    'epoch2024',
  );
}

/** The terms of the parametric loss, so answers can show each one. */
export function parametricTerms(fit: ParametricFit, N: number, D: number) {
  const paramTerm = fit.A / N ** fit.alpha;
  const dataTerm = fit.B / D ** fit.beta;
  return { E: fit.E, paramTerm, dataTerm, loss: fit.E + paramTerm + dataTerm };
}

/** Predicted loss in nats per token. Kaplan's N is non-embedding; the others count all. */
export function lossOf(fit: Fit, N: number, D: number): number {
  if (fit.kind === 'parametric') return parametricTerms(fit, N, D).loss;
  return ((fit.Nc / N) ** (fit.alphaN / fit.alphaD) + fit.Dc / D) ** fit.alphaD;
}

/** Is (N, D) outside the runs the fit was made from? Returns why, or an empty list. */
export function extrapolationWarnings(fit: Fit, N: number, D: number): string[] {
  if (fit.kind !== 'parametric' || !fit.range) return [];
  const r = fit.range;
  const out: string[] = [];
  const C = 6 * N * D;
  if (N < r.params[0] || N > r.params[1]) out.push('model size');
  if (C < r.compute[0] || C > r.compute[1]) out.push('compute');
  const ratio = D / N;
  if (ratio < r.tokensPerParam[0] || ratio > r.tokensPerParam[1]) out.push('tokens per parameter');
  return out;
}
