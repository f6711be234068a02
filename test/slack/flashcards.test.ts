/**
 * Flashcard drills on Slack, end to end: the real Bolt App over signed HTTP, the real
 * FlashcardEngine on an in-memory SQLite store with a manual clock (so reveal and grading
 * deadlines and the live-count throttle fire when the test says), and the fake Web API
 * recording every post, update, ephemeral and response_url answer.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkBlockLimits } from '../../src/adapters/slack/limits.js';
import { loadDeck } from '../../src/flashcards/deck.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { captureLogs, startHarness, type Harness } from '../fakes/slack/harness.js';
import { loadRenderer, type TestRenderer } from '../fakes/slack/renderer.js';
import type { ResponseUrlHit } from '../fakes/slack/server.js';
import { FakeClock } from '../quiz/fakes.js';
import { cardId, reviewId } from '../games/buttons.js';
import {
  decodeFlashcardClick,
  gradeAction,
  nextAction,
  revealAction,
  reviewGradeAction,
  reviewRevealAction,
  reviewStopAction,
} from '../../src/flashcards/actions.js';
import { servicesFrom } from '../quiz/fakes.js';
import { buttonIds, channelReads, text } from '../fakes/slack/reading.js';

let h: Harness;
let renderer: TestRenderer;
let store: Store;
let clock: FakeClock;
let engine: FlashcardEngine;
let drills = 0;
captureLogs();
const deck = new Map(loadDeck().map((c) => [c.id, c]));

beforeAll(async () => {
  renderer = await loadRenderer();
  h = await startHarness({
    renderChart: renderer.render,
    services: servicesFrom(() => ({ flashcards: engine })),
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
  // What main.ts does: the adapter's messenger, registered with the flashcard service.
  engine = new FlashcardEngine({
    store,
    messengers: { slack: h.adapter.messenger },
    ...clock.deps,
    newDrillId: () => `d${++drills}`,
  });
});

afterEach(async () => {
  await engine.idle();
  engine?.close();
  await store.close();
});

let seq = 0;
const freshChannel = () => `CFLASH${++seq}`;
const ADA = { user_id: 'UADA', user_name: 'ada' };
const ADA_CLICKS = { userId: 'UADA', userName: 'ada' };
const BEN = { userId: 'UBEN', userName: 'ben' };
const CHEN = { userId: 'UCHEN', userName: 'chen' };
const DEE = { userId: 'UDEE', userName: 'dee' };
const GRADES = ['again', 'hard', 'good', 'easy'] as const;

const { inChannel, nthPost, ephemerals } = channelReads(() => h.fake);
const advance = (ms: number) => clock.advance(ms, () => engine.idle());
/** The first few words of a card's answer: enough to find it in a rendered message. */
const opening = (back: string) => back.split(' ').slice(0, 4).join(' ');
const uploads = () =>
  ['files.getUploadURLExternal', 'files.completeUploadExternal', 'files.upload'].flatMap((m) =>
    h.fake.callsTo(m),
  );

/** `/flashcards <text>` in `channel`; resolves with the private answer (a response_url post). */
async function flashcards(
  channel: string,
  line: string,
  who: { user_id: string; user_name: string } = ADA,
): Promise<ResponseUrlHit> {
  const res = await h.command('/flashcards', line, { channel_id: channel, ...who });
  expect(res.status).toBe(200);
  expect(res.ms).toBeLessThan(3000);
  const hit = await h.fake.waitForResponse(res.rid, 10_000);
  expect(hit.body.response_type).toBe('ephemeral');
  return hit;
}

/** A posted card front: its ts (as the drill stored it), drill id, index and card. */
async function card(channel: string, n: number) {
  const post = await nthPost(channel, n);
  expect(checkBlockLimits(post.body.blocks as unknown[])).toEqual([]);
  const { session: drillId, step: idx } = decodeFlashcardClick(buttonIds(post)[0]!)!;
  const row = await h.fake.waitFor(async () => {
    const r = await engine.repo.getCard(drillId!, Number(idx));
    return r?.message_id ? r : undefined;
  });
  return {
    post,
    ts: row.message_id!,
    drillId: drillId!,
    idx: Number(idx),
    card: deck.get(row.card_id)!,
  };
}

const ephemeral = (channel: string, user: string, match: RegExp) =>
  h.fake.waitFor(() => ephemerals(channel, user, match)[0], 10_000, `${match} to ${user}`);

const click = (
  channel: string,
  id: string,
  ts: string,
  who: { userId: string; userName: string },
) => h.click(id, ts, { channelId: channel, ...who });

describe('a flashcard drill on Slack', () => {
  it('posts the front, reveals, takes one grade per member, moves on and sums up', async () => {
    const c = freshChannel();
    const started = await flashcards(c, 'count:2 seconds:20');
    expect(text(started)).toContain('Flashcard drill started');
    const c1 = await card(c, 1);
    const id1 = (what: Parameters<typeof cardId>[2]) => cardId(c1.drillId, 0, what);
    // chat.postMessage's ts is what the drill remembers (and edits) for this card.
    expect(c1.ts).toMatch(/^\d+\.\d{6}$/);
    expect(buttonIds(c1.post)).toEqual([id1('reveal'), id1('stop')]);
    expect(text(c1.post)).toContain('Flashcard 1/2');
    expect(text(c1.post)).not.toContain(opening(c1.card.back));

    // Grading before the reveal, or a member revealing, is refused privately.
    await click(c, id1('good'), c1.ts, BEN);
    await ephemeral(c, 'UBEN', /Not revealed yet/);
    await click(c, id1('reveal'), c1.ts, CHEN);
    await ephemeral(c, 'UCHEN', /Only ada \(who started it\) or a moderator can reveal cards/);
    expect(inChannel('chat.update', c)).toEqual([]);

    // The starter reveals: chat.update of the same message, the back and the four grades.
    await click(c, id1('reveal'), c1.ts, ADA_CLICKS);
    await ephemeral(c, 'UADA', /Revealed/);
    const revealed = await h.fake.waitFor(() => inChannel('chat.update', c)[0]);
    expect(revealed.body.ts).toBe(c1.ts);
    expect(text(revealed)).toContain(opening(c1.card.back));
    expect(text(revealed)).toContain('0 graded');
    expect(buttonIds(revealed)).toEqual([...GRADES.map((g) => id1(g)), id1('next'), id1('stop')]);
    expect(checkBlockLimits(revealed.body.blocks as unknown[])).toEqual([]);

    // Two members grade differently; each hears privately when the card comes back.
    await click(c, id1('again'), c1.ts, BEN);
    await click(c, id1('good'), c1.ts, CHEN);
    expect(text(await ephemeral(c, 'UBEN', /Saved: Again/))).toContain('comes back for you');
    await ephemeral(c, 'UCHEN', /Saved: Good/);

    // A repeat grade: the private "already graded", and nothing changes.
    const benState = await engine.repo.getState('slack', 'UBEN', c1.card.id);
    await click(c, id1('easy'), c1.ts, BEN);
    const repeat = await ephemeral(c, 'UBEN', /already graded/);
    expect(text(repeat)).toContain('You already graded this: Again');
    expect(await engine.repo.reviewsOf(c1.drillId, 0)).toHaveLength(2);
    expect(await engine.repo.getState('slack', 'UBEN', c1.card.id)).toEqual(benState);

    // Each member's own schedule: the Again grader sees the card before the Good grader.
    const chenState = await engine.repo.getState('slack', 'UCHEN', c1.card.id);
    expect(benState!.due).toBeLessThan(chenState!.due);

    // The live count: one throttled chat.update for both grades.
    await advance(1500);
    expect(inChannel('chat.update', c)).toHaveLength(1);
    await advance(500);
    const live = inChannel('chat.update', c);
    expect(live).toHaveLength(2);
    expect(text(live[1]!)).toContain('2 graded');

    // A member who is not a workspace admin cannot move on; nothing changes.
    await click(c, id1('next'), c1.ts, CHEN);
    await ephemeral(c, 'UCHEN', /Only ada \(who started it\) or a moderator can move on/);
    expect((await engine.repo.getCard(c1.drillId, 0))!.status).toBe('revealed');
    expect(inChannel('chat.postMessage', c)).toHaveLength(1);

    // The starter moves on: the card closes (buttons gone, who graded what), card 2 follows.
    await click(c, id1('next'), c1.ts, ADA_CLICKS);
    await ephemeral(c, 'UADA', /Next card/);
    const closed = inChannel('chat.update', c).at(-1)!;
    expect(closed.body.ts).toBe(c1.ts);
    expect(buttonIds(closed)).toEqual([]);
    expect(text(closed)).toContain('Graded (2)');
    expect(text(closed)).toContain('ben (Again), chen (Good)');

    // Card 2 reveals itself after 20 s and moves on 45 s later; then the summary.
    const c2 = await card(c, 2);
    expect(c2.card.id).not.toBe(c1.card.id);
    expect(text(c2.post)).toContain('Flashcard 2/2');
    await advance(20_000);
    const revealed2 = inChannel('chat.update', c).at(-1)!;
    expect(revealed2.body.ts).toBe(c2.ts);
    expect(text(revealed2)).toContain(opening(c2.card.back));
    await click(c, gradeAction.encode({ session: c2.drillId, step: 1, grade: 'easy' }), c2.ts, DEE);
    await ephemeral(c, 'UDEE', /Saved: Easy/);
    await advance(45_000);
    const closed2 = inChannel('chat.update', c).at(-1)!;
    expect(closed2.body.ts).toBe(c2.ts);
    expect(buttonIds(closed2)).toEqual([]);
    expect(text(closed2)).toContain('dee (Easy)');

    const summary = await nthPost(c, 3);
    expect(text(summary)).toContain('Flashcard drill over');
    expect(text(summary)).toContain('2 cards seen, 3 grades from 3 people.');
    expect(text(summary)).toContain('Again 1 · Good 1 · Easy 1');
    expect(text(summary)).toContain('ben, chen, dee');
    expect(text(summary)).toMatch(/ben: Again, due .*chen: Good, due in \d+ min/);
    expect(buttonIds(summary)).toEqual([]);
    expect(checkBlockLimits(summary.body.blocks as unknown[])).toEqual([]);
    expect(uploads()).toEqual([]);
    expect((await engine.repo.getDrill(c1.drillId))!.status).toBe('finished');
    expect(clock.pendingTimers).toBe(0);

    // Late clicks after the drill: private answers, no new grade.
    await click(c, id1('next'), c1.ts, ADA_CLICKS);
    await ephemeral(c, 'UADA', /Drill over/);
    await click(c, id1('good'), c1.ts, DEE);
    await ephemeral(c, 'UDEE', /Grading closed/);
    expect(await engine.repo.reviewsOf(c1.drillId)).toHaveLength(3);
  });

  it('/flashcards review is private; its grade buttons update it through the response_url', async () => {
    const c = freshChannel();
    const first = await flashcards(c, 'review count:2');
    expect(text(first)).toContain('Review 1/2');
    expect(text(first)).toContain('New card');
    const [reveal] = buttonIds(first);
    const drillId = decodeFlashcardClick(reveal!)!.session;
    expect(buttonIds(first)).toEqual([
      reviewRevealAction.encode({ session: drillId, step: 0 }),
      reviewStopAction.encode({ session: drillId, step: 0 }),
    ]);
    const cards = await engine.repo.cardsOf(drillId);

    // A click on the ephemeral review message: answered by replacing it via the response_url.
    const ts = '1700000000.000100';
    const press = async (what: string) => {
      const res = await h.click(reviewId(drillId, what), ts, {
        channelId: c,
        ...ADA_CLICKS,
        ephemeral: true,
      });
      expect(res.status).toBe(200);
      const hit = await h.fake.waitForResponse(res.rid, 10_000);
      expect(hit.body.replace_original).toBe(true);
      return hit;
    };
    const back = await press('0:reveal');
    expect(text(back)).toContain('Review 1/2');
    expect(text(back)).toContain(opening(deck.get(cards[0]!.card_id)!.back));
    expect(buttonIds(back)).toEqual([
      ...GRADES.map((g) => reviewGradeAction.encode({ session: drillId, step: 0, grade: g })),
      reviewStopAction.encode({ session: drillId, step: 0 }),
    ]);
    expect(text(back)).toMatch(/Good · \d+ min/);
    const second = await press('0:good');
    expect(text(second)).toContain('Review 2/2');
    expect(text(second)).toMatch(/Last card: Good, due again in \d+ min/);
    await press('1:reveal');
    const done = await press('1:again');
    expect(text(done)).toContain('Review done');
    expect(text(done)).toContain('2 cards reviewed (Again 1 · Good 1)');
    // Only the undo button is left: the last grade can be taken back for 30 s.
    expect(buttonIds(done)).toEqual([`flashcards:undo:${drillId}:1`]);

    // Ada's own schedules; nothing went to the channel, nothing was chat.update'd.
    const good = await engine.repo.getState('slack', 'UADA', cards[0]!.card_id);
    const again = await engine.repo.getState('slack', 'UADA', cards[1]!.card_id);
    expect(again!.due).toBeLessThan(good!.due);
    expect(inChannel('chat.postMessage', c)).toEqual([]);
    expect(h.fake.callsTo('chat.update')).toEqual([]);
    expect(inChannel('chat.postEphemeral', c)).toEqual([]);
  });

  it('/flashcards stats is private: the chart is not uploaded, the answer says so', async () => {
    const c = freshChannel();
    // Something to count: a one-card review graded Good.
    const first = await flashcards(c, 'review count:1');
    const drillId = decodeFlashcardClick(buttonIds(first)[0]!)!.session;
    for (const what of ['0:reveal', '0:good']) {
      const res = await h.click(reviewId(drillId, what), '1700000000.000200', {
        channelId: c,
        ...ADA_CLICKS,
        ephemeral: true,
      });
      await h.fake.waitForResponse(res.rid, 10_000);
    }

    const stats = await flashcards(c, 'stats');
    expect(text(stats)).toContain('Flashcard stats for ada');
    expect(text(stats)).toContain('Reviews done');
    expect(text(stats)).toContain('Cards met');
    // An ephemeral cannot carry a file, so nothing is uploaded: the chart comes in words.
    expect(text(stats)).toContain('Chart, in words');
    expect(text(stats)).toMatch(/due/i);
    expect(checkBlockLimits(stats.body.blocks as unknown[])).toEqual([]);
    expect(uploads()).toEqual([]);
    expect(inChannel('chat.postMessage', c)).toEqual([]);

    // Someone with no cards yet: no chart, so no note either.
    const fresh = await flashcards(c, 'stats', { user_id: 'UNEW', user_name: 'newbie' });
    expect(text(fresh)).toContain('No flashcards yet');
    expect(text(fresh)).not.toContain('Chart, in words');
  });
});

/** Workspace admins count as moderators for drills too (users.info is asked only then). */
describe('workspace admins as flashcard moderators', () => {
  const ADMIN = { userId: 'UADMIN', userName: 'root' };

  it('not_in_channel: /flashcards says how to invite the bot, and never mentions /quiz', async () => {
    const c = freshChannel();
    h.fake.fail('chat.postMessage', { error: 'not_in_channel', times: 1 });
    const answer = text(await flashcards(c, 'count:1'));
    expect(answer).toContain('/invite @Scaling Tutor');
    expect(answer).not.toContain('/quiz');
  });

  it('a workspace admin may move someone else’s drill on', async () => {
    const c = freshChannel();
    h.fake.users.set('UADMIN', { is_admin: true });
    await flashcards(c, 'count:1');
    const c1 = await card(c, 1);
    await click(c, revealAction.encode({ session: c1.drillId, step: 0 }), c1.ts, ADA_CLICKS);
    await ephemeral(c, 'UADA', /Revealed/);
    await click(c, nextAction.encode({ session: c1.drillId, step: 0 }), c1.ts, ADMIN);
    const answer = await h.fake.waitFor(() =>
      inChannel('chat.postEphemeral', c).find((e) => e.body.user === 'UADMIN'),
    );
    expect(text(answer)).toContain('Next card');
  });

  it('a workspace admin may set the desired retention', async () => {
    const c = freshChannel();
    h.fake.users.set('UADMIN', { is_admin: true });
    const answer = await flashcards(c, 'settings retention:0.85', {
      user_id: 'UADMIN',
      user_name: 'root',
    });
    expect(text(answer)).toContain('Desired retention for this server is now 0.85');
  });
});
