/** Worker-thread entry: renders charts for the pool in pool.ts. */
import { parentPort } from 'node:worker_threads';
import { renderChartSync } from './render.js';
import { setUpCharts } from './setup.js';
import { serveRenders } from './worker-loop.js';

if (!parentPort) throw new Error('charts/worker.ts must run as a worker thread');
// Pay for fonts and Chart.js registration at start-up, not on the first request.
setUpCharts();
serveRenders(parentPort, async (req) => renderChartSync(req));
