/**
 * The process-level last line of defence, in the real `src/main.ts` (playground only) with
 * routes preloaded that fail like bugs (fixtures/fault-routes.ts):
 * - an unhandled rejection is logged with the request's id and the bot keeps serving;
 * - an uncaught exception is logged with the request's id, the answer in flight is finished,
 *   and the process exits non-zero for its supervisor.
 * Also: /healthz answers any Host (probes), the playground only its own (DNS rebinding).
 */
import { afterAll, expect, it } from 'vitest';
import { send } from './helpers.js';
import { freePort, spawnProcess, waitForStatus, type Spawned } from '../hardening/helpers.js';

let bot: Spawned | undefined;
afterAll(() => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
});

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  err?: { message: string; stack?: string };
}

const logs = (s: Spawned): LogLine[] =>
  s
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

it('logs rejections and runs on; drains and exits non-zero on an uncaught exception', async () => {
  const port = await freePort();
  bot = spawnProcess(
    process.execPath,
    ['--import', 'tsx', '--import', './test/http/fixtures/fault-routes.ts', 'src/main.ts'],
    { PORT: String(port) },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForStatus(`${base}/healthz`);

  const rejected = await fetch(`${base}/test/reject`);
  expect(rejected.status).toBe(200);
  const rejectedId = rejected.headers.get('x-request-id');
  await bot.waitFor(/unhandled promise rejection/);
  const rejection = logs(bot).find((l) => l.msg.startsWith('unhandled promise rejection'))!;
  expect(rejection).toMatchObject({ level: 50, reqId: rejectedId });
  expect(rejection.err?.message).toBe('test: nobody handles this rejection');
  expect((await fetch(`${base}/healthz`)).status).toBe(200);

  // DNS rebinding: the probe path takes any Host, the page does not.
  const evil = { host: `evil.example:${port}` };
  expect((await send(`${base}/healthz`, { headers: evil })).status).toBe(200);
  expect((await send(`${base}/`, { headers: evil })).status).toBe(421);

  const crash = await fetch(`${base}/test/crash`);
  expect(crash.status).toBe(200);
  const crashId = crash.headers.get('x-request-id');
  const exit = await bot.exit;
  const lines = logs(bot);
  const fatal = lines.findIndex((l) => l.msg.startsWith('uncaught exception'));
  const delivered = lines.findIndex((l) => l.msg === 'test: slow answer delivered');
  expect(lines[fatal]).toMatchObject({ level: 60, reqId: crashId });
  expect(lines[fatal]!.err?.message).toBe('test: a bug thrown from a timer');
  // The answer in flight was finished after the exception and before the exit.
  expect(delivered, bot.stdout().slice(-2000)).toBeGreaterThan(fatal);
  expect(exit).toEqual({ code: 1, signal: null });
});
