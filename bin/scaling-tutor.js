#!/usr/bin/env node
// The package's bin: runs the compiled CLI adapter (dist/), building it first when the sources
// are newer (a fresh clone, or an edit), so no TypeScript loader runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'scripts', 'build.mjs');
// An image or install without the sources ships dist/ already built: nothing to check.
if (existsSync(join(root, 'src')) && existsSync(build)) {
  const built = spawnSync(process.execPath, [build, '--if-stale', '--quiet'], {
    stdio: ['ignore', 2, 2],
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const cli = join(root, 'dist', 'src', 'adapters', 'cli', 'index.js');
// --chart paths stay relative to where the user is: the CLI runs in this directory.
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', cli, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
