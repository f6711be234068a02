/**
 * Graceful shutdown: the real `src/main.ts` with Slack against the fake Web API, a burst of
 * chart commands in flight (acked, still rendering), then SIGTERM. Every answer, chart included,
 * must be delivered before the process exits, and it must exit 0.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack/server.js';
import { postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { freePort, spawnMain, waitForStatus, type Spawned } from './helpers.js';

const SECRET = 'shutdown-signing-secret';
const IN_FLIGHT = 8;

let fake: FakeSlack;
let bot: Spawned | undefined;

beforeAll(async () => {
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await fake?.close();
});

it('SIGTERM with chart answers in flight: all delivered, then exit 0', async () => {
  const port = await freePort();
  bot = spawnMain({
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-shutdown-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  await waitForStatus(`http://127.0.0.1:${port}/healthz`);

  const channels = Array.from({ length: IN_FLIGHT }, (_, i) => `CSHUT${i}`);
  const acks = await Promise.all(
    channels.map((channel, i) =>
      postSigned(
        `http://127.0.0.1:${port}/slack/events`,
        slashCommandBody({
          command: '/optimal',
          text: `${i + 1}e22`,
          channel_id: channel,
          user_id: `USHUT${i}`,
          response_url: fake.responseUrl(channel),
        }),
        { secret: SECRET },
      ),
    ),
  );
  expect(acks.map((a) => a.status)).toEqual(channels.map(() => 200));
  // Acked, not answered yet: the charts are still being drawn (first use starts the pool).
  const answeredBefore = channels.filter((c) =>
    fake.calls.some((x) => x.method === 'files.completeUploadExternal' && x.body.channel_id === c),
  );
  expect(answeredBefore.length).toBeLessThan(IN_FLIGHT);
  bot.child.kill('SIGTERM');
  const exit = await bot.exit;

  const posted = (c: string) =>
    fake.calls.filter((x) => x.method === 'chat.postMessage' && x.body.channel === c);
  const charts = (c: string) =>
    fake.calls.filter(
      (x) => x.method === 'files.completeUploadExternal' && x.body.channel_id === c,
    );
  const missing = channels.filter((c) => posted(c).length !== 1 || charts(c).length !== 1);
  expect(missing, `stdout:\n${bot.stdout().slice(-3000)}`).toEqual([]);
  for (const c of channels) {
    expect(JSON.stringify(posted(c)[0]!.body)).not.toContain('could not be drawn');
    expect(fake.responsesTo(c)).toEqual([]);
  }
  expect(exit).toEqual({ code: 0, signal: null });
  expect(bot.stdout()).toContain('shutting down');
});
