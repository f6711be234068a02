import { CITATIONS } from './citations.js';
import type { Budget } from './compute.js';
import {
  extrapolationWarnings,
  extrapolationWarningsFor,
  FITS,
  KAPLAN_RANGE,
  type ExtrapolationWarning,
  type Fit,
  type ParametricFit,
} from './fits.js';
import { inferenceAware } from './inference.js';
import {
  kaplanAllocation,
  kaplanBudgetFor,
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
import { PF_DAY } from './compute.js';
import { coef, extrapolationNotes, rangeSources, type Solution } from './solution.js';
import type { Field, Step } from '../worked.js';

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
      /** 6·N·D of the recommended model, and how far it is over (+) or under (−) the budget. */
      trainFlops: number;
      trainOverBudget: number;
      totalFlops: number;
      baselineTotalFlops: number;
      ratio: number;
    }
  >;
  /** Where each answer lies outside the runs behind its fit (Kaplan's included). */
  warnings: ExtrapolationWarning[];
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
    warnings: [],
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
  const fitWarnings = extrapolationWarningsFor(parametric, (fit) => data.fits[fit.name]);
  notes.push(...extrapolationNotes(parametric, fitWarnings));
  for (const source of rangeSources(parametric, fitWarnings)) citations.add(source);

  const kaplan = data.kaplan2020;
  const kaplanWarnings = extrapolationWarnings(FITS.kaplan2020, kaplan);
  data.warnings = [...fitWarnings, ...kaplanWarnings];
  const pfDays = C / 2 / PF_DAY;
  steps.push({
    title: 'For contrast: Kaplan 2020’s allocation',
    formula:
      'N = 1.3 × 10⁹ · (C_min / PF-day)^0.73 with C_min = C/2 (their runs trained at the critical batch size); N counts non-embedding parameters only',
    substitution: `C_min = (${formatSci(C)}) / 2 = ${formatSci(C / 2)} FLOPs = (${formatSci(C / 2)}) / (${formatSci(PF_DAY)}) = ${sig3(pfDays)} PF-days;  N = (1.3 × 10⁹) × (${sig3(pfDays)})^0.73 = ${formatCount(kaplan.params)}`,
    result: `${formatCount(kaplan.params)} non-embedding params on ${formatCount(kaplan.tokens)} tokens (${formatRatio(kaplan.tokens / kaplan.params)} tokens/param), ${kaplanComparison(kaplan.params, parametric, data)}`,
  });
  if (kaplanWarnings.length > 0) {
    steps.push({
      title: 'Outside Kaplan’s runs',
      result: `${kaplanWarnings.map((w) => w.message).join('; ')}${
        kaplanWarnings.some((w) => w.aspect === 'params' && w.value > w.range[1])
          ? `. Above about ${formatFlops(kaplanBudgetFor(KAPLAN_RANGE.params[1]))} Kaplan’s law asks for a model larger than the largest it was fitted on, ${formatCount(KAPLAN_RANGE.params[1])} non-embedding params`
          : ''
      }; read its numbers as a projection`,
    });
    citations.add(KAPLAN_RANGE.source);
  }
  citations.add(`${CITATIONS.kaplan2020}, App. A`);

  if (inferenceTokens !== undefined && inferenceTokens > 0) {
    data.inference = {};
    for (const fit of parametric) {
      const opt = data.fits[fit.name]!;
      const ia = inferenceAware(fit, opt.loss, inferenceTokens);
      const over = ia.trainFlops / C - 1;
      data.inference[fit.name] = {
        inferenceTokens,
        targetLoss: opt.loss,
        params: ia.params,
        tokens: ia.tokens,
        trainFlops: ia.trainFlops,
        trainOverBudget: over,
        totalFlops: ia.totalFlops,
        baselineTotalFlops: ia.baseline.totalFlops,
        ratio: ia.ratio,
      };
      const vsBudget =
        Math.abs(over) < 0.0005
          ? 'the same as your budget'
          : `${formatPercent(Math.abs(over))} ${over > 0 ? 'more' : 'less'} than your budget of ${formatFlops(C)}`;
      steps.push({
        title: `Train past optimal for ${formatCount(inferenceTokens)} inference tokens: ${fit.label}`,
        formula: 'minimise 6·N·D + 2·N·D_inf subject to L(N, D) = L_opt, as in Sardana et al. 2024',
        substitution: `same loss ${formatLoss(opt.loss)}: ${formatCount(ia.params)} params on ${formatCount(ia.tokens)} tokens;  training 6 × ${formatCount(ia.params)} × ${formatCount(ia.tokens)} = ${formatFlops(ia.trainFlops)};  lifetime total ${formatFlops(ia.totalFlops)} vs ${formatFlops(ia.baseline.totalFlops)} for the compute-optimal model`,
        result: `${formatCount(ia.params)} params on ${formatCount(ia.tokens)} tokens uses ${formatPercent(ia.ratio)} of the lifetime compute (saves ${formatPercent(1 - ia.ratio)}), but its training alone takes ${formatFlops(ia.trainFlops)}, ${vsBudget}`,
      });
    }
    citations.add(CITATIONS.sardana2024);
  }

  const names = parametric.map((f) => f.name);
  if (names.includes('hoffmann2022') && names.includes('epoch2024')) {
    notes.push(
      'Why the fits disagree: the printed Hoffmann coefficients were rounded and the original fit stopped early, so its data exponent comes out small and its optimum is a smaller model on many more tokens. Epoch AI digitised the 245 points of Hoffmann’s Figure 4 in 2024, fitted the same form to them and got about 20 tokens per parameter, matching Hoffmann’s other two methods and the Chinchilla model itself.',
    );
  }
  notes.push(
    'C ≈ 6·N·D counts training FLOPs only (forward and backward passes), not attention or inference.',
  );

  const best = parametric.find((f) => f.name === 'epoch2024') ?? parametric[0];
  const bestOpt = best ? data.fits[best.name] : undefined;
  const summary = bestOpt
    ? `${formatFlops(C)}: about ${formatCount(bestOpt.params)} params on ${formatCount(bestOpt.tokens)} tokens by ${best!.label}; the ${k}:1 rule says ${formatCount(rule.params)} on ${formatCount(rule.tokens)}.`
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

/** How Kaplan's N compares with each fit's optimum, in words that follow the numbers. */
function kaplanComparison(N: number, fits: ParametricFit[], data: OptimalData): string {
  const caveat =
    'Kaplan’s N excludes embedding parameters and the fits’ N includes them; with embeddings counted, Kaplan’s model would be larger, most so for small models';
  if (fits.length === 0) return caveat;
  const ratios = fits.map((fit) => N / data.fits[fit.name]!.params);
  const parts = fits.map((fit, i) => {
    const r = ratios[i]!;
    const other = formatCount(data.fits[fit.name]!.params);
    if (Math.abs(r - 1) < 0.05) return `about the ${other} of ${fit.label}`;
    return r > 1
      ? `${formatRatio(r)}× the ${other} of ${fit.label}`
      : `${formatRatio(1 / r)}× smaller than the ${other} of ${fit.label}`;
  });
  const gist = ratios.every((r) => r > 1.05)
    ? 'a bigger model on less data than the fits recommend'
    : ratios.every((r) => r < 0.95)
      ? 'a smaller model on more data than the fits recommend'
      : 'close to or between the fits';
  return `${gist}: ${parts.join(', ')}. ${caveat}`;
}
