import { CITATIONS } from './citations.js';
import type { Budget } from './compute.js';
import { extrapolationWarnings, type Fit, type ParametricFit } from './fits.js';
import { inferenceAware } from './inference.js';
import {
  kaplanAllocation,
  optimumConstants,
  parametricOptimum,
  ruleAllocation,
} from './optimal.js';
import {
  formatCount,
  formatFlops,
  formatLoss,
  formatPercent,
  formatRatio,
  formatSci,
  sig3,
} from './quantity.js';
import { coef, extrapolationNote, type Solution } from './solution.js';
import type { Field, Step } from '../reply.js';

export interface OptimalInput {
  budget: Budget;
  fits: Fit[];
  tokensPerParam: number;
  inferenceTokens?: number;
}

export interface OptimalData {
  compute: number;
  rule: { tokensPerParam: number; params: number; tokens: number };
  fits: Record<string, { params: number; tokens: number; loss: number; tokensPerParam: number }>;
  kaplan2020: { params: number; tokens: number };
  budget: { source: Budget['source']; gpu?: string; gpuHours?: number; dollars?: number };
  inference?: Record<
    string,
    {
      inferenceTokens: number;
      targetLoss: number;
      params: number;
      tokens: number;
      totalFlops: number;
      baselineTotalFlops: number;
      ratio: number;
    }
  >;
}

export function solveOptimal({
  budget,
  fits,
  tokensPerParam: k,
  inferenceTokens,
}: OptimalInput): Solution & { data: OptimalData } {
  const C = budget.flops;
  const steps: Step[] = [];
  const fields: Field[] = [];
  const notes: string[] = [...budget.assumptions];
  const citations = new Set<string>([`${CITATIONS.kaplan2020} (C ≈ 6ND)`]);

  if (budget.conversion) {
    steps.push({ title: 'Convert the budget to FLOPs', result: budget.conversion });
  }

  const rule = ruleAllocation(C, k);
  steps.push({
    title: `Rule of thumb: ${k} tokens per parameter`,
    formula: `C = 6·N·D with D = ${k}·N, so C = ${6 * k}·N² and N = √(C / ${6 * k})`,
    substitution: `N = √(${formatSci(C)} / ${6 * k}) = ${formatCount(rule.params)};  D = ${k} × ${formatCount(rule.params)} = ${formatCount(rule.tokens)}`,
    result: `${formatCount(rule.params)} params on ${formatCount(rule.tokens)} tokens`,
  });
  fields.push({
    label: `${k}:1 rule`,
    value: `${formatCount(rule.params)} params · ${formatCount(rule.tokens)} tokens`,
    inline: true,
  });

  const data: OptimalData = {
    compute: C,
    rule: { tokensPerParam: k, params: rule.params, tokens: rule.tokens },
    fits: {},
    kaplan2020: kaplanAllocation(C),
    budget: {
      source: budget.source,
      gpu: budget.gpu,
      gpuHours: budget.gpuHours,
      dollars: budget.dollars,
    },
  };

  const parametric = fits.filter((f): f is ParametricFit => f.kind === 'parametric');
  for (const fit of parametric) {
    const opt = parametricOptimum(fit, C);
    const { a, G } = optimumConstants(fit);
    const ratio = opt.tokens / opt.params;
    data.fits[fit.name] = {
      params: opt.params,
      tokens: opt.tokens,
      loss: opt.loss,
      tokensPerParam: ratio,
    };
    steps.push({
      title: `Closed-form optimum: ${fit.label}`,
      formula:
        'N_opt = G·(C/6)^a,  a = β/(α+β),  G = (α·A / (β·B))^(1/(α+β)),  D_opt = C / (6·N_opt)',
      substitution: `a = ${coef(fit.beta)}/(${coef(fit.alpha)}+${coef(fit.beta)}) = ${a.toFixed(4)};  G = (${coef(fit.alpha)}×${coef(fit.A)} / (${coef(fit.beta)}×${coef(fit.B)}))^(1/${coef(fit.alpha + fit.beta)}) = ${G.toPrecision(4)};  N_opt = ${G.toPrecision(4)} × (${formatSci(C / 6)})^${a.toFixed(4)} = ${formatCount(opt.params)};  D_opt = ${formatSci(C)} / (6 × ${formatCount(opt.params)}) = ${formatCount(opt.tokens)}`,
      result: `${formatCount(opt.params)} params on ${formatCount(opt.tokens)} tokens (${formatRatio(ratio)} tokens/param), predicted loss ${formatLoss(opt.loss)}`,
    });
    fields.push({
      label: fit.label,
      value: `${formatCount(opt.params)} params · ${formatCount(opt.tokens)} tokens · ${formatRatio(ratio)} tok/param · loss ${formatLoss(opt.loss)}`,
      inline: true,
    });
    citations.add(fit.citation);
  }
  const warn = extrapolationNote(parametric, (fit) => {
    const o = data.fits[fit.name]!;
    return extrapolationWarnings(fit, o.params, o.tokens);
  });
  if (warn) notes.push(warn);

  const kaplan = data.kaplan2020;
  steps.push({
    title: 'For contrast: Kaplan 2020’s allocation',
    formula:
      'N = 1.3 × 10⁹ · (C_min / PF-day)^0.73 with C_min = C/2 (their runs trained at the critical batch size)',
    substitution: `C_min = ${formatSci(C / 2)} FLOPs = ${sig3(C / 2 / 8.64e19)} PF-days;  N = 1.3 × 10⁹ × ${sig3(C / 2 / 8.64e19)}^0.73 = ${formatCount(kaplan.params)}`,
    result: `${formatCount(kaplan.params)} params on ${formatCount(kaplan.tokens)} tokens (${formatRatio(kaplan.tokens / kaplan.params)} tokens/param): a much bigger model on far less data`,
  });
  citations.add(`${CITATIONS.kaplan2020}, App. A`);

  if (inferenceTokens !== undefined && inferenceTokens > 0) {
    data.inference = {};
    for (const fit of parametric) {
      const opt = data.fits[fit.name]!;
      const ia = inferenceAware(fit, opt.loss, inferenceTokens);
      data.inference[fit.name] = {
        inferenceTokens,
        targetLoss: opt.loss,
        params: ia.params,
        tokens: ia.tokens,
        totalFlops: ia.totalFlops,
        baselineTotalFlops: ia.baseline.totalFlops,
        ratio: ia.ratio,
      };
      steps.push({
        title: `Train past optimal for ${formatCount(inferenceTokens)} inference tokens (${fit.label})`,
        formula: 'minimise 6·N·D + 2·N·D_inf subject to L(N, D) = L_opt  (Sardana et al. 2024)',
        substitution: `same loss ${formatLoss(opt.loss)}: ${formatCount(ia.params)} params on ${formatCount(ia.tokens)} tokens;  total ${formatFlops(ia.totalFlops)} vs ${formatFlops(ia.baseline.totalFlops)} for the compute-optimal model`,
        result: `${formatCount(ia.params)} params on ${formatCount(ia.tokens)} tokens uses ${formatPercent(ia.ratio)} of the lifetime compute (saves ${formatPercent(1 - ia.ratio)})`,
      });
    }
    citations.add(CITATIONS.sardana2024);
  }

  const names = parametric.map((f) => f.name);
  if (names.includes('hoffmann2022') && names.includes('epoch2024')) {
    notes.push(
      'Why the fits disagree: the printed Hoffmann coefficients were rounded and the original fit stopped early, so its data exponent comes out small and its optimum is a smaller model on many more tokens. Epoch AI re-fitted the same runs in 2024 and got about 20 tokens per parameter, matching Hoffmann’s other two methods and the Chinchilla model itself.',
    );
  }
  notes.push(
    'C ≈ 6·N·D counts training FLOPs only (forward and backward passes), not attention or inference.',
  );

  const best = parametric.find((f) => f.name === 'epoch2024') ?? parametric[0];
  const bestOpt = best ? data.fits[best.name] : undefined;
  const summary = bestOpt
    ? `${formatFlops(C)}: about ${formatCount(bestOpt.params)} params on ${formatCount(bestOpt.tokens)} tokens (${best!.label}); the ${k}:1 rule says ${formatCount(rule.params)} on ${formatCount(rule.tokens)}.`
    : `${formatFlops(C)}: ${formatCount(rule.params)} params on ${formatCount(rule.tokens)} tokens by the ${k}:1 rule.`;

  return {
    title: `Compute-optimal model for ${formatFlops(C)}`,
    summary,
    steps,
    fields,
    notes,
    citations: [...citations],
    data,
  };
}
