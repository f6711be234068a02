/**
 * When Slack's Web API is slow, limited or failing, through the real Bolt App and the adapter's
 * messenger against the fake: one channel's 429 does not hold other channels, a Web API that
 * never answers times out (and people hear so), and a 500 is not called a permission problem.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRef } from '../../commands/define.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import type { Reply } from '../../src/reply.js';
import { openStore, type Store } from '../../src/store/index.js';
import { captureLogs, startHarness, type Harness } from '../fakes/slack/harness.js';
import { tinyRenderer } from '../fakes/slack/renderer.js';
import type { Failure } from '../fakes/slack/server.js';
import { FakeClock } from '../quiz/fakes.js';
import { servicesFrom } from '../quiz/fakes.js';
import { channelReads } from '../fakes/slack/reading.js';

/** Short, so a Web API that never answers costs the test a fraction of a second. */
const TIMEOUT_MS = 400;

let h: Harness;
let store: Store;
let engine: QuizEngine;
const logs = captureLogs();

beforeAll(async () => {
  h = await startHarness({
    renderChart: tinyRenderer,
    timeoutMs: TIMEOUT_MS,
    services: servicesFrom(() => ({ quiz: engine })),
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.fake.reset();
  store = await openStore(':memory:');
  const clock = new FakeClock();
  engine = new QuizEngine({
    store,
    messengers: { slack: h.adapter.messenger },
    ...clock.deps,
  });
});
afterEach(async () => {
  await engine.idle();
  engine?.close();
  await store.close();
});

let seq = 0;
const fresh = () => ({ channel_id: `CLIM${++seq}`, user_id: `ULIM${seq}` });
const { inChannel } = channelReads(() => h.fake);
const text = (x: { body: unknown }) => JSON.stringify(x.body);

const question = (count: number): Reply => ({
  title: 'Quiz 1/1',
  summary: `${count} answered`,
  actions: [[{ id: 'quiz:r:0:0', label: 'A' }]],
  visibility: 'public',
});
const reveal: Reply = {
  title: 'Answer: A',
  summary: 'Revealed.',
  actions: [],
  visibility: 'public',
};

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

/** A private reply to a slash command, as text. */
async function privately(command: string, line: string, fields: Record<string, string>) {
  const res = await h.command(command, line, fields);
  expect(res.status).toBe(200);
  const hit = await h.fake.waitForResponse(res.rid, 10_000);
  return text(hit);
}

describe("one channel's rate limit", () => {
  it("a 429 (Retry-After: 20) on channel A's live count delays neither B's post nor B's edit", async () => {
    const m = h.adapter.messenger;
    const a = await m.post('CLIMITA', question(0));
    const b0 = await m.post('CLIMITB', question(0));
    h.fake.fail('chat.update', { status: 429, retryAfter: 20, channel: 'CLIMITA' });
    const live = timed(m.edit(a, question(3)));
    await h.fake.waitFor(() => inChannel('chat.update', 'CLIMITA')[0], 5000, "A's limited edit");
    // Another channel's new question and its live count go straight through.
    const post = await timed(m.post('CLIMITB', question(0)));
    const edit = await timed(m.edit(b0, question(1)));
    expect(post.ms).toBeLessThan(1500);
    expect(edit.ms).toBeLessThan(1500);
    // A's live count is dropped at once, not retried 20 s later.
    expect((await live).ms).toBeLessThan(1500);
    expect(inChannel('chat.update', 'CLIMITA')).toHaveLength(1);
    expect(logs.some((l) => l.includes('live update dropped'))).toBe(true);
    // A slash command's answer in B is not held either.
    const f = { channel_id: 'CLIMITB', user_id: 'ULIMITB' };
    const started = Date.now();
    await h.command('/loss', '70B 1.4T', f);
    const answer = await h.fake.waitFor(
      () => inChannel('chat.postMessage', 'CLIMITB')[2],
      5000,
      "B's answer",
    );
    expect(answer.at - started).toBeLessThan(1500);
  }, 30_000);

  it('while A is limited its reveal waits out Retry-After and lands; a live count asked meanwhile is dropped', async () => {
    const m = h.adapter.messenger;
    const a: MessageRef = await m.post('CLIMITC', question(0));
    h.fake.fail('chat.update', { status: 429, retryAfter: 1, channel: 'CLIMITC', times: 1 });
    await m.edit(a, question(1)); // answered 429: dropped
    const limitedAt = Date.now();
    await m.edit(a, question(2)); // still limited: dropped without calling Slack
    expect(inChannel('chat.update', 'CLIMITC')).toHaveLength(1);
    await m.edit(a, reveal); // changes the buttons: waits, then lands
    const updates = inChannel('chat.update', 'CLIMITC');
    expect(updates).toHaveLength(2);
    expect(text(updates[1]!)).toContain('Revealed.');
    expect(updates[1]!.at - limitedAt).toBeGreaterThanOrEqual(800);
  });
});

describe('edits that say whether they may be dropped', () => {
  it('{ droppable: true } is dropped under a limit even when its buttons change', async () => {
    const m = h.adapter.messenger;
    const a = await m.post('CLIMITD', question(0));
    h.fake.fail('chat.update', { status: 429, retryAfter: 20, channel: 'CLIMITD', times: 1 });
    const dropped = await timed(m.edit(a, reveal, { droppable: true }));
    expect(dropped.ms).toBeLessThan(1500);
    expect(inChannel('chat.update', 'CLIMITD')).toHaveLength(1);
  });

  it('{ droppable: false } waits out Retry-After and lands, though its buttons are unchanged', async () => {
    const m = h.adapter.messenger;
    const a = await m.post('CLIMITE', question(0));
    h.fake.fail('chat.update', { status: 429, retryAfter: 1, channel: 'CLIMITE', times: 1 });
    const started = Date.now();
    await m.edit(a, question(1), { droppable: false });
    const updates = inChannel('chat.update', 'CLIMITE');
    expect(updates).toHaveLength(2);
    expect(text(updates[1]!)).toContain('1 answered');
    expect(updates[1]!.at - started).toBeGreaterThanOrEqual(800);
  });
});

describe('a Web API that never answers', () => {
  it('/loss: the user hears within seconds that Slack did not answer, privately; no retry', async () => {
    const f = fresh();
    h.fake.fail('chat.postMessage', { hang: true, channel: f.channel_id });
    const started = Date.now();
    const said = await privately('/loss', '70B 1.4T', f);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(said).toContain('Slack did not answer within 0.4 s');
    expect(said).toMatch(/1\.97\d/);
    expect(inChannel('chat.postMessage', f.channel_id)).toHaveLength(1);
  });

  it('/quiz: the starter is told Slack timed out (not "check permissions"); a /quiz stop sent meanwhile is answered', async () => {
    const f = fresh();
    h.fake.fail('chat.postMessage', { hang: true, channel: f.channel_id });
    const started = Date.now();
    const start = await h.command('/quiz', 'count:1', f);
    // Sent while the question's post hangs: it must not queue behind it for minutes.
    const stop = await h.command('/quiz', 'stop', f);
    const [said, stopped] = await Promise.all(
      [start, stop].map(async (r) => text(await h.fake.waitForResponse(r.rid, 10_000))),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(said).toContain('Slack did not answer within 0.4 s');
    expect(said).toContain('nothing was started');
    expect(said).not.toContain('Check that I may send messages');
    expect(stopped).toMatch(/No quiz running|Quiz stopped/);
  });
});

describe('why a post failed, told apart', () => {
  it.each<[Failure, RegExp]>([
    [{ status: 500 }, /Slack had a server error \(HTTP 500\)/],
    [{ status: 503 }, /Slack had a server error \(HTTP 503\)/],
    [{ error: 'internal_error' }, /Slack had a server error \(`internal_error`\)/],
    [{ status: 429, retryAfter: 120 }, /rate limited; try again in 120 s/],
    [{ error: 'restricted_action' }, /did not allow me to post here \(`restricted_action`\)/],
  ])('chat.postMessage %j → /loss says so', async (failure, says) => {
    const f = fresh();
    h.fake.fail('chat.postMessage', { ...failure, channel: f.channel_id });
    const said = await privately('/loss', '70B 1.4T', f);
    expect(said).toMatch(says);
    expect(said).toMatch(/could not post this in the channel \(ref [0-9a-f]{8,12}\)/);
    if (failure.error !== 'restricted_action') expect(said).not.toContain('Check that I may');
  });

  it.each<[Failure, RegExp]>([
    [{ status: 500 }, /Slack had a server error \(HTTP 500\)/],
    [{ status: 429, retryAfter: 120 }, /rate limited; try again in 120 s/],
    [{ error: 'restricted_action' }, /Check that I may send messages in this channel/],
  ])('chat.postMessage %j → /quiz tells the starter that', async (failure, says) => {
    const f = fresh();
    h.fake.fail('chat.postMessage', { ...failure, channel: f.channel_id });
    const said = await privately('/quiz', 'count:1', f);
    expect(said).toMatch(says);
    expect(said).toContain('nothing was started');
  });
});
