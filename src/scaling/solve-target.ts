import { CITATIONS } from './citations.js';
import { InputError } from './errors.js';
import { extrapolationWarnings, type Fit, type ParametricFit } from './fits.js';
import { optimalForLoss } from './inference.js';
import { coef, extrapolationNote, type Solution } from './solution.js';
import { formatCount, formatFlops, formatLoss, formatRatio, readNumber } from './quantity.js';
import type { Field, Step } from '../reply.js';

export interface TargetData {
  loss: number;
  fits: Record<
    string,
    { params: number; tokens: number; compute: number } | { unreachable: true; E: number }
  >;
}

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
  const data: TargetData = { loss, fits: {} };
  const citations = new Set<string>();
  for (const fit of parametric) {
    citations.add(fit.citation);
    if (loss <= fit.E) {
      data.fits[fit.name] = { unreachable: true, E: fit.E };
      steps.push({
        title: `${fit.label}: out of reach`,
        formula: 'L(N, D) > E for every finite N and D',
        result: `${formatLoss(loss)} is at or below the irreducible loss E = ${coef(fit.E)}: no amount of compute reaches it under this fit`,
      });
      continue;
    }
    const { params, tokens } = optimalForLoss(fit, loss);
    const compute = 6 * params * tokens;
    data.fits[fit.name] = { params, tokens, compute };
    steps.push({
      title: `Least compute for loss ${formatLoss(loss)}: ${fit.label}`,
      formula: 'N = (A·(1 + α/β) / (L − E))^(1/α),  D = (B·(1 + β/α) / (L − E))^(1/β),  C = 6·N·D',
      substitution: `L − E = ${formatLoss(loss)} − ${coef(fit.E)} = ${(loss - fit.E).toFixed(4)};  N = (${coef(fit.A)} × ${(1 + fit.alpha / fit.beta).toFixed(3)} / ${(loss - fit.E).toFixed(4)})^(1/${coef(fit.alpha)}) = ${formatCount(params)};  D = (${coef(fit.B)} × ${(1 + fit.beta / fit.alpha).toFixed(3)} / ${(loss - fit.E).toFixed(4)})^(1/${coef(fit.beta)}) = ${formatCount(tokens)}`,
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
    throw new InputError(
      'out_of_range',
      `A loss of ${formatLoss(loss)} is below the irreducible term E of every fit (E = ${parametric.map((f) => coef(f.E)).join(', ')}); pick a loss above ${coef(lowest)}`,
      String(loss),
      '/target 2.0',
    );
  }
  const warn = extrapolationNote(reachable, (fit) => {
    const o = data.fits[fit.name] as { params: number; tokens: number };
    return extrapolationWarnings(fit, o.params, o.tokens);
  });
  if (warn) notes.push(warn);
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
    title: `Least compute to reach loss ${formatLoss(loss)}`,
    summary: `Loss ${formatLoss(loss)} needs about ${formatFlops(m.compute)}: ${formatCount(m.params)} params on ${formatCount(m.tokens)} tokens (${main.label}).`,
    steps,
    fields,
    notes,
    citations: [...citations, CITATIONS.hoffmann2022],
    data,
  };
}
