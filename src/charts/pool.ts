import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChartRequest, RenderedChart } from './request.js';
import type { RenderJob, RenderResult } from './worker-protocol.js';

export interface ChartPoolOptions {
  /** Worker threads; default min(2, cores − 1), at least 1. */
  size?: number;
  /** Worker entry module; tests swap in one that can crash. */
  workerUrl?: URL;
  /** A render still running after this long is abandoned and its worker replaced. */
  timeoutMs?: number;
}

interface Pending {
  job: RenderJob;
  resolve: (chart: RenderedChart) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy?: Pending;
  timer?: NodeJS.Timeout;
}

const DEFAULT_WORKER = new URL(
  `./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

/** The ESM build of tsx's API, found through its package.json (`require` would pick the CJS). */
function tsxEsmApi(): URL {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return new URL(pkg.exports['./esm/api']!.import.default, pathToFileURL(manifest));
}

/**
 * A small young generation: each chart leaves megabytes of pixel and PNG buffers that only a
 * collection frees, and the worker's heap is tiny, so with the default (16 MB semi-spaces)
 * garbage piled up. Measured at 50 concurrent charts: peak RSS 181–190 MB → 140–157 MB.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

/**
 * Start a worker on the given module. The project runs TypeScript through tsx without a build,
 * and on Node 20 `--import tsx` in a worker's execArgv does not install tsx's loader there, so
 * a .ts worker is started by a two-line bootstrap that loads it through tsx's API (which works
 * the same under `tsx`, vitest and plain node). A built .js worker starts directly.
 */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { resourceLimits: WORKER_LIMITS });
  const api = tsxEsmApi().href;
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => (m.tsImport ?? m.default.tsImport)(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}));`;
  // No limits here: transforming TypeScript allocates heavily, and the bot runs built .js.
  return new Worker(bootstrap, { eval: true });
}

/**
 * One core stays with the main thread (gateway heartbeats, Slack acks, SQLite). Measured on 2
 * cores at 50 concurrent /optimal: 1 worker vs 2 gave ack p99 151 vs 176 ms (Slack), chart p99
 * 1020 vs 1028 ms (Slack) and 899 vs 1034 ms (Discord), peak RSS 401 vs 496 MB.
 */
export const defaultPoolSize = (): number => Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * A few worker threads that draw charts, so a burst of requests never blocks the event loop.
 * Jobs queue in order; a worker that crashes or hangs fails only its own job and is replaced.
 */
export class ChartPool {
  private readonly size: number;
  private readonly workerUrl: URL;
  private readonly timeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: ChartPoolOptions = {}) {
    this.size = options.size ?? defaultPoolSize();
    this.workerUrl = options.workerUrl ?? DEFAULT_WORKER;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Jobs waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  render(request: ChartRequest): Promise<RenderedChart> {
    if (this.closed) return Promise.reject(new Error('The chart pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, request }, resolve, reject });
      this.dispatch();
    });
  }

  /** Start the workers now rather than on the first request. */
  warm(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  /** Stop every worker; queued and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('The chart pool was closed');
    for (const pending of this.queue.splice(0)) pending.reject(error);
    const slots = this.slots.splice(0);
    for (const slot of slots) this.fail(slot, error);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = startWorker(this.workerUrl);
    const slot: Slot = { worker };
    worker.on('message', (result: RenderResult) => this.finish(slot, result));
    worker.on('error', (error) =>
      this.retire(slot, new Error(`Chart worker crashed: ${error.message}`)),
    );
    worker.on('exit', (code) =>
      this.retire(slot, new Error(`Chart worker exited with code ${code}`)),
    );
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      // Keep the process alive only while a job is running, so idle workers never hold it open.
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        this.retire(slot, new Error(`Chart render timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      slot.worker.postMessage(pending.job);
    }
  }

  private finish(slot: Slot, result: RenderResult): void {
    const pending = slot.busy;
    if (!pending || pending.job.id !== result.id) return;
    this.release(slot);
    if (result.ok) {
      const { png, alt, width, height, filename } = result;
      pending.resolve({ png: Buffer.from(png), alt, width, height, filename });
    } else {
      pending.reject(new Error(`Chart render failed: ${result.message}`));
    }
    this.dispatch();
  }

  private release(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.busy = undefined;
    slot.worker.unref();
  }

  private fail(slot: Slot, error: Error): void {
    const pending = slot.busy;
    this.release(slot);
    pending?.reject(error);
  }

  /** Drop a dead or stuck worker, fail its job, and carry on with a fresh one if work waits. */
  private retire(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    this.fail(slot, error);
    void slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}
