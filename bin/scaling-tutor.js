#!/usr/bin/env node
// The package's bin: runs the CLI adapter through tsx's loader so no build step is needed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'src', 'adapters', 'cli', 'index.ts');
// tsx resolved from this package, so the bin works from any directory (and --chart paths
// stay relative to where the user is).
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--import', tsx, cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
