/** One representative request per chart kind, shared by the tests, the bench and the preview. */
import type { ChartRequest } from '../../src/charts/request.js';

export const SAMPLES: Record<ChartRequest['kind'], ChartRequest> = {
  isoflop: {
    kind: 'isoflop',
    compute: 6e22,
    fits: [{ name: 'hoffmann2022' }, { name: 'epoch2024' }, { name: 'kaplan2020' }],
    tokensPerParam: 20,
  },
  'loss-landscape': {
    kind: 'loss-landscape',
    params: 175e9,
    tokens: 300e9,
    fits: [{ name: 'hoffmann2022' }, { name: 'epoch2024' }, { name: 'kaplan2020' }],
  },
  models: {
    kind: 'models',
    highlight: 'chinchilla',
    user: { label: 'Your model', params: 3e9, tokens: 600e9 },
  },
  'lifetime-cost': {
    kind: 'lifetime-cost',
    loss: 2.0,
    fit: { name: 'epoch2024' },
    // H100 BF16 at $2/h and 50% MFU; 1e9 requests of 70 + 215 tokens on FP8 (Sardana defaults)
    dollarsPerTrainFlop: 2 / 3600 / 989e12 / 0.5,
    equivalentTokens: 1.1e13,
  },
  'fit-runs': {
    kind: 'fit-runs',
    runs: [1.5e8, 3.7e8, 7.5e8, 1.26e9].flatMap((N, i) =>
      [10, 20, 50, 100].map((k, j) => ({
        params: N,
        tokens: N * k,
        loss: 1.46 + 35.4 / N ** 0.179 + 133 / (N * k) ** 0.232 + (((i + j) % 3) - 1) * 0.01,
      })),
    ),
    coefficients: { E: 1.463, A: 35.39, B: 133.0, alpha: 0.1788, beta: 0.2316 },
  },
  scores: {
    kind: 'scores',
    title: 'Round 3 scores',
    entries: [
      { label: 'ada', value: 7 },
      { label: 'grace_hopper', value: 5 },
      { label: 'alan', value: 4 },
      { label: 'edsger.dijkstra.the.long.name', value: 2 },
      { label: 'barbara', value: 0 },
    ],
  },
  'due-forecast': {
    kind: 'due-forecast',
    title: 'Cards due this week',
    days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((label, i) => ({
      label,
      value: [12, 4, 0, 9, 23, 3, 6][i]!,
    })),
  },
};
