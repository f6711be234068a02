/**
 * The compiled build, end to end: `scripts/build.mjs` into a scratch folder, then plain `node`
 * (no TypeScript loader) runs it: the bot answers /healthz and serves the playground's assets,
 * the CLI draws a chart through the worker pool (the worker file resolves in the build), and
 * a stack trace names src/….ts lines through the source maps.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnProcess, waitForStatus, type Spawned } from '../hardening/helpers.js';

const run = promisify(execFile);
// Inside the repository, so the build's imports find node_modules.
const out = `.dist-test-${process.pid}`;
const spawned: Spawned[] = [];

beforeAll(async () => {
  const { stdout } = await run(process.execPath, ['scripts/build.mjs', '--out', out]);
  expect(stdout).toMatch(/^built \d+ modules and \d+ assets/);
}, 60_000);

afterAll(() => {
  for (const s of spawned) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  rmSync(out, { recursive: true, force: true });
});

describe('the compiled build', () => {
  it('starts with plain node, answers /healthz and serves the playground', async () => {
    const port = await freePort();
    const bot = spawnProcess(process.execPath, ['--enable-source-maps', `${out}/src/main.js`], {
      PORT: String(port),
    });
    spawned.push(bot);
    const health = await waitForStatus(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ ok: true, adapters: ['playground'] });
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('/assets/app.js');
    const asset = await fetch(`http://127.0.0.1:${port}/assets/app.js`);
    expect(asset.status).toBe(200);
    // A command through the playground's API: content and the commands load from the build.
    const answer = await fetch(`http://127.0.0.1:${port}/api/commands`);
    expect(answer.status).toBe(200);
    bot.child.kill('SIGTERM');
    expect((await bot.exit).code).toBe(0);
  });

  it('the CLI runs from the build and draws a chart in the worker pool', async () => {
    const png = join(mkdtempSync(join(tmpdir(), 'tutor-build-')), 'loss.png');
    const { stdout, stderr } = await run(process.execPath, [
      `${out}/src/adapters/cli/index.js`,
      'loss',
      '70B',
      '1.4T',
      '--chart',
      png,
    ]);
    expect(stderr).toBe('');
    expect(stdout).toContain(`Chart written to ${png}`);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('stack traces point at src/ through the source maps', async () => {
    const script = `import(${JSON.stringify(`./${out}/src/config.js`)}).then((m) => m.loadConfig({ PORT: 'abc' })).catch((e) => console.log(e.stack))`;
    const { stdout } = await run(process.execPath, [
      '--enable-source-maps',
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(stdout).toMatch(/PORT/);
    expect(stdout).toMatch(/src\/config\.ts:\d+:\d+/);
  });
});
