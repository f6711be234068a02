/**
 * `npm run bench [section…]`: runs each section, prints its table, and writes everything to
 * bench-results/bench.json. Sections live in their own modules; add new ones to SECTIONS.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { chartsBench } from './charts.js';
import { fitBench } from './fit.js';
import { formatTable, type BenchSection } from './report.js';
import { slackLoadBench } from './slack-load.js';
import { discordLoadBench } from './discord-load.js';
import { memoryBench } from './memory.js';
import { scaleBench } from './scale.js';
import { startupBench } from './startup.js';
import { targetRows } from './targets.js';

const SECTIONS: BenchSection[] = [
  chartsBench,
  slackLoadBench,
  discordLoadBench,
  memoryBench,
  startupBench,
  fitBench,
  scaleBench,
];

const wanted = process.argv.slice(2);
const sections = wanted.length ? SECTIONS.filter((s) => wanted.includes(s.name)) : SECTIONS;
if (sections.length === 0) {
  console.error(
    `No bench section named ${wanted.join(', ')}; have ${SECTIONS.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}

const results: Record<string, unknown> = {};
for (const section of sections) {
  console.log(`\n## ${section.name}\n`);
  const result = await section.run();
  console.log(formatTable(result.table));
  for (const note of result.notes ?? []) console.log(`  ${note}`);
  results[section.name] = result.data;
}

const targets = targetRows(results);
if (targets.length) {
  console.log(`\n## targets\n\n${formatTable(targets)}`);
  console.log(
    `  load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores (shared machine)`,
  );
}

const out = {
  targets,
  loadAverage: loadavg(),
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model,
  cores: availableParallelism(),
  sections: results,
};
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/bench.json', `${JSON.stringify(out, null, 2)}\n`);
console.log('\nwrote bench-results/bench.json');
