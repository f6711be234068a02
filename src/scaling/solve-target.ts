import { CITATIONS } from './citations.js';
import { InputError } from '../input-error.js';
import {
  extrapolationWarningsFor,
  type ExtrapolationWarning,
  type Fit,
  type ParametricFit,
} from './fits.js';
import { optimalForLoss } from './inference.js';
import { coef, extrapolationNotes, rangeSources, type Solution } from './solution.js';
import {
  formatCount,
  formatFlops,
  formatLoss,
  formatRatio,
  formatSci,
  readNumber,
} from './quantity.js';
import type { Field, Step } from '../worked.js';

/** Why a fit cannot reach the loss: it is below E, equal to E, or within the margin above it. */
export type Unreachable = {
  unreachable: true;
  E: number;
  reason: 'below' | 'at' | 'near';
  margin: number;
};

export interface TargetData {
  loss: number;
  fits: Record<string, { params: number; tokens: number; compute: number } | Unreachable>;
  /** Where each fit's answer lies outside its runs; empty when inside all of them. */
  warnings: ExtrapolationWarning[];
}

/**
 * Losses this close above E count as out of reach. N, D and C grow like (L − E)^(−1/α) and
 * (L − E)^(−1/β), without bound as L → E; already at L − E = 0.01 both fits ask for
 * more than 10³⁰ FLOPs, far outside anything trained, and a tiny typed margin above E
 * (1.69000001) would otherwise print a meaningless 10⁷¹.
 */
export const NEAR_E_MARGIN = 0.01;

/** L − E with the digits that matter: 0.31, 0.1828, 0.005, 1.0 × 10⁻⁸. */
export const formatGap = (x: number): string =>
  Math.abs(x) >= 1e-3 ? String(Number(x.toPrecision(4))) : formatSci(x);

/** The loss as typed when it has more than three decimals (1.69000001), else 1.690. */
const showLoss = (x: number): string => (Number(x.toFixed(3)) === x ? formatLoss(x) : String(x));

function reachOf(fit: ParametricFit, loss: number): Unreachable | undefined {
  const gap = loss - fit.E;
  if (gap >= NEAR_E_MARGIN) return undefined;
  const reason = gap < 0 ? 'below' : gap === 0 ? 'at' : 'near';
  return { unreachable: true, E: fit.E, reason, margin: NEAR_E_MARGIN };
}

/** Why, without the loss: "below E = 1.8172", "within 0.01 nats of E = 1.69 (L − E = …)". */
function reasonText(fit: ParametricFit, loss: number, u: Unreachable): string {
  const E = `the irreducible loss E = ${coef(fit.E)}`;
  if (u.reason === 'below') return `below ${E}`;
  if (u.reason === 'at') return `equal to ${E}`;
  return `within ${u.margin} nats of ${E}, with L − E = ${formatGap(loss - fit.E)}`;
}

const unreachableText = (fit: ParametricFit, loss: number, u: Unreachable): string =>
  `${showLoss(loss)} is ${reasonText(fit, loss, u)}`;

/** A loss as typed: a plain positive number of nats per token. */
export function parseLoss(input: string): number {
  const value = readNumber(input);
  if (value === undefined || !(value > 0) || value > 20) {
    throw new InputError(
      'not_a_number',
      'A target loss is a number of nats per token, such as 2.0',
      input,
      '/target 2.0',
    );
  }
  return value;
}

/**
 * The least training compute that reaches loss ℓ under each fit. At the optimum
 * α·A/N^α = β·B/D^β, so ℓ = E + (1 + α/β)·A/N^α, which gives N, then D, then C = 6ND.
 */
export function solveTarget(loss: number, fits: Fit[]): Solution & { data: TargetData } {
  const parametric = fits.filter((f): f is ParametricFit => f.kind === 'parametric');
  const steps: Step[] = [];
  const fields: Field[] = [];
  const notes: string[] = [];
  const data: TargetData = { loss, fits: {}, warnings: [] };
  const citations = new Set<string>();
  for (const fit of parametric) {
    citations.add(fit.citation);
    const out = reachOf(fit, loss);
    if (out) {
      data.fits[fit.name] = out;
      const edge = optimalForLoss(fit, fit.E + out.margin);
      steps.push({
        title: `${fit.label}: out of reach`,
        formula: 'L(N, D) = E + A/N^α + B/D^β > E for every finite N and D',
        result:
          out.reason === 'near'
            ? `${unreachableText(fit, loss, out)}: the compute needed grows without bound as L approaches E, and is already ${formatFlops(6 * edge.params * edge.tokens)} at L − E = ${out.margin}, so the tutor treats it as out of reach`
            : `${unreachableText(fit, loss, out)}: no amount of compute reaches it under this fit`,
      });
      continue;
    }
    const gap = formatGap(loss - fit.E);
    const { params, tokens } = optimalForLoss(fit, loss);
    const compute = 6 * params * tokens;
    data.fits[fit.name] = { params, tokens, compute };
    steps.push({
      title: `Least compute for loss ${showLoss(loss)}: ${fit.label}`,
      formula: 'N = (A·(1 + α/β) / (L − E))^(1/α),  D = (B·(1 + β/α) / (L − E))^(1/β),  C = 6·N·D',
      substitution: `L − E = ${showLoss(loss)} − ${coef(fit.E)} = ${gap};  N = (${coef(fit.A)} × ${(1 + fit.alpha / fit.beta).toFixed(3)} / ${gap})^(1/${coef(fit.alpha)}) = ${formatCount(params)};  D = (${coef(fit.B)} × ${(1 + fit.beta / fit.alpha).toFixed(3)} / ${gap})^(1/${coef(fit.beta)}) = ${formatCount(tokens)}`,
      result: `${formatFlops(compute)}: ${formatCount(params)} params on ${formatCount(tokens)} tokens (${formatRatio(tokens / params)} tokens/param)`,
    });
    fields.push({
      label: fit.label,
      value: `${formatFlops(compute)} · ${formatCount(params)} params · ${formatCount(tokens)} tokens`,
      inline: true,
    });
  }
  const reachable = parametric.filter((f) => !('unreachable' in (data.fits[f.name] ?? {})));
  if (reachable.length === 0) {
    const lowest = Math.min(...parametric.map((f) => f.E));
    const allBelow = parametric.every((f) => loss < f.E);
    const why = allBelow
      ? `is below the irreducible term E of every fit (E = ${parametric.map((f) => coef(f.E)).join(', ')}); pick a loss above ${coef(lowest)}`
      : `is out of reach of every fit. ${parametric
          .map((f) => `${f.label}: ${reasonText(f, loss, data.fits[f.name] as Unreachable)}`)
          .join(
            '; ',
          )}. Near E the compute needed grows without bound, so pick a loss of at least ${coef(lowest + NEAR_E_MARGIN)}`;
    throw new InputError(
      'out_of_range',
      `A loss of ${showLoss(loss)} ${why}`,
      String(loss),
      '/target 2.0',
    );
  }
  data.warnings = extrapolationWarningsFor(reachable, (fit) => {
    const o = data.fits[fit.name] as { params: number; tokens: number };
    return { params: o.params, tokens: o.tokens };
  });
  notes.push(...extrapolationNotes(reachable, data.warnings));
  for (const source of rangeSources(reachable, data.warnings)) citations.add(source);
  if (fits.some((f) => f.kind === 'kaplan'))
    notes.push(
      'Kaplan 2020 is left out: its loss is measured on WebText2 and has no irreducible term to compare.',
    );
  notes.push(
    'Loss is in nats per token on the fit’s own data; it falls slowly, so each step down costs many times more compute.',
  );
  const main = reachable.find((f) => f.name === 'epoch2024') ?? reachable[0]!;
  const m = data.fits[main.name] as { params: number; tokens: number; compute: number };
  return {
    title: `Least compute to reach loss ${showLoss(loss)}`,
    summary: `Loss ${showLoss(loss)} needs about ${formatFlops(m.compute)}: ${formatCount(m.params)} params on ${formatCount(m.tokens)} tokens, by ${main.label}.`,
    steps,
    fields,
    notes,
    citations: [...citations, CITATIONS.hoffmann2022],
    data,
  };
}
