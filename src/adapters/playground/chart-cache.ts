/**
 * Rendered chart PNGs, served at /charts/<id>.png. A small LRU: a chart scrolled far out of
 * the channel may be dropped, and the page then shows its alt text instead.
 */
import { randomBytes } from 'node:crypto';
import type { RenderedChart } from '../../charts/request.js';

export class ChartCache {
  private readonly charts = new Map<string, RenderedChart>();

  constructor(private readonly limit = 60) {}

  put(chart: RenderedChart): string {
    const id = randomBytes(8).toString('hex');
    this.charts.set(id, chart);
    while (this.charts.size > this.limit) {
      this.charts.delete(this.charts.keys().next().value as string);
    }
    return id;
  }

  get(id: string): RenderedChart | undefined {
    const chart = this.charts.get(id);
    if (chart) {
      // Re-insert so the most recently viewed chart is the last to go.
      this.charts.delete(id);
      this.charts.set(id, chart);
    }
    return chart;
  }
}
