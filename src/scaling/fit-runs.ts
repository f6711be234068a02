/**
 * Fit L = E + A/N^α + B/D^β to your own runs the way Hoffmann et al. 2022 App. D.2 did:
 * minimise Σ Huber_δ(LSE(a − α ln N, b − β ln D, e) − ln L) with δ = 1e-3, by L-BFGS from a grid
 * of starts, then A, B, E = e^a, e^b, e^e. The sum (not the mean) and tight tolerances matter:
 * the objective is ~1e-3 and its gradients tiny (Besiroglu et al. 2024). Bootstrap resamples
 * (as Besiroglu et al. did) start from the best fit, so each converges in a few iterations.
 *
 * The optimiser is hand-written: the npm packages checked (fmin, optimization-js, numeric) are
 * broken on Node 20 or stop far from the optimum on this objective (reference §14.3).
 */
import { InputError } from '../input-error.js';
import { lbfgs } from './lbfgs.js';

export interface Run {
  params: number;
  tokens: number;
  loss: number;
}

export const HUBER_DELTA = 1e-3;

/** θ = [a, b, e, α, β]. */
type Theta = [number, number, number, number, number];

interface Prepared {
  lnN: Float64Array;
  lnD: Float64Array;
  lnL: Float64Array;
  /** How many times each run counts (bootstrap resamples reuse the arrays). */
  weight: Float64Array;
}

function prepare(runs: Run[]): Prepared {
  const n = runs.length;
  const p: Prepared = {
    lnN: new Float64Array(n),
    lnD: new Float64Array(n),
    lnL: new Float64Array(n),
    weight: new Float64Array(n).fill(1),
  };
  runs.forEach((r, i) => {
    p.lnN[i] = Math.log(r.params);
    p.lnD[i] = Math.log(r.tokens);
    p.lnL[i] = Math.log(r.loss);
  });
  return p;
}

/** Summed Huber loss and its analytic gradient (reference §14.1). */
export function objective(theta: readonly number[], data: Prepared, grad?: Float64Array): number {
  const [a, b, e, alpha, beta] = theta as Theta;
  let f = 0;
  if (grad) grad.fill(0);
  for (let i = 0; i < data.lnN.length; i++) {
    const w = data.weight[i]!;
    if (w === 0) continue;
    const t0 = a - alpha * data.lnN[i]!;
    const t1 = b - beta * data.lnD[i]!;
    const m = Math.max(t0, t1, e);
    const x0 = Math.exp(t0 - m);
    const x1 = Math.exp(t1 - m);
    const x2 = Math.exp(e - m);
    const s = x0 + x1 + x2;
    const r = m + Math.log(s) - data.lnL[i]!;
    const abs = Math.abs(r);
    f += w * (abs <= HUBER_DELTA ? 0.5 * r * r : HUBER_DELTA * (abs - 0.5 * HUBER_DELTA));
    if (grad) {
      const h = w * (abs <= HUBER_DELTA ? r : HUBER_DELTA * Math.sign(r));
      const w0 = (h * x0) / s;
      const w1 = (h * x1) / s;
      grad[0]! += w0;
      grad[1]! += w1;
      grad[2]! += (h * x2) / s;
      grad[3]! -= w0 * data.lnN[i]!;
      grad[4]! -= w1 * data.lnD[i]!;
    }
  }
  return f;
}

/** Hoffmann's grid: α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}. */
export function hoffmannGrid(): Theta[] {
  const range = (lo: number, hi: number, step: number) =>
    Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step);
  const out: Theta[] = [];
  for (const alpha of range(0, 2, 0.5))
    for (const beta of range(0, 2, 0.5))
      for (const e of range(-1, 1, 0.5))
        for (const a of range(0, 25, 5))
          for (const b of range(0, 25, 5)) out.push([a, b, e, alpha, beta]);
  return out;
}

/** Starts kept after ranking the whole grid by objective: the rest are far downhill of these. */
export const GRID_KEEP = 24;

function minimise(data: Prepared, start: readonly number[], maxIter: number) {
  return lbfgs((x, g) => objective(x, data, g), start, { maxIter });
}

export interface Coefficients {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

const toCoefficients = (x: readonly number[]): Coefficients => ({
  A: Math.exp(x[0]!),
  B: Math.exp(x[1]!),
  E: Math.exp(x[2]!),
  alpha: x[3]!,
  beta: x[4]!,
});

/** Allocation exponent a = β/(α+β) and D/N at the optimum for compute C. */
export function allocation(c: Coefficients, C: number) {
  const a = c.beta / (c.alpha + c.beta);
  const b = c.alpha / (c.alpha + c.beta);
  const G = ((c.alpha * c.A) / (c.beta * c.B)) ** (1 / (c.alpha + c.beta));
  return { a, tokensPerParam: (C / 6) ** (b - a) / G ** 2 };
}

export const predict = (c: Coefficients, N: number, D: number): number =>
  c.E + c.A / N ** c.alpha + c.B / D ** c.beta;

export interface FitResult extends Coefficients {
  runs: number;
  huber: number;
  a: number;
  tokensPerParam: number;
  /** The compute the tokens per parameter is quoted at: the largest run's 6ND. */
  atCompute: number;
  residuals: { rms: number; max: number };
  intervals: Record<keyof Coefficients | 'a' | 'tokensPerParam', [number, number]>;
  bootstrap: number;
  starts: number;
}

/** Deterministic resampling, so the same runs always give the same intervals. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((x, y) => x - y);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};

export function fitRuns(
  runs: Run[],
  options: { bootstrap?: number; seed?: number } = {},
): FitResult {
  checkRuns(runs);
  const data = prepare(runs);
  const grid = hoffmannGrid()
    .map((x) => ({ x, f: objective(x, data) }))
    .filter((s) => Number.isFinite(s.f))
    .sort((p, q) => p.f - q.f)
    .slice(0, GRID_KEEP);
  let best = { x: grid[0]!.x as number[], f: Infinity };
  for (const s of grid) {
    const r = minimise(data, s.x, 1000);
    if (r.f < best.f) best = r;
  }
  const c = toCoefficients(best.x);
  const atCompute = Math.max(...runs.map((r) => 6 * r.params * r.tokens));
  const alloc = allocation(c, atCompute);
  const logResiduals = runs.map((r) => Math.log(predict(c, r.params, r.tokens)) - Math.log(r.loss));

  const B = options.bootstrap ?? 200;
  const random = mulberry32(options.seed ?? 42);
  const samples: Record<string, number[]> = {
    E: [],
    A: [],
    B: [],
    alpha: [],
    beta: [],
    a: [],
    tokensPerParam: [],
  };
  for (let k = 0; k < B; k++) {
    data.weight.fill(0);
    for (let i = 0; i < runs.length; i++) data.weight[Math.floor(random() * runs.length)]! += 1;
    const r = minimise(data, best.x, 300);
    const ck = toCoefficients(r.x);
    const ak = allocation(ck, atCompute);
    for (const [key, v] of Object.entries({ ...ck, ...ak })) samples[key]!.push(v);
  }
  const interval = (key: string): [number, number] =>
    B > 1 ? [quantile(samples[key]!, 0.025), quantile(samples[key]!, 0.975)] : [NaN, NaN];
  return {
    runs: runs.length,
    ...c,
    huber: best.f,
    a: alloc.a,
    tokensPerParam: alloc.tokensPerParam,
    atCompute,
    residuals: {
      rms: Math.sqrt(logResiduals.reduce((s, r) => s + r * r, 0) / runs.length),
      max: Math.max(...logResiduals.map(Math.abs)),
    },
    intervals: Object.fromEntries(
      Object.keys(samples).map((k) => [k, interval(k)]),
    ) as FitResult['intervals'],
    bootstrap: B,
    starts: grid.length,
  };
}

const EXAMPLE = 'params,tokens,loss rows such as 151M,3e9,3.26 (at least 5 runs)';

/** Refuse runs that cannot determine the five coefficients, saying why. */
export function checkRuns(runs: Run[]): void {
  if (runs.length < 5)
    throw new InputError(
      'out_of_range',
      `A fit of five coefficients needs at least 5 runs; got ${runs.length}`,
      undefined,
      EXAMPLE,
    );
  const bad = runs.findIndex(
    (r) => ![r.params, r.tokens, r.loss].every((x) => Number.isFinite(x) && x > 0),
  );
  if (bad >= 0) {
    const r = runs[bad]!;
    throw new InputError(
      'not_positive',
      `Every value must be a positive number; run ${bad + 1} has params ${r.params}, tokens ${r.tokens}, loss ${r.loss}`,
      undefined,
      EXAMPLE,
    );
  }
  const distinct = (xs: number[]) => new Set(xs.map((x) => x.toPrecision(6))).size;
  const nN = distinct(runs.map((r) => r.params));
  const nD = distinct(runs.map((r) => r.tokens));
  if (nN < 3 || nD < 3)
    throw new InputError(
      'out_of_range',
      `The runs do not constrain both terms: they use ${nN} model size${nN === 1 ? '' : 's'} and ${nD} token count${nD === 1 ? '' : 's'}, and each term needs at least 3 to fix its coefficient and exponent`,
      undefined,
      EXAMPLE,
    );
  const x = runs.map((r) => Math.log(r.params));
  const y = runs.map((r) => Math.log(r.tokens));
  const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  if (Math.abs(sxy / Math.sqrt(sxx * syy)) > 0.999)
    throw new InputError(
      'out_of_range',
      'The runs do not constrain both terms: every run has (nearly) the same tokens per parameter, so the model-size and data terms cannot be told apart; add runs at other ratios',
      undefined,
      EXAMPLE,
    );
}
