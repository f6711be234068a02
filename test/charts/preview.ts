/**
 * Write every sample chart (and a few edge cases) to a folder to look at:
 *   npx tsx test/charts/preview.ts [/tmp/charts]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderChartInProcess, type ChartRequest } from '../../src/charts/index.js';
import { SAMPLES } from './samples.js';

const EXTRA: Record<string, ChartRequest> = {
  'isoflop-big': {
    kind: 'isoflop',
    compute: 3.8e25,
    fits: [
      { name: 'hoffmann2022' },
      { name: 'hoffmann2022-tex' },
      { name: 'epoch2024' },
      { name: 'custom', coefficients: { E: 1.8, A: 500, B: 1000, alpha: 0.3, beta: 0.33 } },
    ],
    tokensPerParam: 20,
  },
  'loss-chinchilla': {
    kind: 'loss-landscape',
    params: 70e9,
    tokens: 1.4e12,
    fits: [{ name: 'hoffmann2022' }, { name: 'epoch2024' }],
  },
  'loss-overtrained': {
    kind: 'loss-landscape',
    params: 8e9,
    tokens: 15e12,
    fits: [{ name: 'epoch2024' }],
  },
  'models-plain': { kind: 'models' },
  'scores-many': {
    kind: 'scores',
    title: 'Season leaderboard',
    entries: Array.from({ length: 20 }, (_, i) => ({ label: `player${i + 1}`, value: 40 - i * 2 })),
  },
};

const dir = process.argv[2] ?? '/tmp/charts';
await mkdir(dir, { recursive: true });
for (const [name, req] of Object.entries({ ...SAMPLES, ...EXTRA })) {
  const chart = await renderChartInProcess(req);
  await writeFile(join(dir, `${name}.png`), chart.png);
  console.log(
    `${name}.png  ${(chart.png.length / 1024).toFixed(1)} KB  alt ${chart.alt.length}: ${chart.alt}`,
  );
}
