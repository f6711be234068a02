import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { drawChart } from './draw.js';
import { encodePng } from './png.js';
import type { ChartRequest, RenderedChart } from './request.js';
import { CHART_HEIGHT, CHART_WIDTH } from './theme.js';

/**
 * One canvas per thread, reused: allocating a 960×540 surface costs more than a millisecond,
 * and drawing and encoding below are synchronous, so two renders never share it at once.
 */
let scratch: Canvas | undefined;

/** Draw and encode on the calling thread, synchronously. The pool's workers run this. */
export function renderChartSync(req: ChartRequest): RenderedChart {
  scratch ??= createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const { chart, canvas, spec } = drawChart(req, scratch);
  try {
    const png = encodePng(canvas);
    return {
      png,
      alt: spec.alt,
      width: canvas.width,
      height: canvas.height,
      filename: spec.filename,
    };
  } finally {
    chart.destroy();
  }
}

/** Render without a worker (the CLI, tests, the bench's in-process figures). */
export async function renderChartInProcess(req: ChartRequest): Promise<RenderedChart> {
  return renderChartSync(req);
}
