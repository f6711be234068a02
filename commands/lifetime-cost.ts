/** `/target <loss> requests:R …`: the lifetime-cost answer added to the target solution. */
import type { Reply } from '../src/reply.js';
import type { Fit, ParametricFit } from '../src/scaling/fits.js';
import type { CostInput } from '../src/scaling/lifetime-cost.js';
import { formatCount } from '../src/scaling/quantity.js';
import type { Solution } from '../src/scaling/solution.js';
import { lifetimeCost } from '../src/scaling/solve-lifetime-cost.js';
import { fitRef } from './fit-choice.js';

export function withLifetimeCost(
  solution: Solution & { data: object },
  fits: Fit[],
  loss: number,
  { input, defaulted }: { input: CostInput; defaulted: string[] },
): Reply {
  const parametric = fits.filter((f): f is ParametricFit => f.kind === 'parametric');
  const lc = lifetimeCost(parametric, loss, input, defaulted);
  const main = lc.results.find((r) => r.fit.name === 'epoch2024') ?? lc.results[0];
  const r = main?.result;
  return {
    ...solution,
    title: `Cheapest model over its lifetime for loss ${loss}`,
    summary: r
      ? `With ${formatCount(input.requests)} requests, ${formatCount(r.params)} params on ${formatCount(r.tokens)} tokens costs $${formatCount(r.totalCost)} in all, ${((1 - r.ratio) * 100).toFixed(1)}% less than the Chinchilla-style ${formatCount(r.baseline.params)} ($${formatCount(r.baseline.totalCost)}) (${main.fit.label}).`
      : solution.summary,
    steps: [...(solution.steps ?? []), ...lc.steps],
    fields: [...(solution.fields ?? []), ...lc.fields],
    notes: [...lc.notes, ...(solution.notes ?? [])],
    citations: [...(solution.citations ?? []), ...lc.citations],
    data: { ...solution.data, costOptimal: lc.data },
    visibility: 'public',
    chart: main
      ? {
          kind: 'lifetime-cost',
          loss,
          fit: fitRef(main.fit),
          dollarsPerTrainFlop: main.result.rates.train,
          equivalentTokens: main.result.rates.equivalentTokens,
        }
      : undefined,
  };
}
