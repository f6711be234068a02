/**
 * Server-rendered PNG charts: Chart.js 4 on @napi-rs/canvas, drawn in worker threads.
 *
 *   const chart = await renderChart(reply.chart);   // { png, alt, width, height, filename }
 *
 * renderChart rejects with an Error when a chart cannot be drawn; callers send the text answer
 * with a note instead. Call closeChartPool() on shutdown.
 */
import { timeChart, watchChartQueue } from '../metrics/index.js';
import { ChartCache } from './cache.js';
import { ChartPool } from './pool.js';
import type { ChartRequest, RenderedChart } from './request.js';

export type { ChartRequest, FitRef, RenderedChart } from './request.js';
export { chartAlt } from './build.js';
export { ChartPool, defaultPoolSize, type ChartPoolOptions } from './pool.js';
export { CHART_HEIGHT, CHART_WIDTH } from './theme.js';
export { ChartCache } from './cache.js';

/**
 * Draw on this thread (tests, tools). Imported on first use: Chart.js and the canvas cost the
 * main thread about 19 MB of RSS, and the bot draws only in its workers.
 */
export async function renderChartInProcess(request: ChartRequest): Promise<RenderedChart> {
  const { renderChartInProcess: render } = await import('./render.js');
  return render(request);
}

let pool: ChartPool | undefined;
const recent = new ChartCache();
watchChartQueue(() => pool?.queued ?? 0);

/** Render on the shared worker pool (started on first use), reusing a recent identical chart. */
export function renderChart(request: ChartRequest): Promise<RenderedChart> {
  return recent.get(request, (r) => {
    pool ??= new ChartPool();
    const shared = pool;
    return timeChart(() => shared.render(r));
  });
}

/** Start the shared pool's workers ahead of the first request (optional). */
export function warmChartPool(): void {
  pool ??= new ChartPool();
  pool.warm();
}

/** Stop the shared pool's workers; a later renderChart starts a new pool. */
export async function closeChartPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}
