/**
 * The chart renderer for Slack tests: the project's real one (src/charts) when it loads, else a
 * tiny stand-in that still returns a real PNG, so the upload path is exercised either way.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { ChartRenderer } from '../../../src/adapters/shared/chart.js';

export interface TestRenderer {
  render: ChartRenderer;
  real: boolean;
  close(): Promise<void>;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A 16×16 PNG with an alt text naming the request, for when the real renderer is absent. */
export const tinyRenderer: ChartRenderer = async (request) => {
  const canvas = createCanvas(16, 16);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#1d3557';
  ctx.fillRect(0, 0, 16, 16);
  return {
    png: canvas.toBuffer('image/png'),
    alt: `A ${request.kind} chart (test renderer).`,
    width: 16,
    height: 16,
    filename: `${request.kind}.png`,
  };
};

interface ChartsModule {
  renderChart?: ChartRenderer;
  closeChartPool?: () => Promise<void>;
}

export async function loadRenderer(): Promise<TestRenderer> {
  // A variable specifier: src/charts is another helper's work and may not exist yet.
  const specifier = '../../../src/charts/index.js';
  try {
    const charts = (await import(/* @vite-ignore */ specifier)) as ChartsModule;
    if (typeof charts.renderChart === 'function') {
      const render = charts.renderChart;
      // Prove it works here (worker threads, fonts) before relying on it.
      await render({ kind: 'models' });
      return { render, real: true, close: async () => charts.closeChartPool?.() };
    }
  } catch {
    /* fall through to the stand-in */
  }
  return { render: tinyRenderer, real: false, close: async () => {} };
}
