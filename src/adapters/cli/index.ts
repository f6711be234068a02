/**
 * The command-line adapter: `scaling-tutor optimal 6e22 [--fit NAME] [--json] [--chart FILE.png]`.
 * It runs the same command modules as the bot. Bad input exits 2 with one line on stderr.
 */
import { pathToFileURL } from 'node:url';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { commands } from '../../../commands/index.js';
import { optionSpecs, usage } from '../../../commands/schema.js';
import type { CommandContext } from '../../../commands/define.js';
import { createRuntime, inRequestScope, type CommandInput } from '../../runtime/index.js';
import { renderPlain, stripMarkup } from '../shared/plain-text.js';
import { sizeText } from '../shared/upload.js';
import { runCourseCli } from './course.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const HELP = [
  'Usage: scaling-tutor <command> [arguments] [--json] [--chart FILE.png]',
  ...commands
    .filter((c) => c.name !== 'help' && c.name !== 'course')
    .map((c) => `  ${usage(c).slice(1)}    ${c.description}`),
  '  course check FILE [--format auto|csv|tsv|anki|gift]    Check a course file (questions, cards) before importing it',
  '  course import FILE --server ID [--name NAME] [--platform P]    Import a course file into a server (DATABASE_URL)',
  "  course export --server ID --format anki|csv [--deck NAME]    Print a server's course deck",
  'Examples: scaling-tutor optimal 6e22 --json;  scaling-tutor loss 70B 1.4T --chart loss.png',
].join('\n');

export async function runCli(argv: string[]): Promise<CliResult> {
  // One runtime per run, as one process per run: the cooldown never outlives the command.
  const runtime = createRuntime({ commands });
  const args = [...argv];
  const take = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const value = args[i + 1];
    args.splice(i, value === undefined || value.startsWith('--') ? 1 : 2);
    return value === undefined || value.startsWith('--') ? '' : value;
  };
  const json = take('--json') !== undefined;
  const chartPath = take('--chart');
  const [name, ...rest] = args;
  if (name === undefined || /^(-h|--help|help)$/.test(name))
    return { code: name ? 0 : 2, stdout: name ? HELP : '', stderr: name ? '' : HELP };
  // `course check` reads a file, not one command's options: it has its own small parser.
  if (name === 'course') return runCourseCli(rest, json);
  const { command } = runtime.resolve(name);
  if (!command || command.name === 'help' || command.policy.channelGame) {
    return {
      code: 2,
      stdout: '',
      stderr: `Unknown command "${name}". Try: scaling-tutor optimal 6e22`,
    };
  }
  if (chartPath === '')
    return {
      code: 2,
      stdout: '',
      stderr: `--chart needs a file name, e.g. scaling-tutor ${command.name} ${command.examples[0]?.split(' ').slice(1).join(' ')} --chart chart.png`,
    };
  const ctx: CommandContext = {
    platform: 'cli',
    user: { id: 'cli', name: process.env.USER ?? 'you' },
    channel: { id: 'cli' },
    commands,
    uploadHint: (name) => `give its path: scaling-tutor ${name} runs.csv`,
  };
  let input: CommandInput = { text: rest.join(' ') };
  // `fit runs.csv`: a file argument fills the command's attachment option, as an upload would.
  const option = command.fileOption;
  const file = option ? rest[0] : undefined;
  if (option && file !== undefined && !file.startsWith('--') && !/[,\n]/.test(file)) {
    const cap = optionSpecs(command).find((s) => s.name === option)?.maxBytes ?? Infinity;
    let content: string;
    try {
      const { size } = await stat(file);
      if (size > cap)
        return {
          code: 2,
          stdout: '',
          stderr: `${file} is ${sizeText(size)}; the limit is ${sizeText(cap)}. Example: scaling-tutor ${command.name} runs.csv --json`,
        };
      content = await readFile(file, 'utf8');
    } catch (error) {
      return {
        code: 2,
        stdout: '',
        stderr: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}. Example: scaling-tutor ${command.name} runs.csv --json`,
      };
    }
    input = { text: rest.slice(1).join(' '), files: { [option]: content } };
    ctx.upload = { name: basename(file) };
  }
  const reply = await inRequestScope(() => runtime.invoke(command, input, ctx));
  if (reply.tone === 'error') {
    const line = stripMarkup(reply.summary)
      .replace(/\s*\n\s*/g, ' ')
      .replace(/(^|\s)\/(\w+)/g, '$1scaling-tutor $2');
    const example = (command.examples[0] ?? `/${command.name}`).replace(/^\//, 'scaling-tutor ');
    const full = line.includes('scaling-tutor') ? '' : ` Full command: ${example}`;
    return { code: 2, stdout: '', stderr: `${line}${full}` };
  }
  let stdout = json ? JSON.stringify(reply.data ?? null, null, 2) : renderPlain(reply);
  if (reply.tone === 'info' && json) stdout = renderPlain(reply);
  if (chartPath !== undefined) {
    if (!reply.chart)
      return { code: 2, stdout, stderr: `/${command.name} has no chart for this answer` };
    try {
      const { renderChart, closeChartPool } = await import('../../charts/index.js');
      const chart = await renderChart(reply.chart);
      await closeChartPool();
      await writeFile(chartPath, chart.png);
      if (!json)
        stdout += `\n\nChart written to ${chartPath} (${chart.width}×${chart.height}): ${chart.alt}`;
    } catch (error) {
      return {
        code: 1,
        stdout,
        stderr: `Could not write the chart to ${chartPath}: ${(error as Error).message}`,
      };
    }
  }
  return { code: 0, stdout, stderr: '' };
}

// Run when executed directly (npm run cli / the bin), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2)).then(
    ({ code, stdout, stderr }) => {
      if (stdout) process.stdout.write(`${stdout}\n`);
      if (stderr) process.stderr.write(`${stderr}\n`);
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Unexpected error: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
