/**
 * Memory over a long run: 10,000 cheap commands (no chart: /help and a bad-input /loss, each
 * answered through the response_url) through the Slack HTTP adapter in the bot host. RSS and
 * heap after garbage collection at 1,000 and at 10,000 commands: a leak shows as growth beyond
 * noise between the two.
 */
import type { ResponseUrlHit } from '../fakes/slack/server.js';
import { round, type BenchSection } from './report.js';
import { sleep, startSlackDriver, TARGETS, verdict, type HostStats } from './slack-load.js';

const TOTAL = 10_000;
const CHECKPOINTS = [1_000, TOTAL];
const CONCURRENT = 20;
const GROWTH_NOISE_MB = 10;

export const memoryBench: BenchSection = {
  name: 'memory',
  async run() {
    const d = await startSlackDriver();
    let delivered = 0;
    const responses = d.fake.responses as ResponseUrlHit[];
    const push = responses.push.bind(responses);
    responses.push = (...hits: ResponseUrlHit[]) => {
      delivered += hits.length;
      return push(...hits);
    };
    const at: Record<number, HostStats & { seconds: number }> = {};
    let failures = 0;
    try {
      const started = performance.now();
      let sent = 0;
      const worker = async (limit: number) => {
        while (sent < limit) {
          const i = ++sent;
          const [command, text] = i % 2 === 0 ? ['/help', ''] : ['/loss', `banana${i % 50} 1T`];
          const res = await d.command(command!, text!, {
            channel_id: `CMEM${i % 100}`,
            user_id: `UMEM${i % 500}`,
          });
          if (res.status !== 200) failures += 1;
          if (i % 1000 === 0) d.fake.reset();
        }
      };
      for (const checkpoint of CHECKPOINTS) {
        await Promise.all(Array.from({ length: CONCURRENT }, () => worker(checkpoint)));
        // Every answer delivered before measuring.
        const deadline = Date.now() + 30_000;
        while (delivered < checkpoint && Date.now() < deadline) await sleep(20);
        at[checkpoint] = {
          ...(await d.host.gc()),
          seconds: round((performance.now() - started) / 1000, 1),
        };
      }
      const first = at[CHECKPOINTS[0]!]!;
      const last = at[TOTAL]!;
      const growth = round(last.rssMB - first.rssMB, 1);
      const heapGrowth = round(last.heapUsedMB - first.heapUsedMB, 1);
      const table = CHECKPOINTS.map((n) => ({
        'after commands': n,
        'RSS MB (after GC)': at[n]!.rssMB,
        'heap used MB': at[n]!.heapUsedMB,
        'peak RSS MB': at[n]!.peakRssMB,
        's elapsed': at[n]!.seconds,
      }));
      return {
        table,
        notes: [
          `${TOTAL} commands (/help and a bad-input /loss, answered via response_url), ${CONCURRENT} at a time; ` +
            `${round(TOTAL / last.seconds, 0)} commands/s; ${delivered} answers delivered, ${failures} failed`,
          `growth 1,000 → 10,000: RSS ${growth} MB, heap ${heapGrowth} MB ` +
            `(≤ ${GROWTH_NOISE_MB} MB is noise: ${verdict(growth <= GROWTH_NOISE_MB && heapGrowth <= GROWTH_NOISE_MB)}); ` +
            `RSS ≤ ${TARGETS.rssMB} MB: ${verdict(last.peakRssMB <= TARGETS.rssMB)} (peak ${last.peakRssMB} MB)`,
        ],
        data: { total: TOTAL, concurrent: CONCURRENT, at, growth, heapGrowth, delivered, failures },
      };
    } finally {
      await d.close();
    }
  },
};
