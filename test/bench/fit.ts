/**
 * `/fit` speed: 50 synthetic noisy runs, the whole Hoffmann grid ranked, the best starts refined
 * by L-BFGS and 200 warm-started bootstrap refits, in this one thread (the budget is 2 s
 * on one core). Also the 47-run golden file from Sardana et al.
 */
import { readFileSync } from 'node:fs';
import { parseRunsCsv } from '../../src/scaling/fit-csv.js';
import { fitRuns, predict, type Run } from '../../src/scaling/fit-runs.js';
import { round, type BenchSection } from './report.js';

const TARGET_MS = 2000;

function synthetic(): Run[] {
  const truth = { E: 1.8, A: 480, B: 2000, alpha: 0.35, beta: 0.37 };
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const runs: Run[] = [];
  for (const N of [5e7, 1e8, 2e8, 5e8, 1e9, 2e9, 4e9, 8e9, 1.6e10, 3e10])
    for (const k of [2, 5, 10, 20, 50]) {
      const noise = Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
      runs.push({
        params: N,
        tokens: N * k,
        loss: predict(truth, N, N * k) * Math.exp(0.005 * noise),
      });
    }
  return runs;
}

export const fitBench: BenchSection = {
  name: 'fit',
  async run() {
    const cases = [
      { name: '50 synthetic runs', runs: synthetic() },
      {
        name: '47 runs (beyond-chinchilla)',
        runs: parseRunsCsv(readFileSync('test/deeper/fixtures/sardana-47-runs.csv', 'utf8')),
      },
    ];
    const table: Record<string, string | number>[] = [];
    const data: Record<string, unknown> = {};
    for (const c of cases) {
      const times: number[] = [];
      let huber = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        huber = fitRuns(c.runs, { bootstrap: 200 }).huber;
        times.push(performance.now() - t);
      }
      const best = Math.min(...times);
      table.push({
        case: c.name,
        'first ms': round(times[0]!, 0),
        'best ms': round(best, 0),
        'target ms': TARGET_MS,
        huber: huber.toPrecision(7),
      });
      data[c.name] = { firstMs: times[0], bestMs: best, huber };
    }
    return {
      table,
      data,
      notes: ['Grid of 4,500 starts ranked, best 24 refined, 200 bootstrap refits; one thread.'],
    };
  },
};
