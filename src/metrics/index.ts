/**
 * Prometheus metrics (prom-client), one registry for the process. Modules count what they do
 * through the helpers below; src/metrics/route.ts serves the registry at GET /metrics.
 * prom-client never touches the chat SDKs, so the core may import this.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { currentRequest, inRequest, type RequestContext } from '../request-context.js';

export const registry = new Registry();

export type Outcome = 'answer' | 'input_error' | 'failure';

const commands = new Counter({
  name: 'tutor_commands_total',
  help: 'Commands run, by command, platform and outcome (answer, input_error, failure)',
  labelNames: ['command', 'platform', 'outcome'] as const,
  registers: [registry],
});

// Acks must beat Slack's 3 s and Discord's 3 s deadlines; answers with a chart take longer.
const ackSeconds = new Histogram({
  name: 'tutor_ack_seconds',
  help: 'Request arrival to the platform acknowledged (Slack HTTP response, Discord callback)',
  labelNames: ['platform'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

const answerSeconds = new Histogram({
  name: 'tutor_answer_seconds',
  help: 'Request arrival to the whole answer delivered (chart included)',
  labelNames: ['platform'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  registers: [registry],
});

const chartRenders = new Counter({
  name: 'tutor_chart_renders_total',
  help: 'Charts drawn by the worker pool, by outcome (ok, failed)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

const chartSeconds = new Histogram({
  name: 'tutor_chart_render_seconds',
  help: 'Chart render time through the pool, queueing included',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

let queueLength: () => number = () => 0;
new Gauge({
  name: 'tutor_chart_queue_length',
  help: 'Chart jobs waiting for a free worker',
  registers: [registry],
  collect() {
    this.set(queueLength());
  },
});

const quizAnswers = new Counter({
  name: 'tutor_quiz_answers_stored_total',
  help: 'Quiz answers written to the store',
  registers: [registry],
});

const storeFailures = new Counter({
  name: 'tutor_store_failures_total',
  help: 'Store failures: an operation that failed (operation) or a reopen that failed (reopen)',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export function countCommand(command: string, platform: string, outcome: Outcome): void {
  commands.inc({ command, platform, outcome });
}

const seconds = (ctx: RequestContext) => (performance.now() - ctx.started) / 1000;

/** The platform was acknowledged for the current request (the first call counts). */
export function observeAck(ctx: RequestContext | undefined = currentRequest()): void {
  if (!ctx?.platform || ctx.acked) return;
  ctx.acked = true;
  ackSeconds.observe({ platform: ctx.platform }, seconds(ctx));
}

/** The current request's answer is complete. */
export function observeAnswer(ctx: RequestContext): void {
  if (ctx.platform) answerSeconds.observe({ platform: ctx.platform }, seconds(ctx));
}

/** Time a chart render: counts it and its duration by outcome. */
export async function timeChart<T>(render: () => Promise<T>): Promise<T> {
  const stop = chartSeconds.startTimer();
  try {
    const result = await render();
    chartRenders.inc({ outcome: 'ok' });
    return result;
  } catch (error) {
    chartRenders.inc({ outcome: 'failed' });
    throw error;
  } finally {
    stop();
  }
}

/** Where the chart queue length is read from (the shared pool). */
export function watchChartQueue(read: () => number): void {
  queueLength = read;
}

export const countQuizAnswer = (): void => quizAnswers.inc();
export const countStoreFailure = (kind: 'operation' | 'reopen'): void =>
  storeFailures.inc({ kind });

let processMetrics = false;
/**
 * Process memory, CPU, GC and event-loop lag (prom-client's defaults, `nodejs_eventloop_lag_*`
 * from monitorEventLoopDelay). Started by the bot, not by merely importing this module (the
 * CLI counts nothing and must not keep a timer).
 */
export function startProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
}

/**
 * Run one command's or click's handling as a request of `platform` (a new request id, or the
 * HTTP request's), timing the whole answer when `work` settles.
 */
export function asRequest<T>(platform: string, work: () => Promise<T>): Promise<T> {
  return inRequest((ctx) => {
    const running = work();
    const done = () => observeAnswer(ctx);
    running.then(done, done);
    return running;
  }, platform);
}
