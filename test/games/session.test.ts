/**
 * The shared session lifecycle, seen through both kinds: a failed first post tells the starter
 * the platform's remedy (Messenger.hint) for typed delivery failures, and live-count edits are
 * marked droppable while reveals are not. Real SQLite (in memory), a manual clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { answerAction } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import type { Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger } from '../quiz/fakes.js';
import { openTestStore } from '../store/test-store.js';

let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let quiz: QuizEngine;
let cards: FlashcardEngine;
let ids = 0;

beforeEach(async () => {
  ids = 0;
  store = await openTestStore();
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  const deps = {
    store,
    messengers: { discord: channel },
    ...clock.deps,
  };
  quiz = new QuizEngine({ ...deps, newRoundId: () => `r${++ids}`, newSeed: () => 7 });
  cards = new FlashcardEngine({ ...deps, newDrillId: () => 'd1' });
});
afterEach(async () => {
  await quiz.idle();
  quiz.close();
  cards.close();
  await store.close();
});

const ada = () => context('ada', { messenger: channel });
const round = { count: 2, seconds: 20, source: 'bank' as const };

describe('a first post that fails', () => {
  it('tells the starter the messenger’s remedy for a DeliveryError, and frees the channel', async () => {
    channel.failPosts = 1;
    channel.postError = () => new DeliveryError('not_in_channel', 'not_in_channel');
    channel.hint = (e) => `Invite me first (${e.kind}).`;
    const refused = await quiz.start(round, ada());
    expect(refused.title).toBe('Could not post the question');
    expect(refused.summary).toBe(
      'I could not post in this channel, so nothing was started. Invite me first (not_in_channel).',
    );
    expect(await quiz.repo.runningInChannel('discord', 'general')).toBeUndefined();
    expect((await quiz.start(round, ada())).title).toBe('Quiz started');
  });

  it('falls back to the generic hint without one, and to a plain sentence for other errors', async () => {
    channel.failPosts = 1;
    channel.postError = () =>
      new DeliveryError('missing_permission', 'Send Messages', { cause: new Error('403') });
    const drill = await cards.start({ count: 1, seconds: 30 }, ada());
    expect(drill.title).toBe('Could not post the card');
    expect(drill.summary).toBe(
      'I could not post in this channel, so nothing was started. I am not allowed to do that here (Send Messages). Check my permissions in this channel.',
    );
    channel.failPosts = 1;
    channel.postError = () => new Error('socket hang up');
    const plain = await quiz.start(round, ada());
    expect(plain.summary).toBe(
      'I could not post in this channel. Check that I may send messages here.',
    );
  });
});

describe('edits', () => {
  it('marks live-count edits droppable and the reveal not', async () => {
    await quiz.start(round, ada());
    const { ref } = channel.last();
    const answer = answerAction.encode({ session: 'r1', step: 0, choice: 1 });
    await quiz.onAction(click(context('ben', { messenger: channel }), answer));
    await clock.advance(2_500, () => quiz.idle()); // the throttled count
    await clock.advance(20_000, () => quiz.idle()); // the deadline: the reveal
    const edits = channel.edits.filter((e) => e.ref.messageId === ref.messageId);
    expect(
      edits.map((e) => [e.reply.fields?.[0]?.value.startsWith('1 answered'), e.droppable]),
    ).toEqual([
      [true, true],
      [false, false],
    ]);
  });
});
