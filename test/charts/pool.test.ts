import { afterAll, describe, expect, it } from 'vitest';
import { ChartPool, closeChartPool, renderChart } from '../../src/charts/index.js';
import type { ChartRequest } from '../../src/charts/request.js';
import { PNG_SIGNATURE } from './png-helpers.js';
import { SAMPLES } from './samples.js';

const crash = (title: string): ChartRequest => ({ kind: 'scores', title, entries: [] });
const CRASHING_WORKER = new URL('./fixtures/crashing-worker.ts', import.meta.url);

describe('the worker pool', () => {
  afterAll(() => closeChartPool());

  it('renders several charts concurrently through the shared pool', async () => {
    const requests = [...Object.values(SAMPLES), ...Object.values(SAMPLES)];
    const charts = await Promise.all(requests.map((r) => renderChart(r)));
    for (const chart of charts) expect([...chart.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(new Set(charts.map((c) => c.filename)).size).toBe(Object.keys(SAMPLES).length);
  });

  it('rejects a request it cannot draw and keeps working', async () => {
    const bad: ChartRequest = {
      kind: 'isoflop',
      compute: 6e22,
      fits: [{ name: 'nope' }],
      tokensPerParam: 20,
    };
    await expect(renderChart(bad)).rejects.toThrow(/Unknown fit/);
    await expect(renderChart(SAMPLES.scores)).resolves.toHaveProperty('filename');
  });

  it(
    'survives a worker that exits, throws or hangs: only that job fails',
    { timeout: 40_000 },
    async () => {
      // The timeout also covers a replacement worker's start-up (tsx, canvas, fonts), which on a
      // loaded 2-core CI machine took over 2 s: leave room, or a real render counts as a hang.
      const pool = new ChartPool({ size: 2, workerUrl: CRASHING_WORKER, timeoutMs: 8000 });
      try {
        const results = await Promise.allSettled([
          pool.render(crash('crash:exit')),
          pool.render(crash('crash:throw')),
          pool.render(SAMPLES.isoflop),
          pool.render(crash('crash:hang')),
          pool.render(SAMPLES.models),
        ]);
        expect(
          results.map((r) => r.status),
          results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')).join('; '),
        ).toEqual(['rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
        const reasons = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
        expect(reasons[0]).toMatch(/exited with code 3/);
        expect(reasons[1]).toMatch(/crashed: boom/);
        expect(reasons[2]).toMatch(/timed out/);
        // Replacement workers carry on.
        await expect(pool.render(SAMPLES.scores)).resolves.toHaveProperty('png');
      } finally {
        await pool.close();
      }
    },
  );

  it('fails queued and running jobs when closed, and refuses new ones', async () => {
    const pool = new ChartPool({ size: 1 });
    const pending = [pool.render(SAMPLES.isoflop), pool.render(SAMPLES.models)];
    const checks = pending.map((p) => expect(p).rejects.toThrow(/closed/));
    await pool.close();
    await Promise.all(checks);
    await expect(pool.render(SAMPLES.scores)).rejects.toThrow(/closed/);
  });
});
