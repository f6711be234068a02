/**
 * A small L-BFGS (Nocedal & Wright 2006, Algorithm 7.4, two-loop recursion) with a backtracking
 * Armijo line search. Enough for smooth objectives of a handful of variables, like the Huber fit
 * of fit-runs.ts; tolerances are relative, because that objective is ~1e-3 in size.
 */
export interface LbfgsOptions {
  maxIter?: number;
  memory?: number;
  /** Stop when the relative decrease of f over an iteration falls below this. */
  ftol?: number;
  /** Stop when max |gradient| falls below this. */
  gtol?: number;
}

export function lbfgs(
  fg: (x: readonly number[], grad: Float64Array) => number,
  x0: readonly number[],
  { maxIter = 500, memory = 10, ftol = 1e-15, gtol = 1e-14 }: LbfgsOptions = {},
): { x: number[]; f: number; iterations: number } {
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(Array.from(x), g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, ui, i) => s + ui * v[i]!, 0);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    if (Math.max(...g.map(Math.abs)) < gtol) break;
    // Two-loop recursion: d = −H·g.
    const q = Float64Array.from(g);
    const alphas: number[] = [];
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(S[k]!, q);
      alphas[k] = a;
      for (let i = 0; i < n; i++) q[i]! -= a * Y[k]![i]!;
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < n; i++) q[i]! *= gamma;
    } else {
      // First step: a unit-length move, whatever the gradient's scale.
      const norm = Math.sqrt(dot(q, q)) || 1;
      for (let i = 0; i < n; i++) q[i]! /= norm;
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, q);
      for (let i = 0; i < n; i++) q[i]! += S[k]![i]! * (alphas[k]! - b);
    }
    const d = q.map((v) => -v);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      const norm = Math.sqrt(dot(g, g)) || 1;
      for (let i = 0; i < n; i++) d[i] = -g[i]! / norm;
      slope = dot(g, d);
    }
    let step = 1;
    let xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fg(Array.from(xNew), gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    const s = xNew.map((v, i) => v - x[i]!);
    const y = gNew.map((v, i) => v - g[i]!);
    const sy = dot(s, y);
    if (sy > 1e-300) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const decrease = (f - fNew) / Math.max(Math.abs(f), Math.abs(fNew), 1e-300);
    x = xNew;
    xNew = new Float64Array(n);
    g = Float64Array.from(gNew);
    f = fNew;
    if (decrease < ftol) break;
  }
  return { x: Array.from(x), f, iterations: iter };
}
