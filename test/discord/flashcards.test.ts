/**
 * Flashcard drills end to end on Discord: the real discord.js client (startDiscord) against
 * the fake Discord, the real /flashcards command and FlashcardEngine over an in-memory SQLite
 * store, and the adapter's own Messenger posting and editing the card messages. The engine's
 * clock and timers are injected (FakeClock), so reveal and grading deadlines fire when the
 * test says.
 */
import { undoAction } from '../../src/flashcards/undo.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { Cooldown } from '../../src/runtime/index.js';
import { loadDeck } from '../../src/flashcards/deck.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import {
  bodyOf,
  EPHEMERAL,
  IDS,
  isPng,
  payloads,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import { limitProblems, type MessageJSON } from '../fakes/discord/limits.js';
import { buttonIds, createdId, replies, text, titleOf } from './replies.js';
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
  stopAction,
} from '../../src/flashcards/actions.js';
import { servicesFrom } from '../quiz/fakes.js';

let fake: FakeDiscord;
let bot: DiscordBot;
let store: Store;
let engine: FlashcardEngine;
let clock: FakeClock;
let drills = 0;
const EDIT_INTERVAL = 2000;
const deck = new Map(loadDeck().map((c) => [c.id, c]));

const CHANNEL_MESSAGES = `/channels/${IDS.channel}/messages`;
/** 19-digit member ids; the fake names them `student<last two digits>`. */
const uid = (n: number) => `16${String(n).padStart(17, '0')}`;

beforeAll(async () => {
  fake = await startFakeDiscord();
  // /flashcards is a chart command (stats), so the chart cooldown applies to every use of it.
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: servicesFrom(() => ({ flashcards: engine })),
  });
  store = await openStore(':memory:');
  clock = new FakeClock();
  // What main.ts does: the adapter's Messenger, known before any drill starts or resumes.
  engine = new FlashcardEngine({
    store,
    messengers: { discord: bot.messenger },
    ...clock.deps,
    newDrillId: () => `d${++drills}`,
    editIntervalMs: EDIT_INTERVAL,
  });
});

afterAll(async () => {
  await engine?.idle();
  engine?.close();
  await store?.close();
  await bot?.stop();
  await fake?.close();
});

// ── helpers ──────────────────────────────────────────────────────────────────

const { since, privateReply, updateOf, chartCommand } = replies(() => fake);
const channelPosts = (mark: number) =>
  fake.calls
    .slice(mark)
    .filter((c) => c.method === 'POST' && c.path === CHANNEL_MESSAGES && c.status === 200);
/** The first few words of a card's answer: enough to find it in a rendered message. */
const opening = (back: string) => back.split(' ').slice(0, 4).join(' ');

/** `/flashcards …`: deferred ephemerally at once (a chart command), then the answer edited in. */
const flashcards = (
  options: Record<string, payloads.OptionValue>,
  userId: string,
  memberPermissions?: bigint,
) => chartCommand('flashcards', options, userId, memberPermissions);

/** A card front the bot posted in the channel: its call, message id, drill and card. */
interface Posted {
  call: RecordedCall;
  messageId: string;
  drillId: string;
  idx: number;
  cardId: string;
}

async function cardPosted(mark: number, drillId: string, idx: number): Promise<Posted> {
  const call = await fake.waitFor(
    since(
      mark,
      (c) =>
        c.method === 'POST' &&
        c.path === CHANNEL_MESSAGES &&
        c.status === 200 &&
        buttonIds(c)
          .flat()
          .includes(revealAction.encode({ session: drillId, step: idx })),
    ),
    10_000,
    `card ${idx + 1} in the channel`,
  );
  const row = (await engine.repo.getCard(drillId, idx))!;
  return { call, messageId: createdId(call), drillId, idx, cardId: row.card_id };
}

const editsOf = (messageId: string) =>
  fake.calls.filter((c) => c.method === 'PATCH' && c.path === `${CHANNEL_MESSAGES}/${messageId}`);
const press = (
  p: Posted,
  what: Parameters<typeof cardId>[2],
  userId: string,
  memberPermissions?: bigint,
) =>
  fake.click(cardId(p.drillId, p.idx, what), p.messageId, userId, {
    memberPermissions,
  });
const advance = (ms: number) => clock.advance(ms, () => engine.idle());
const GRADES = ['again', 'hard', 'good', 'easy'] as const;

// ── a drill ──────────────────────────────────────────────────────────────────

describe('a channel flashcard drill on Discord', () => {
  const starter = uid(1);
  const [ben, chen, dee] = [uid(2), uid(3), uid(4)];

  test('front, reveal, one grade per member, Next, the timeouts and the summary', async () => {
    const mark = fake.calls.length;
    const { answer } = await flashcards({ count: 2, seconds: 20 }, starter);
    expect(text(answer)).toContain('Flashcard drill started');
    const drillId = `d${drills}`;

    // The front: a public channel message (not an interaction reply), Reveal and Stop only.
    const c1 = await cardPosted(mark, drillId, 0);
    expect(c1.call.authorized).toBe(true);
    expect(titleOf(c1.call)).toMatch(/^Flashcard 1\/2 · /);
    expect(buttonIds(c1.call)).toEqual([
      [
        revealAction.encode({ session: drillId, step: 0 }),
        stopAction.encode({ session: drillId, step: 0 }),
      ],
    ]);
    expect(limitProblems(bodyOf(c1.call) as MessageJSON)).toEqual([]);
    expect(bodyOf(c1.call).allowed_mentions).toEqual({ parse: [] });
    expect(text(c1.call)).toContain(deck.get(c1.cardId)!.front);
    expect(text(c1.call)).not.toContain('Answer.');
    expect(text(c1.call)).not.toContain(opening(deck.get(c1.cardId)!.back));
    expect(fake.calls.indexOf(c1.call)).toBeLessThan(fake.calls.indexOf(answer));

    // Grading before the reveal, or a member revealing, is refused privately.
    expect(await privateReply(press(c1, 'good', ben))).toContain('Not revealed yet');
    expect(await privateReply(press(c1, 'reveal', chen))).toMatch(
      /Only Student01 \(who started it\) or a moderator can reveal cards in this drill/,
    );
    expect(editsOf(c1.messageId)).toHaveLength(0);

    // The starter reveals: the message is edited with the back and the four grades.
    expect(await privateReply(press(c1, 'reveal', starter))).toContain('Revealed');
    const revealed = editsOf(c1.messageId)[0]!;
    expect(revealed.status).toBe(200);
    expect(titleOf(revealed)).toMatch(/^Flashcard 1\/2 · /);
    expect(text(revealed)).toContain('Answer.');
    expect(text(revealed)).toContain(opening(deck.get(c1.cardId)!.back));
    const back1 = fake.messages.get(c1.messageId)!;
    expect(JSON.stringify(back1.embeds)).toContain('0 graded');
    expect(buttonIds(revealed)).toEqual([
      GRADES.map((g) => gradeAction.encode({ session: drillId, step: 0, grade: g })),
      [
        nextAction.encode({ session: drillId, step: 0 }),
        stopAction.encode({ session: drillId, step: 0 }),
      ],
    ]);
    expect(limitProblems(bodyOf(revealed) as MessageJSON)).toEqual([]);

    // Two members grade differently; each hears privately when the card comes back.
    const benSaid = await privateReply(press(c1, 'again', ben));
    expect(benSaid).toContain('Saved: Again');
    expect(benSaid).toContain('This card comes back for you');
    expect(await privateReply(press(c1, 'good', chen))).toContain('Saved: Good');

    // A repeat grade: the private "already graded", and nothing changes.
    const benState = await engine.repo.getState('discord', ben, c1.cardId);
    const repeat = await privateReply(press(c1, 'easy', ben));
    expect(repeat).toContain('You already graded this: Again');
    expect(repeat).toContain('Only your first grade counts');
    expect(await engine.repo.reviewsOf(drillId, 0)).toHaveLength(2);
    expect(await engine.repo.getState('discord', ben, c1.cardId)).toEqual(benState);
    expect(benState!.reps).toBe(1);

    // Each member's own schedule: the Again grader sees the card before the Good grader.
    const chenState = await engine.repo.getState('discord', chen, c1.cardId);
    expect(benState!.due).toBeLessThan(chenState!.due);
    expect(await engine.repo.getState('discord', starter, c1.cardId)).toBeUndefined();

    // The live "N graded" count: one throttled edit for both grades.
    expect(editsOf(c1.messageId)).toHaveLength(1);
    await advance(EDIT_INTERVAL);
    expect(editsOf(c1.messageId)).toHaveLength(2);
    expect(text(editsOf(c1.messageId)[1]!)).toContain('2 graded');

    // A member without Manage Messages cannot move on; nothing changes.
    const refused = await privateReply(press(c1, 'next', chen, payloads.MEMBER_PERMISSIONS));
    expect(refused).toMatch(/Only Student01 \(who started it\) or a moderator can move on/);
    expect((await engine.repo.getCard(drillId, 0))!.status).toBe('revealed');
    expect(channelPosts(mark)).toHaveLength(1);

    // The starter moves on: grading closes (buttons gone, who graded what), card 2 follows.
    const next = fake.calls.length;
    expect(await privateReply(press(c1, 'next', starter))).toContain('Next card');
    const closed = editsOf(c1.messageId).at(-1)!;
    expect(bodyOf(closed).components).toEqual([]);
    expect(text(closed)).toContain('Graded (2)');
    expect(text(closed)).toMatch(/Student02 \(Again\), Student03 \(Good\)/);
    expect(fake.messages.get(c1.messageId)!.components).toEqual([]);
    // Grading a closed card: refused privately.
    expect(await privateReply(press(c1, 'good', dee))).toContain('Grading closed');

    // Card 2: it reveals itself after 20 s and moves on 45 s later.
    const c2 = await cardPosted(next, drillId, 1);
    expect(c2.cardId).not.toBe(c1.cardId);
    expect(titleOf(c2.call)).toMatch(/^Flashcard 2\/2 · /);
    await advance(19_000);
    expect(editsOf(c2.messageId)).toHaveLength(0);
    await advance(1_000);
    const revealed2 = editsOf(c2.messageId)[0]!;
    expect(buttonIds(revealed2)[0]).toEqual(
      GRADES.map((g) => gradeAction.encode({ session: drillId, step: 1, grade: g })),
    );
    expect(text(revealed2)).toContain(opening(deck.get(c2.cardId)!.back));
    expect(await privateReply(press(c2, 'easy', dee))).toContain('Saved: Easy');
    const end = fake.calls.length;
    await advance(45_000);
    const closed2 = editsOf(c2.messageId).at(-1)!;
    expect(bodyOf(closed2).components).toEqual([]);
    expect(text(closed2)).toContain('Student04 (Easy)');

    // The summary: a new channel message with cards seen, grades, who took part, when due.
    const summary = await fake.waitFor(
      since(end, (c) => c.method === 'POST' && c.path === CHANNEL_MESSAGES && c.status === 200),
      10_000,
      'the summary',
    );
    expect(titleOf(summary)).toBe('Flashcard drill over');
    expect(text(summary)).toContain('2 cards seen, 3 grades from 3 people.');
    expect(text(summary)).toContain('Again 1 · Good 1 · Easy 1');
    expect(text(summary)).toContain('Student02, Student03, Student04');
    expect(text(summary)).toMatch(/Student02: Again, due .*Student03: Good, due in \d+ min/);
    expect(text(summary)).toMatch(/Student04: Easy, due in \d+ days/);
    expect(buttonIds(summary)).toEqual([]);
    expect(summary.files).toHaveLength(0);
    expect(limitProblems(bodyOf(summary) as MessageJSON)).toEqual([]);
    expect((await engine.repo.getDrill(drillId))!.status).toBe('finished');
    expect(channelPosts(mark)).toHaveLength(3);
    expect(clock.pendingTimers).toBe(0);

    // An old button after the drill: a private answer, no new grade.
    expect(await privateReply(press(c1, 'next', starter))).toContain('Drill over');
    expect(await engine.repo.reviewsOf(drillId)).toHaveLength(3);
  });

  test('a member with Manage Messages may move someone else’s drill on', async () => {
    const mark = fake.calls.length;
    await flashcards({ count: 1, seconds: 30 }, starter);
    const drillId = `d${drills}`;
    const c = await cardPosted(mark, drillId, 0);
    await privateReply(press(c, 'reveal', starter));
    const moderator = uid(9);
    const end = fake.calls.length;
    const moved = await privateReply(press(c, 'next', moderator, payloads.MODERATOR_PERMISSIONS));
    expect(moved).toContain('Next card');
    const summary = await fake.waitFor(
      since(end, (x) => x.method === 'POST' && x.path === CHANNEL_MESSAGES && x.status === 200),
    );
    expect(titleOf(summary)).toBe('Flashcard drill over');
    expect(text(summary)).toContain('nobody graded it');
    expect((await engine.repo.getDrill(drillId))!.status).toBe('finished');
  });

  test('/flashcards action:review is private; its buttons update it in place', async () => {
    const eve = uid(5);
    const mark = fake.calls.length;
    const { id, answer } = await flashcards({ action: 'review', count: 2 }, eve);
    expect(titleOf(answer)).toMatch(/^Review 1\/2 · /);
    const [[reveal]] = buttonIds(answer) as [[string]];
    const drillId = decodeFlashcardClick(reveal)!.session;
    expect(buttonIds(answer)).toEqual([
      [
        reviewRevealAction.encode({ session: drillId, step: 0 }),
        reviewStopAction.encode({ session: drillId, step: 0 }),
      ],
    ]);
    expect(text(answer)).toContain('New card');
    const messageId = fake.originalOf(id)!;
    expect((fake.messages.get(messageId)!.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const cards = await engine.repo.cardsOf(drillId!);

    const clickOn = (what: string) => updateOf(fake.click(reviewId(drillId, what), messageId, eve));
    // Reveal: the same message now shows the back and grades labelled with their intervals.
    const back = await clickOn('0:reveal');
    expect(titleOf(back)).toMatch(/^Review 1\/2 · /);
    expect(text(back)).toContain('Answer.');
    expect(buttonIds(back)).toEqual([
      GRADES.map((g) => reviewGradeAction.encode({ session: drillId, step: 0, grade: g })),
      [reviewStopAction.encode({ session: drillId, step: 0 })],
    ]);
    expect(text(back)).toMatch(/"Good · \d+ min"/);
    // Grade Good: the next card replaces it, with a note on the last one.
    const second = await clickOn('0:good');
    expect(titleOf(second)).toMatch(/^Review 2\/2 · /);
    expect(text(second)).toMatch(/Last card: Good, due again in \d+ min/);
    await clickOn('1:reveal');
    const done = await clickOn('1:again');
    expect(titleOf(done)).toBe('Review done');
    expect(text(done)).toContain('2 cards reviewed (Again 1 · Good 1)');
    // Only the undo button is left: the last grade can be taken back for 30 s.
    expect(buttonIds(done)).toEqual([[expect.stringMatching(/^flashcards:undo:d\d+:1$/)]]);
    expect(fake.messages.get(messageId)!.embeds[0]!.title).toBe('Review done');
    // Undo (within 30 s): the last card's answer side comes back in place, to grade again.
    const undo = undoAction.encode({ session: drillId, step: 1 });
    const undone = await updateOf(fake.click(undo, messageId, eve));
    expect(titleOf(undone)).toMatch(/^Review 2\/2 · /);
    expect(text(undone)).toContain('Grade taken back');
    expect(titleOf(await clickOn('1:again'))).toBe('Review done');

    // Eve's own schedules, and nothing at all in the channel.
    const good = await engine.repo.getState('discord', eve, cards[0]!.card_id);
    const again = await engine.repo.getState('discord', eve, cards[1]!.card_id);
    expect(again!.due).toBeLessThan(good!.due);
    expect(channelPosts(mark)).toEqual([]);
    expect(editsOf(messageId)).toEqual([]);
  });

  test('/flashcards action:stats is private and attaches the due-forecast PNG', async () => {
    const mark = fake.calls.length;
    const { id, answer } = await flashcards({ action: 'stats' }, chen);
    expect(titleOf(answer)).toBe('Flashcard stats for Student03');
    expect(text(answer)).toContain('Reviews done');
    expect(answer.files).toHaveLength(1);
    expect(isPng(answer.files[0]!.data)).toBe(true);
    expect(answer.files[0]!.description).toMatch(/kind due-forecast/);
    expect(limitProblems(bodyOf(answer) as MessageJSON)).toEqual([]);
    const message = fake.messages.get(fake.originalOf(id)!)!;
    expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(message.attachments).toHaveLength(1);
    expect(channelPosts(mark)).toEqual([]);

    // Someone with no cards yet: the same private answer, without a chart.
    const fresh = await flashcards({ action: 'stats' }, uid(6));
    expect(text(fresh.answer)).toContain('No flashcards yet');
    expect(fresh.answer.files).toHaveLength(0);
  });
});
