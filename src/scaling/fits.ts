import { CITATIONS } from './citations.js';
import { InputError } from '../input-error.js';
import { formatCount, formatFlops, formatSci, sig3 } from './quantity.js';

/** Where a fit's training runs lay; answers outside it are extrapolations. */
export interface FitRange {
  params: [number, number];
  compute: [number, number];
  tokensPerParam: [number, number];
  /** Where the edges come from, for the warning's reader. */
  source: string;
}

/** Kaplan's runs: model and data sizes only (their compute was not one grid). */
export interface KaplanRange {
  params: [number, number];
  tokens: [number, number];
  source: string;
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
  range: KaplanRange;
}

export type Fit = ParametricFit | KaplanFit;

/**
 * Chinchilla's runs, the one range both the check and the warning text use: over 400 models
 * of 70M to 16B params (Hoffmann et al. 2022, abstract and §3.3); compute and tokens per
 * parameter as in the 240 points Epoch digitised from Hoffmann's Figure 4 (1.4e18–1.3e22
 * FLOPs, D/N 0.46–341).
 */
export const CHINCHILLA_RANGE: FitRange = {
  params: [7e7, 1.6e10],
  compute: [1.4e18, 1.3e22],
  tokensPerParam: [0.5, 340],
  source: `${CITATIONS.hoffmann2022}, abstract; ${CITATIONS.epoch2024}, digitised Figure 4 data`,
};

/** Kaplan et al. 2020 §3: 768 to 1.5B non-embedding params, 22M to 23B tokens. */
export const KAPLAN_RANGE: KaplanRange = {
  params: [768, 1.5e9],
  tokens: [2.2e7, 2.3e10],
  source: `${CITATIONS.kaplan2020}, §3`,
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
    range: KAPLAN_RANGE,
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

export type ExtrapolationAspect = 'params' | 'tokens' | 'compute' | 'tokensPerParam';

/** One way an answer lies outside the runs behind a fit. */
export interface ExtrapolationWarning {
  /** The fit's name (`epoch2024`). */
  fit: string;
  aspect: ExtrapolationAspect;
  /** The answer's value, and the span of the fit's runs. */
  value: number;
  range: [number, number];
  /** One sentence a student can read: what is outside, by how much, and the source. */
  message: string;
}

/** What is known about the point: N and D, N and C, D and C, or only C. */
export interface ExtrapolationPoint {
  params?: number;
  tokens?: number;
  compute?: number;
}

const ASPECT_WORDS: Record<ExtrapolationAspect, string> = {
  params: 'model size',
  tokens: 'training data',
  compute: 'compute',
  tokensPerParam: 'tokens per parameter',
};

function showAspect(aspect: ExtrapolationAspect, x: number): string {
  if (aspect === 'compute') return formatFlops(x);
  if (aspect === 'tokensPerParam') return `${sig3(x)} tokens/param`;
  return `${formatCount(x)} ${aspect === 'params' ? 'params' : 'tokens'}`;
}

/** A range as text, from the same constant the check uses: "70M–16B params". */
export function formatRange(aspect: ExtrapolationAspect, [lo, hi]: [number, number]): string {
  if (aspect === 'compute') return `${formatSci(lo)}–${formatFlops(hi)}`;
  if (aspect === 'tokensPerParam') return `${sig3(lo)}–${sig3(hi)} tokens/param`;
  return `${formatCount(lo)}–${showAspect(aspect, hi)}`;
}

/**
 * Where a point lies outside the runs a fit was made from, one warning per aspect, for
 * answers, `--json` and generated problems alike. Give N and D, N and C, D and C, or just C
 * (then only compute is checked). Custom fits have no range and never warn.
 */
export function extrapolationWarnings(fit: Fit, point: ExtrapolationPoint): ExtrapolationWarning[] {
  if (!fit.range) return [];
  let { params: N, tokens: D } = point;
  let C = point.compute;
  if (N !== undefined && D !== undefined) C ??= 6 * N * D;
  else if (N !== undefined && C !== undefined) D = C / (6 * N);
  else if (D !== undefined && C !== undefined) N = C / (6 * D);
  const values: Partial<Record<ExtrapolationAspect, number>> = {
    params: N,
    tokens: D,
    compute: C,
    tokensPerParam: N !== undefined && D !== undefined ? D / N : undefined,
  };
  const ranges: Partial<Record<ExtrapolationAspect, [number, number]>> =
    fit.kind === 'parametric'
      ? {
          params: fit.range.params,
          compute: fit.range.compute,
          tokensPerParam: fit.range.tokensPerParam,
        }
      : { params: fit.range.params, tokens: fit.range.tokens };
  const out: ExtrapolationWarning[] = [];
  for (const aspect of Object.keys(ranges) as ExtrapolationAspect[]) {
    const range = ranges[aspect]!;
    const value = values[aspect];
    if (value === undefined || (value >= range[0] && value <= range[1])) continue;
    const side = value > range[1] ? 'above' : 'below';
    out.push({
      fit: fit.name,
      aspect,
      value,
      range,
      message: `${ASPECT_WORDS[aspect]} ${showAspect(aspect, value)} is ${side} its runs' ${formatRange(aspect, range)}`,
    });
  }
  return out;
}

/** The warnings of several fits, in the order given. */
export const extrapolationWarningsFor = (
  fits: readonly Fit[],
  pointOf: (fit: Fit) => ExtrapolationPoint | undefined,
): ExtrapolationWarning[] =>
  fits.flatMap((fit) => {
    const point = pointOf(fit);
    return point ? extrapolationWarnings(fit, point) : [];
  });
