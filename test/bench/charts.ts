/**
 * Chart rendering: per kind, render time in-process and through the worker pool, PNG size,
 * throughput and event-loop delay under a burst of 20 concurrent requests, and the floor:
 * encoding a plain white canvas of the same size to PNG.
 */
import { createCanvas } from '@napi-rs/canvas';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ChartPool, CHART_HEIGHT, CHART_WIDTH, defaultPoolSize } from '../../src/charts/index.js';
import { drawChart } from '../../src/charts/draw.js';
import { encodePng } from '../../src/charts/png.js';
import { renderChartSync } from '../../src/charts/render.js';
import type { ChartRequest } from '../../src/charts/request.js';
import { SAMPLES } from '../charts/samples.js';
import { percentile, round, timeRuns, type BenchSection } from './report.js';

const IN_PROCESS_RUNS = 80;
const POOL_RUNS = 60;
const BURST = 20;
const BURST_ROUNDS = 6;
const TARGET_RATIO = 1.5;
const TARGET_BYTES = 150 * 1024;
const TARGET_LOOP_DELAY_MS = 50;

/** Vary each request a little per run, so nothing measured is a repeat of the same chart. */
function varied(req: ChartRequest, i: number): ChartRequest {
  const f = 1 + (i % 17) / 50;
  switch (req.kind) {
    case 'isoflop':
      return { ...req, compute: req.compute * f };
    case 'loss-landscape':
      return { ...req, tokens: req.tokens * f };
    case 'models':
      return req.user ? { ...req, user: { ...req.user, params: req.user.params * f } } : req;
    case 'lifetime-cost':
      return { ...req, loss: req.loss * (1 + (f - 1) / 20) };
    case 'fit-runs':
      return {
        ...req,
        coefficients: { ...req.coefficients, E: req.coefficients.E * (1 + (f - 1) / 50) },
      };
    case 'scores':
      return { ...req, entries: req.entries.map((e) => ({ ...e, value: e.value + (i % 3) })) };
    case 'due-forecast':
      return { ...req, days: req.days.map((d) => ({ ...d, value: d.value + (i % 4) })) };
  }
}

function whiteCanvas() {
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
  return canvas;
}

const stats = (times: number[]) => ({
  p50: round(percentile(times, 50)),
  p99: round(percentile(times, 99)),
});

export const chartsBench: BenchSection = {
  name: 'charts',
  async run() {
    const white = whiteCanvas();
    // The floor: @napi-rs/canvas's own PNG encoder on a white canvas of the chart size.
    // It is timed interleaved with the renders below, so load from other processes on the
    // machine affects both alike; this separate run is only a warm-up and a reference.
    const encodeWhite = () => white.encodeSync('png');
    await timeRuns(20, encodeWhite, 10);
    const floorOurEncoder = stats(await timeRuns(60, () => encodePng(white), 10));
    const floorTimes: number[] = [];

    // What the chart renderer would cost with the library's encoder, for comparison.
    const withSkiaEncoder = stats(
      await timeRuns(30, (i) => {
        const { chart, canvas } = drawChart(varied(SAMPLES.isoflop, i));
        canvas.encodeSync('png');
        chart.destroy();
      }),
    );

    const pool = new ChartPool();
    pool.warm();
    await Promise.all(Object.values(SAMPLES).map((r) => pool.render(r)));

    const kinds = [];
    for (const [kind, req] of Object.entries(SAMPLES)) {
      let bytes = 0;
      const kindFloor: number[] = [];
      const renders: number[] = [];
      for (let i = -5; i < IN_PROCESS_RUNS; i++) {
        let start = performance.now();
        encodeWhite();
        const encoded = performance.now() - start;
        start = performance.now();
        bytes = Math.max(bytes, renderChartSync(varied(req, i + 5)).png.length);
        if (i < 0) continue; // warm-up
        renders.push(performance.now() - start);
        kindFloor.push(encoded);
      }
      const inProcess = stats(renders);
      floorTimes.push(...kindFloor);
      const viaPool = stats(await timeRuns(POOL_RUNS, (i) => pool.render(varied(req, i))));
      kinds.push({
        kind,
        inProcess,
        viaPool,
        maxBytes: bytes,
        floorP50: round(percentile(kindFloor, 50)),
        ratioToFloor: round(inProcess.p50 / percentile(kindFloor, 50)),
      });
    }

    // A burst: 20 concurrent mixed requests, several rounds, watching the main event loop.
    const requests = Object.values(SAMPLES);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const start = performance.now();
    for (let round = 0; round < BURST_ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          pool.render(varied(requests[i % requests.length]!, i + round)),
        ),
      );
    }
    const elapsed = performance.now() - start;
    loop.disable();
    await pool.close();
    const burst = {
      concurrent: BURST,
      rounds: BURST_ROUNDS,
      chartsPerSecond: round((BURST * BURST_ROUNDS * 1000) / elapsed, 1),
      eventLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
      eventLoopDelayMaxMs: round(loop.max / 1e6),
    };

    const floor = stats(floorTimes);
    const worstRatio = Math.max(...kinds.map((k) => k.ratioToFloor));
    const largest = Math.max(...kinds.map((k) => k.maxBytes));
    const table = kinds.map((k) => ({
      kind: k.kind,
      'in-process p50 ms': k.inProcess.p50,
      'p99 ms': k.inProcess.p99,
      'pool p50 ms': k.viaPool.p50,
      'pool p99 ms': k.viaPool.p99,
      'PNG KB': round(k.maxBytes / 1024, 1),
      'floor p50 ms': k.floorP50,
      '× floor': k.ratioToFloor,
    }));
    const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
    const notes = [
      `size ${CHART_WIDTH}×${CHART_HEIGHT}; pool of ${defaultPoolSize()} workers on ${availableParallelism()} cores`,
      `floor (white canvas → PNG, @napi-rs/canvas encoder): p50 ${floor.p50} ms, p99 ${floor.p99} ms; ` +
        `same canvas with the charts' encoder: p50 ${floorOurEncoder.p50} ms`,
      `iso-FLOP chart with the @napi-rs/canvas encoder instead: p50 ${withSkiaEncoder.p50} ms`,
      `burst of ${BURST} concurrent × ${BURST_ROUNDS}: ${burst.chartsPerSecond} charts/s, ` +
        `event-loop delay p99 ${burst.eventLoopDelayP99Ms} ms (max ${burst.eventLoopDelayMaxMs} ms)`,
      `targets: render p50 ≤ ${TARGET_RATIO}× floor: ${verdict(worstRatio <= TARGET_RATIO)} (worst ${worstRatio}×); ` +
        `PNG ≤ 150 KB: ${verdict(largest <= TARGET_BYTES)}; ` +
        `event-loop p99 ≤ ${TARGET_LOOP_DELAY_MS} ms: ${verdict(burst.eventLoopDelayP99Ms <= TARGET_LOOP_DELAY_MS)}`,
    ];
    return {
      table,
      notes,
      data: {
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
        poolSize: defaultPoolSize(),
        cores: availableParallelism(),
        floor,
        floorOurEncoder,
        isoflopWithSkiaEncoder: withSkiaEncoder,
        kinds,
        burst,
      },
    };
  },
};
