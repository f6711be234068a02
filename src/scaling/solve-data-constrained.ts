/** The repeated-data parts of `/loss … unique_tokens:U` and `/optimal … unique_tokens:U`. */
import {
  dataConstrainedLoss,
  dataConstrainedOptimum,
  epochsUntilWorth,
  MUENNIGHOFF_FIT as F,
  TESTED_EPOCHS,
  type DataConstrained,
} from './data-constrained.js';
import {
  formatCount,
  formatFlops,
  formatLoss,
  formatPercent,
  formatRatio,
  sig3,
} from './quantity.js';
import { coef } from './solution.js';
import type { Step } from '../worked.js';

export interface DcSection {
  steps: Step[];
  notes: string[];
  citation: string;
}

const worth = (): string =>
  `By this law one more epoch is worth under half a fresh one after ${sig3(epochsUntilWorth(0.5))} epochs and under a tenth after ${sig3(epochsUntilWorth(0.1))}; however many epochs you run, D′ never exceeds U·(1 + R_D*) = ${sig3(1 + F.rdStar)}·U.`;

function commonNotes(epochs: number): string[] {
  const notes: string[] = [];
  if (epochs > TESTED_EPOCHS)
    notes.push(
      `⚠ ${sig3(epochs)} epochs is past the ~${TESTED_EPOCHS} epochs the paper's runs mostly covered well; read the penalty as a projection.`,
    );
  notes.push(
    `Constants: Muennighoff et al.'s C4 fit (E ${coef(F.E)}, A ${coef(F.A)}, B ${coef(F.B)}, α = β = ${coef(F.alpha)}, R_D* ${coef(F.rdStar)}, R_N* ${coef(F.rnStar)}). Its absolute losses are on C4 and run below measured ones; compare them with each other, not with the other fits.`,
  );
  return notes;
}

function effectiveSteps(r: DataConstrained): Step[] {
  const steps: Step[] = [
    {
      title: 'Epochs over the unique data',
      formula: 'epochs = D / U,  R_D = epochs − 1 (repeats after the first pass)',
      substitution: `${formatCount(r.tokens)} / ${formatCount(r.uniqueTokens)}`,
      result: `${formatRatio(r.epochs)} epochs, R_D = ${sig3(r.repeats)}`,
    },
    {
      title: 'Effective data: repeated tokens are worth less each time',
      formula: 'D′ = U + U·R_D*·(1 − e^(−R_D/R_D*))',
      substitution: `${formatCount(r.uniqueTokens)} + ${formatCount(r.uniqueTokens)} × ${coef(F.rdStar)} × (1 − e^(−${sig3(r.repeats)}/${coef(F.rdStar)}))`,
      result: `D′ = ${formatCount(r.effectiveTokens)} (${formatPercent(r.effectiveTokens / r.tokens)} of the ${formatCount(r.tokens)} tokens seen)`,
    },
  ];
  if (r.params > r.uniqueParams) {
    steps.push({
      title: 'Effective parameters: more than the unique data can use',
      formula:
        'U_N = compute-optimal N for U;  R_N = N/U_N − 1;  N′ = U_N + U_N·R_N*·(1 − e^(−R_N/R_N*))',
      substitution: `U_N = ${formatCount(r.uniqueParams)}, R_N = ${sig3(r.params / r.uniqueParams - 1)}, R_N* = ${coef(F.rnStar)}`,
      result: `N′ = ${formatCount(r.effectiveParams)} of ${formatCount(r.params)}`,
    });
  }
  return steps;
}

export function lossWithUniqueTokens(N: number, D: number, U: number) {
  const r = dataConstrainedLoss(N, D, U);
  const steps = effectiveSteps(r);
  steps.push({
    title: `Loss with repeated data: ${F.label}`,
    formula: 'L = E + A/N′^α + B/D′^β  (without the penalty: N and D in place of N′ and D′)',
    substitution: `${coef(F.E)} + ${coef(F.A)}/${formatCount(r.effectiveParams)}^${coef(F.alpha)} + ${coef(F.B)}/${formatCount(r.effectiveTokens)}^${coef(F.beta)}`,
    result: `${formatLoss(r.loss)} with the penalty vs ${formatLoss(r.lossWithoutPenalty)} if all ${formatCount(D)} tokens were unique (+${formatPercent(r.penalty / r.lossWithoutPenalty)})`,
  });
  steps.push({ title: 'Where more epochs stop paying', result: worth() });
  const notes = commonNotes(r.epochs);
  if (U > D)
    notes.unshift(
      `The unique data (${formatCount(U)}) exceeds the training tokens, so this is one epoch of fresh data.`,
    );
  return {
    steps,
    notes,
    citation: F.citation,
    data: {
      [F.name]: {
        uniqueTokens: r.uniqueTokens,
        epochs: r.epochs,
        effectiveTokens: r.effectiveTokens,
        effectiveParams: r.effectiveParams,
        loss: r.loss,
        lossWithoutPenalty: r.lossWithoutPenalty,
      },
    },
  };
}

export function optimalWithUniqueTokens(C: number, U: number) {
  const { optimum: o, base, baseWithLimit: bl } = dataConstrainedOptimum(C, U);
  const steps: Step[] = [
    {
      title: `Without a data limit (${F.label})`,
      formula: 'N = G·(C/6)^(1/2) (α = β),  D = C/(6N)',
      substitution: `C = ${formatFlops(C)}`,
      result: `${formatCount(base.params)} params on ${formatCount(base.tokens)} tokens: ${formatRatio(bl.epochs)} epochs of ${formatCount(bl.uniqueTokens)} unique, loss ${formatLoss(bl.loss)} with the repeat penalty`,
    },
    {
      title: 'Best split with the data limit',
      formula:
        'minimise L(N, D, U) along 6ND = C: try D·i, N/i and D/i, N·i for 500 values of i in [1.0001, 3] (the authors’ search)',
      substitution: `U = ${formatCount(U)}`,
      result: `${formatCount(o.params)} params on ${formatCount(o.tokens)} tokens (${formatRatio(o.epochs)} epochs, D′ ${formatCount(o.effectiveTokens)}${o.params > o.uniqueParams ? `, N′ ${formatCount(o.effectiveParams)}` : ''}) → loss ${formatLoss(o.loss)}`,
    },
    { title: 'Where more epochs stop paying', result: worth() },
  ];
  const notes = commonNotes(o.epochs);
  notes.push(
    'The search stays within 3× of the unconstrained point and moves in ~0.4% steps, as in the authors’ code; with excess parameters losing value faster than repeated tokens (R_N* < R_D*), it spends spare compute on epochs rather than size.',
  );
  return {
    steps,
    notes,
    citation: F.citation,
    data: {
      [F.name]: {
        uniqueTokens: U,
        params: o.params,
        tokens: o.tokens,
        epochs: o.epochs,
        effectiveTokens: o.effectiveTokens,
        effectiveParams: o.effectiveParams,
        loss: o.loss,
        lossWithoutPenalty: o.lossWithoutPenalty,
        unconstrained: { params: base.params, tokens: base.tokens, lossWithLimit: bl.loss },
      },
    },
  };
}
