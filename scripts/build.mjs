#!/usr/bin/env node
/**
 * `npm run build`: transpile src/ and commands/ to dist/ file by file with esbuild, keeping the
 * layout (dist/src/…, dist/commands/…) so paths that modules resolve from import.meta.url (the
 * quiz bank, the flashcard deck, the playground's public/ assets, the chart worker) work the same
 * in dist/. Types are checked by `npm run typecheck`, not here: this stays well under a second
 * so `prestart` can run it every time. `--bench` also builds test/bench and the fakes it drives,
 * so the bench measures the compiled bot.
 */
import { build } from 'esbuild';
import { performance } from 'node:perf_hooks';
import { cp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
// --out DIR (inside the repository, so node_modules resolves): tests build into their own.
const out = resolve(root, outArg >= 0 ? args[outArg + 1] : 'dist');
const bench = args.includes('--bench');
const dirs = ['src', 'commands', ...(bench ? ['test/bench', 'test/fakes', 'test/charts'] : [])];
const STAMP = '.built';

/** Every file under dir, relative to the repository root. */
async function files(dir) {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)));
}

/** With --if-stale: true when dist/ was built after every source file and folder changed. */
async function upToDate() {
  const built = await stat(join(out, STAMP)).catch(() => undefined);
  if (!built) return false;
  for (const dir of ['src', 'commands']) {
    const entries = await readdir(join(root, dir), { recursive: true });
    const paths = [dir, ...entries.map((e) => join(dir, e))];
    const times = await Promise.all(paths.map((p) => stat(join(root, p)).then((s) => s.mtimeMs)));
    if (times.some((t) => t > built.mtimeMs)) return false;
  }
  return true;
}

const started = performance.now();
if (args.includes('--if-stale') && (await upToDate())) process.exit(0);
// Built beside the target and swapped in whole, so a process starting meanwhile (or a second
// build) never sees a half-written dist/.
const tmp = `${out}.tmp-${process.pid}`;
const old = `${out}.old-${process.pid}`;
const all = (await Promise.all(dirs.map(files))).flat();
const sources = all.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
// Read at run time relative to the module: JSON content, the playground's static files.
const assets = all.filter((f) => /\.(json|js|css|html|svg|ttf)$/.test(f));
await build({
  absWorkingDir: root,
  entryPoints: sources,
  outdir: tmp,
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  bundle: false,
  // Linked maps without the sources' text: stack traces name src/… lines (with
  // --enable-source-maps) and the maps stay small to parse at start-up.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
await Promise.all(assets.map((f) => cp(join(root, f), join(tmp, f))));
await writeFile(join(tmp, STAMP), `${new Date().toISOString()}\n`);
await rename(out, old).catch(() => undefined);
await rename(tmp, out);
await rm(old, { recursive: true, force: true });
const ms = Math.round(performance.now() - started);
// --quiet: the CLI bin builds on first use, and its stderr is one line per bad input (CONTRACTS).
if (!args.includes('--quiet'))
  process.stdout.write(
    `built ${sources.length} modules and ${assets.length} assets to ${relative(root, out)}/ in ${ms} ms\n`,
  );
