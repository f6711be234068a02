import type { MessagePort } from 'node:worker_threads';
import type { ChartRequest, RenderedChart } from './request.js';
import type { RenderJob, RenderResult } from './worker-protocol.js';

/**
 * Answer render jobs on a port, one at a time. A render that throws is reported back as a
 * failed job; the worker itself stays up.
 */
export function serveRenders(
  port: MessagePort,
  render: (req: ChartRequest) => Promise<RenderedChart>,
): void {
  port.on('message', async (job: RenderJob) => {
    let result: RenderResult;
    const transfer: ArrayBuffer[] = [];
    try {
      const chart = await render(job.request);
      // Copy into a buffer of exactly the PNG's size: the encoder's Buffer may be a view on a
      // larger allocation, and a view would carry all of it across.
      const png = new Uint8Array(chart.png.byteLength);
      png.set(chart.png);
      transfer.push(png.buffer);
      result = { id: job.id, ok: true, ...chart, png: png.buffer };
    } catch (error) {
      result = {
        id: job.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    port.postMessage(result, transfer);
  });
}
