/**
 * The issue's targets, read off the sections' results: one row each, pass or miss with the
 * figure. A target whose section did not run is left out.
 */
import type { ClickResult, LevelResult } from './slack-load.js';
import { TARGETS } from './slack-load.js';

interface LoadData {
  levels: LevelResult[];
  clicks: ClickResult;
  peakRssMB: number;
}
interface StartupRow {
  name: string;
  readyP50: number;
  idleRssP50: number;
}

export function targetRows(sections: Record<string, unknown>): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  const add = (target: string, limit: number, value: number, unit: string) =>
    rows.push({
      target: `${target} ≤ ${limit} ${unit}`,
      measured: value,
      result: value <= limit ? 'pass' : 'MISS',
    });
  const slack = sections['slack-load'] as LoadData | undefined;
  const discord = sections['discord-load'] as LoadData | undefined;
  const memory = sections.memory as { at: Record<number, { peakRssMB: number }> } | undefined;
  const startup = sections.startup as StartupRow[] | undefined;
  const at50 = (d: LoadData) => d.levels.find((l) => l.concurrent === 50)!;
  const peaks = [
    slack?.peakRssMB,
    discord?.peakRssMB,
    ...Object.values(memory?.at ?? {}).map((a) => a.peakRssMB),
  ];
  const peak = Math.max(...peaks.filter((p): p is number => p !== undefined));
  if (Number.isFinite(peak)) add('peak RSS', TARGETS.rssMB, peak, 'MB');
  const both = startup?.find(
    (r) => r.name.startsWith('Slack + Discord') && !r.name.includes('tsx'),
  );
  if (both) add('idle RSS (Slack + Discord)', TARGETS.idleRssMB, both.idleRssP50, 'MB');
  for (const [name, d] of [
    ['Slack', slack],
    ['Discord', discord],
  ] as const) {
    if (!d) continue;
    add(`${name} ack p99 at 50 concurrent`, TARGETS.ackP99, at50(d).ack.p99, 'ms');
    add(`${name} chart answer p99 at 50 concurrent`, TARGETS.chartP99, at50(d).chart.p99, 'ms');
    const loop = Math.max(...d.levels.map((l) => l.loop.p99), d.clicks.loop.p99);
    add(`${name} event-loop p99 (worst phase)`, TARGETS.loopP99, loop, 'ms');
  }
  const built = startup?.filter((r) => !r.name.includes('tsx'));
  if (built?.length)
    add(
      'start → ready p50 (worst variant)',
      TARGETS.readyMs,
      Math.max(...built.map((r) => r.readyP50)),
      'ms',
    );
  return rows;
}
