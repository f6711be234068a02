/**
 * Hostile input through the real Slack HTTP adapter: signed slash commands with random text and
 * user names. Every request is answered (HTTP 200, then a post or a response_url reply), and
 * nothing that reaches the fake Web API or a response_url carries a live mention.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Cooldown } from '../../src/runtime/index.js';
import { captureLogs, startHarness, type Harness } from '../fakes/slack/harness.js';
import { tinyRenderer } from '../fakes/slack/renderer.js';
import { commandText, FUZZED, hostileText, INJECTIONS, liveSlackMentions } from './helpers.js';

let h: Harness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
const logs = captureLogs();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startHarness({
    renderChart: tinyRenderer,
    commands: FUZZED,
    // No cooldown here: every chart answer takes the full path.
    cooldown: new Cooldown({ limit: 1e9, windowMs: 1000 }),
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await h?.close();
});

it('every fuzzed slash command is acked, answered, and pings nobody', async () => {
  const sent: { rid: string; channel: string; label: string }[] = [];
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...FUZZED).chain((c) =>
        fc.record({
          command: fc.constant(c.name),
          text: commandText(c),
          userName: fc.oneof(fc.constant('ada'), hostileText),
        }),
      ),
      async ({ command, text, userName }) => {
        const channel = `CFUZZ${++n}`;
        const res = await h.command(`/${command}`, text, {
          channel_id: channel,
          user_id: `UFUZZ${n}`,
          user_name: userName,
        });
        expect(res.status).toBe(200);
        sent.push({ rid: res.rid, channel, label: `/${command} ${JSON.stringify(text)}` });
      },
    ),
    { numRuns: 80 },
  );
  // Plus every injection verbatim, as the text and as the user name, on a chart command.
  for (const injection of INJECTIONS) {
    const channel = `CFUZZ${++n}`;
    const res = await h.command('/models', injection, {
      channel_id: channel,
      user_id: `UFUZZ${n}`,
      user_name: injection,
    });
    expect(res.status).toBe(200);
    sent.push({ rid: res.rid, channel, label: `/models ${injection}` });
    // A public answer with a chart, whose header context echoes the user name.
    const pub = `CFUZZ${++n}`;
    const ok = await h.command('/loss', '70B 1.4T', {
      channel_id: pub,
      user_id: `UFUZZ${n}`,
      user_name: injection,
    });
    sent.push({ rid: ok.rid, channel: pub, label: `/loss as ${injection}` });
  }

  const answered = (s: (typeof sent)[number]) =>
    h.fake.responsesTo(s.rid).length > 0 ||
    h.fake.calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === s.channel);
  await h.fake
    .waitFor(() => sent.every(answered), 20_000, 'an answer to every command')
    .catch(() => {
      throw new Error(
        `unanswered: ${sent
          .filter((s) => !answered(s))
          .map((s) => s.label)
          .join(', ')}`,
      );
    });
  // Chart uploads finish after the post: let them land before scanning.
  await new Promise((r) => setTimeout(r, 300));

  const payloads = [
    ...h.fake.calls.filter((c) => c.method !== 'auth.test').map((c) => JSON.stringify(c.body)),
    ...h.fake.responses.map((r) => JSON.stringify(r.body)),
  ];
  expect(payloads.length).toBeGreaterThanOrEqual(sent.length);
  // The public path was taken (posts with the echoed name), not only private errors.
  expect(h.fake.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(INJECTIONS.length);
  const live = payloads.flatMap((p) =>
    liveSlackMentions(p).map((m) => `${m} in ${p.slice(0, 200)}`),
  );
  expect(live).toEqual([]);
  expect(logs.filter((l) => /command failed|unhandled error/.test(l))).toEqual([]);
  expect(unhandled).toEqual([]);
});
