/**
 * A numeric course question on Slack, end to end: the real Bolt App over signed HTTP. The
 * "Answer with a number" click opens a modal with `views.open` and the click's trigger_id;
 * the `view_submission` is acked with `response_action: 'errors'` for unreadable text
 * (nothing stored), or stored and answered privately; solo practice replaces its ephemeral
 * message through the click's response_url.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CourseLibrary } from '../../src/course/library.js';
import { NUMBER_FIELD, numberAction, numberInAction } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { EXAMPLE } from '../../src/quiz/numeric.js';
import { readAnswerNumber } from '../../src/scaling/quantity.js';
import { openStore, type Store } from '../../src/store/index.js';
import { captureLogs, startHarness, type Harness } from '../fakes/slack/harness.js';
import { loadRenderer, type TestRenderer } from '../fakes/slack/renderer.js';
import type { ApiCall } from '../fakes/slack/server.js';
import { FakeClock, servicesFrom } from '../quiz/fakes.js';

let h: Harness;
let renderer: TestRenderer;
let store: Store;
let clock: FakeClock;
let engine: QuizEngine;
let rounds = 0;
captureLogs();

const VALUE = 1.94;
const TOLERANCE = 0.02;
const CSV = [
  'id,type,prompt,choices,answer,tolerance,explanation,topic,difficulty,source',
  `irreducible,numeric,"In the Chinchilla fit, what is the irreducible loss E, in nats?",,${VALUE},${TOLERANCE},"The fitted constant term.",losses,medium,Hoffmann et al. 2022`,
].join('\n');
const within = (typed: string) => Math.abs(readAnswerNumber(typed)! - VALUE) <= TOLERANCE;

beforeAll(async () => {
  renderer = await loadRenderer();
  h = await startHarness({
    renderChart: renderer.render,
    services: servicesFrom(() => ({ quiz: engine })),
  });
});
afterAll(async () => {
  await h?.close();
  await renderer?.close();
});
beforeEach(async () => {
  h.fake.reset();
  store = await openStore(':memory:');
  clock = new FakeClock();
  engine = new QuizEngine({
    store,
    messengers: { slack: h.adapter.messenger },
    ...clock.deps,
    newRoundId: () => `n${++rounds}`,
  });
  const imported = await new CourseLibrary(store.db).importFile(
    { platform: 'slack', serverId: 'T0000001' },
    { content: Buffer.from(CSV), name: 'losses', by: 'ta' },
  );
  expect(imported.ok).toBe(true);
});
afterEach(async () => {
  await engine.idle();
  engine.close();
  await store.close();
});

type Blocks = { type: string; elements?: { action_id?: string; text?: { text?: string } }[] }[];
const buttonsIn = (blocks: unknown): { id: string; label: string }[] =>
  (blocks as Blocks)
    .filter((b) => b.type === 'actions')
    .flatMap(
      (b) => b.elements?.map((e) => ({ id: e.action_id ?? '', label: e.text?.text ?? '' })) ?? [],
    );
const text = (c: { body: unknown }) => JSON.stringify(c.body);
const BEN = { userId: 'UBEN', userName: 'ben' };

/** Click the question's number button as `who`; resolves with the modal views.open opened. */
async function openNumberModal(id: string, ts: string, opts: Parameters<Harness['click']>[2]) {
  const before = h.fake.views.opened.length;
  const res = await h.click(id, ts, opts);
  expect(res.status).toBe(200);
  return h.fake.waitFor(() => h.fake.views.opened[before], 5000, 'views.open');
}

describe('numeric questions on Slack', () => {
  it('opens a modal from the click; unreadable text comes back as field errors; a number is stored', async () => {
    const channel = 'CNUM1';
    const res = await h.command('/quiz', 'source:course count:1 seconds:30', {
      channel_id: channel,
    });
    expect(res.status).toBe(200);
    const post = await h.fake.waitFor(
      () => h.fake.callsTo('chat.postMessage').find((c) => c.body.channel === channel),
      10_000,
      'the question',
    );
    const button = buttonsIn(post.body.blocks).find((b) => numberAction.decode(b.id))!;
    expect(button.label).toBe('Answer with a number');
    const at = numberAction.decode(button.id)!;
    const ts = (await engine.repo.getQuestion(at.session, at.step))!.message_id!;

    const view = await openNumberModal(button.id, ts, { ...BEN, channelId: channel });
    const open = h.fake.callsTo('views.open')[0]!;
    expect(open.body.trigger_id).toMatch(/\.trigger$/);
    expect(numberInAction.decode(view.callback_id)).toEqual(at);
    expect(view.title).toBe('Answer with a number');
    expect(view.inputs.map((i) => [i.blockId, i.actionId])).toEqual([[NUMBER_FIELD, NUMBER_FIELD]]);

    const refused = await h.submitView(
      view,
      { [NUMBER_FIELD]: 'about two' },
      { id: 'UBEN', name: 'ben' },
    );
    expect(refused.status).toBe(200);
    expect(refused.ms).toBeLessThan(3000);
    const ack = JSON.parse(refused.text) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(ack.response_action).toBe('errors');
    expect(ack.errors[NUMBER_FIELD]).toContain('"about two"');
    expect(ack.errors[NUMBER_FIELD]).toContain(EXAMPLE);
    expect(await engine.repo.getAnswer(at.session, at.step, 'UBEN')).toBeUndefined();

    const typed = '1.955';
    const accepted = await h.submitView(
      view,
      { [NUMBER_FIELD]: typed },
      { id: 'UBEN', name: 'ben' },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe('');
    const mine = await engine.repo.getAnswer(at.session, at.step, 'UBEN');
    expect(mine?.value).toBe(readAnswerNumber(typed));
    expect(mine?.correct).toBe(within(typed) ? 1 : 0);
    const told = await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postEphemeral')
          .find(
            (c: ApiCall) => c.body.user === 'UBEN' && text(c).includes(`You answered ${typed}`),
          ),
      5000,
      'the private acknowledgement',
    );
    expect(told.body.channel).toBe(channel);

    await clock.advance(31_000, () => engine.idle());
    const reveal = await h.fake.waitFor(
      () => h.fake.callsTo('chat.update').find((c) => text(c).includes('1.94 (± 0.02)')),
      10_000,
      'the reveal',
    );
    expect(text(reveal)).toContain(`${within(typed) ? 1 : 0} of 1 typed a number within ± 0.02`);
  });

  it('solo practice: the submission replaces the ephemeral question through the response_url', async () => {
    const res = await h.command('/quiz', 'solo source:course count:1', { channel_id: 'CNUM2' });
    const hit = await h.fake.waitForResponse(res.rid, 10_000);
    const button = buttonsIn(hit.body.blocks).find((b) => numberAction.decode(b.id))!;
    const view = await openNumberModal(button.id, '1700000000.000001', {
      channelId: 'CNUM2',
      ephemeral: true,
    });
    const rid = decodeURIComponent(
      /\/response\/([^"]+)$/.exec(JSON.parse(view.private_metadata).url)![1]!,
    );
    const typed = '2.5';
    const accepted = await h.submitView(view, { [NUMBER_FIELD]: typed });
    expect(accepted.text).toBe('');
    const replaced = await h.fake.waitForResponse(rid, 5000);
    expect(replaced.body.replace_original).toBe(true);
    expect(JSON.stringify(replaced.body)).toContain(
      within(typed) ? '✅ Right!' : '❌ You typed 2.5',
    );
  });
});
