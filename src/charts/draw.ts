import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { Chart } from 'chart.js';
import { buildSpec } from './build.js';
import { marksPlugin } from './marks.js';
import { cardPlugin } from './options.js';
import type { ChartRequest } from './request.js';
import { setUpCharts } from './setup.js';
import type { ChartSpec } from './spec.js';
import { CHART_HEIGHT, CHART_WIDTH } from './theme.js';

export interface DrawnChart {
  chart: Chart;
  canvas: Canvas;
  spec: ChartSpec;
}

/**
 * Build and draw a chart on a canvas (a fresh one by default), synchronously (animation is off). The caller
 * encodes it and must call `chart.destroy()`; tests use the live chart's scales to find
 * where marks were drawn.
 */
export function drawChart(
  req: ChartRequest,
  canvas: Canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT),
): DrawnChart {
  setUpCharts();
  const spec = buildSpec(req);
  const config = {
    ...spec.config,
    plugins: [cardPlugin, marksPlugin(spec.marks, spec.guides)],
  };
  // Chart.js's typings expect a DOM canvas; @napi-rs/canvas implements the parts it uses.
  const chart = new Chart(canvas as unknown as HTMLCanvasElement, config);
  return { chart, canvas, spec };
}
