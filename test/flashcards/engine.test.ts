/**
 * The flashcard engine with a real SQLite store (in memory), a manual clock and a Messenger
 * that remembers, driven through the real dispatcher as the adapters drive it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Messenger } from '../../commands/define.js';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { loadDeck } from '../../src/flashcards/deck.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { DAY_MS } from '../../src/flashcards/stats.js';
import type { Reply } from '../../src/reply.js';
import type { Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from '../quiz/fakes.js';
import {
  decodeFlashcardClick,
  gradeAction,
  nextAction,
  revealAction,
  reviewGradeAction,
  reviewRevealAction,
  stopAction,
} from '../../src/flashcards/actions.js';
import { openTestStore } from '../store/test-store.js';

const flashcards = findCommand('flashcards')!;
const services = servicesFrom(() => ({ flashcards: engine }));
const deck = loadDeck();
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: FlashcardEngine;
let ids = 0;

beforeEach(async () => {
  ids = 0;
  store = await openTestStore();
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  engine = new FlashcardEngine({
    store,
    messengers: { discord: channel },
    ...clock.deps,
    newDrillId: () => `d${++ids}`,
  });
});

afterEach(async () => {
  engine?.close();
  await store.close();
});

type Opts = Parameters<typeof context>[1];
const run = (user: string, text: string, opts: Opts = {}) =>
  runCommandText(flashcards, text, context(user, { messenger: channel, services, ...opts }));
const press = (user: string, id: string, opts: Opts = {}) =>
  runAction([flashcards], click(context(user, { messenger: channel, services, ...opts }), id));
const advance = (ms: number) => clock.advance(ms, () => engine.idle());
const buttons = (r: Reply) => (r.actions ?? []).flat().map((a) => a.id);
/** The latest version of a posted message. */
const latest = (messageId: string) => channel.messages.get(messageId)!;

describe('channel drills', () => {
  it('shows a front, reveals, takes one grade per member, moves on and sums up', async () => {
    const started = await run('ada', 'count:2 seconds:20');
    expect(started.visibility).toBe('private');
    expect(started.title).toBe('Flashcard drill started');
    const first = channel.posts[0]!;
    expect(first.reply.visibility).toBe('public');
    expect(first.reply.summary).toBe(deck[0]!.front);
    expect(first.reply.body).toBeUndefined(); // no answer on the front
    expect(buttons(first.reply)).toEqual([
      revealAction.encode({ session: 'd1', step: 0 }),
      stopAction.encode({ session: 'd1', step: 0 }),
    ]);

    // Grading before the reveal, or revealing when not the starter, is refused privately.
    expect(
      (await press('ben', gradeAction.encode({ session: 'd1', step: 0, grade: 'good' }))).reply!
        .title,
    ).toBe('Not revealed yet');
    const denied = await press('ben', revealAction.encode({ session: 'd1', step: 0 }));
    expect(denied.reply!.tone).toBe('error');
    expect(denied.reply!.summary).toMatch(/Only Ada/);

    expect((await press('ada', revealAction.encode({ session: 'd1', step: 0 }))).reply!.title).toBe(
      'Revealed',
    );
    expect((await press('ada', revealAction.encode({ session: 'd1', step: 0 }))).reply!.title).toBe(
      'Already revealed',
    );
    const revealed = latest(first.ref.messageId);
    expect(revealed.body![0]).toContain(deck[0]!.back);
    expect(buttons(revealed)).toEqual([
      gradeAction.encode({ session: 'd1', step: 0, grade: 'again' }),
      gradeAction.encode({ session: 'd1', step: 0, grade: 'hard' }),
      gradeAction.encode({ session: 'd1', step: 0, grade: 'good' }),
      gradeAction.encode({ session: 'd1', step: 0, grade: 'easy' }),
      nextAction.encode({ session: 'd1', step: 0 }),
      stopAction.encode({ session: 'd1', step: 0 }),
    ]);

    const good = await press('ada', gradeAction.encode({ session: 'd1', step: 0, grade: 'good' }));
    expect(good.reply!.title).toBe('Saved: Good');
    expect(good.reply!.visibility).toBe('private');
    const again = await press(
      'ben',
      gradeAction.encode({ session: 'd1', step: 0, grade: 'again' }),
    );
    expect(again.reply!.title).toBe('Saved: Again');
    const twice = await press('ben', gradeAction.encode({ session: 'd1', step: 0, grade: 'easy' }));
    expect(twice.reply!.title).toBe('You already graded this: Again');
    expect(twice.reply!.visibility).toBe('private');

    // The live count shows on the card (throttled edit).
    await advance(2_000);
    expect(latest(first.ref.messageId).fields![0]!.value).toMatch(/^2 graded/);

    // Ben cannot move on; Ada can.
    expect((await press('ben', nextAction.encode({ session: 'd1', step: 0 }))).reply!.tone).toBe(
      'error',
    );
    expect((await press('ada', nextAction.encode({ session: 'd1', step: 0 }))).reply!.title).toBe(
      'Next card',
    );
    const closed = latest(first.ref.messageId);
    expect(closed.actions).toEqual([]);
    expect(closed.fields![0]).toEqual({ label: 'Graded (2)', value: 'Ada (Good), Ben (Again)' });
    expect(
      (await press('chen', gradeAction.encode({ session: 'd1', step: 0, grade: 'good' }))).reply!
        .title,
    ).toBe('Grading closed');

    // Card 2: it reveals itself after 20 s and moves on 45 s later.
    const second = channel.posts[1]!;
    expect(second.reply.summary).toBe(deck[1]!.front);
    await advance(20_000);
    expect(buttons(latest(second.ref.messageId))).toContain(
      gradeAction.encode({ session: 'd1', step: 1, grade: 'good' }),
    );
    await press('chen', gradeAction.encode({ session: 'd1', step: 1, grade: 'easy' }));
    await advance(45_000);
    expect(latest(second.ref.messageId).actions).toEqual([]);

    const summary = channel.last().reply;
    expect(summary.title).toBe('Flashcard drill over');
    expect(summary.summary).toBe('2 cards seen, 3 grades from 3 people.');
    expect(summary.fields).toEqual([
      { label: 'Grades', value: 'Again 1 · Good 1 · Easy 1', inline: true },
      { label: 'Took part', value: 'Ada, Ben, Chen', inline: true },
    ]);
    // When each card comes back, per grader (Ben's Again is already due by the end).
    expect(summary.body![0]).toMatch(/^1\. .*Ada: Good, due in \d+ min · Ben: Again, due now$/);
    expect(summary.body![1]).toMatch(/Chen: Easy, due in \d+ days \(\w{3} \d+ \w{3}\)$/);

    // Each person's own schedule: Ben (Again) sees the card sooner than Ada (Good).
    const ada = await engine.repo.getState('discord', 'ada', deck[0]!.id);
    const ben = await engine.repo.getState('discord', 'ben', deck[0]!.id);
    expect(ben!.due).toBeLessThan(ada!.due);
    expect(await engine.repo.getState('discord', 'chen', deck[0]!.id)).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('records exactly one grade when a member clicks many times at once', async () => {
    await run('ada', 'count:1');
    await press('ada', revealAction.encode({ session: 'd1', step: 0 }));
    const results = await Promise.all(
      (['good', 'again', 'good', 'easy', 'hard'] as const).map((g) =>
        press('ben', gradeAction.encode({ session: 'd1', step: 0, grade: g })),
      ),
    );
    const saved = results.filter((r) => r.reply!.title.startsWith('Saved'));
    expect(saved).toHaveLength(1);
    expect(await engine.repo.reviewsOf('d1')).toHaveLength(1);
    const state = await engine.repo.getState('discord', 'ben', deck[0]!.id);
    expect(state!.reps).toBe(1);
  });

  it('answers "That button has expired" for ids no codec decodes, or of the wrong kind', async () => {
    await run('ada', 'count:1');
    await press('ada', revealAction.encode({ session: 'd1', step: 0 }));
    for (const id of [
      'flashcards:d1:0:good', // the old hand-built form
      'flashcards:grade:d1:0:superb',
      'flashcards:nonsense',
      reviewGradeAction.encode({ session: 'd1', step: 0, grade: 'good' }), // review id, drill
    ]) {
      expect((await press('ben', id)).reply!.title).toBe('That button has expired');
    }
    expect(await engine.repo.reviewsOf('d1')).toHaveLength(0);
  });

  it('runs one drill per channel and lets the starter or a moderator stop it', async () => {
    await run('ada', 'count:3');
    const busy = await run('ben', '');
    expect(busy.title).toBe('A drill is already running here');
    expect((await run('ben', '', { channel: 'other' })).title).toBe('Flashcard drill started');

    expect((await run('ben', 'stop')).tone).toBe('error');
    expect((await run('ben', 'stop', { isModerator: true })).title).toBe('Drill stopped');
    expect(channel.last().reply.title).toBe('Flashcard drill stopped');
    // The open card was closed: its answer shows, its buttons are gone.
    expect(latest(channel.posts[0]!.ref.messageId).actions).toEqual([]);
    expect((await run('chen', '')).title).toBe('Flashcard drill started');
  });

  it('ends the drill and frees the channel when the next card cannot be posted', async () => {
    await run('ada', 'count:3');
    let fail = true;
    const post = channel.post.bind(channel);
    channel.post = async (channelId, reply) => {
      if (fail && reply.title.startsWith('Flashcard 2/')) throw new Error('missing access');
      return post(channelId, reply);
    };
    await press('ada', revealAction.encode({ session: 'd1', step: 0 }));
    await press('ada', nextAction.encode({ session: 'd1', step: 0 }));
    expect(channel.last().reply.title).toBe('Flashcard drill stopped');
    fail = false;
    expect((await run('ben', '')).title).toBe('Flashcard drill started');
  });

  it('links to the running drill where the platform can', async () => {
    const linking: Messenger = channel;
    linking.link = (ref) => `https://chat.example/${ref.messageId}`;
    await run('ada', 'count:2');
    const busy = await run('ben', '');
    expect(busy.summary).toContain(
      `Jump to it: https://chat.example/${channel.posts[0]!.ref.messageId}`,
    );
  });

  it('needs a channel to drill in', async () => {
    const reply = await runCommandText(flashcards, '', {
      ...context('ada', { platform: 'cli', services }),
    });
    expect(reply.title).toBe('No channel to drill in');
  });

  it('picks the cards most due for the people taking part, then new ones', async () => {
    await run('ada', 'count:2 seconds:10');
    for (const idx of [0, 1]) {
      await press('ada', revealAction.encode({ session: 'd1', step: idx }));
      await press(
        'ada',
        gradeAction.encode({ session: 'd1', step: idx, grade: idx === 0 ? 'again' : 'easy' }),
      );
      await press('ben', gradeAction.encode({ session: 'd1', step: idx, grade: 'again' }));
      await press('ada', nextAction.encode({ session: 'd1', step: idx }));
    }
    await advance(DAY_MS);
    // Card 0 is due for Ada and Ben; card 1 only for Ben (Ada said Easy); then new cards.
    const started = await run('chen', 'count:3');
    expect((started.data as { cards: string[] }).cards).toEqual([
      deck[0]!.id,
      deck[1]!.id,
      deck[2]!.id,
    ]);
  });

  it('drills one topic with tag:', async () => {
    const started = await run('ada', 'count:30 tag:emergence');
    const cards = (started.data as { cards: string[] }).cards;
    expect(cards.length).toBe(deck.filter((c) => c.tags.includes('emergence')).length);
    expect(channel.posts[0]!.reply.title).toMatch(/^Flashcard 1\/\d+ · Emergent abilities$/);
  });
});

describe('private review', () => {
  it('starts with new cards, then reviews due cards in due order with private buttons', async () => {
    const first = await run('ada', 'review count:3');
    expect(first.visibility).toBe('private');
    expect(first.title).toMatch(/^Review 1\/3/);
    expect(first.fields![0]!.label).toBe('New card');
    const sessionId = decodeFlashcardClick(buttons(first)[0]!)!.session;

    const back = await press('ada', reviewRevealAction.encode({ session: sessionId, step: 0 }));
    expect(back.update!.visibility).toBe('private');
    const labels = back.update!.actions![0]!.map((a) => a.label);
    expect(labels).toEqual(['Again · 1 min', 'Hard · 6 min', 'Good · 10 min', 'Easy · 8 days']);

    // Somebody else's clicks do nothing to Ada's session.
    expect(
      (await press('ben', reviewGradeAction.encode({ session: sessionId, step: 0, grade: 'good' })))
        .reply!.title,
    ).toBe('Not your review');
    const grades = ['easy', 'good', 'easy'] as const;
    for (const [idx, g] of grades.entries()) {
      if (idx > 0) await press('ada', reviewRevealAction.encode({ session: sessionId, step: idx }));
      const r = await press(
        'ada',
        reviewGradeAction.encode({ session: sessionId, step: idx, grade: g }),
      );
      expect(r.update).toBeDefined();
      if (idx < 2) expect(r.update!.title).toMatch(new RegExp(`^Review ${idx + 2}/3`));
      else expect(r.update!.title).toBe('Review done');
    }
    expect(
      (await press('ada', reviewGradeAction.encode({ session: sessionId, step: 2, grade: 'good' })))
        .reply!.title,
    ).toBe('You already graded this: Easy');

    // Only the card graded Good (10 minutes) is due soon; a month later all three, in due order.
    await advance(11 * 60_000);
    const due = await run('ada', 'review');
    expect(due.title).toMatch(/^Review 1\/1 · /);
    expect(due.summary).toBe(deck[1]!.front);
    expect(due.fields![0]!.label).toBe('Due');
    await advance(30 * DAY_MS);
    const later = await run('ada', 'review');
    const laterId = decodeFlashcardClick(buttons(later)[0]!)!.session;
    const order = (await engine.repo.cardsOf(laterId)).map((c) => c.card_id);
    expect(order[0]).toBe(deck[1]!.id);
    expect([...order].sort()).toEqual([deck[0]!.id, deck[1]!.id, deck[2]!.id].sort());
    const dues = await Promise.all(order.map((id) => engine.repo.getState('discord', 'ada', id)));
    expect(dues.map((d) => d!.due)).toEqual([...dues.map((d) => d!.due)].sort((a, b) => a - b));
    // Starting a new session ended the old one: its buttons now say so.
    const dueId = decodeFlashcardClick(buttons(due)[0]!)!.session;
    expect(
      (await press('ada', reviewRevealAction.encode({ session: dueId, step: 0 }))).reply!.title,
    ).toBe('Review over');
  });

  it('says when nothing is due and no new cards are left', async () => {
    const topic = deck.filter((c) => c.tags.includes('emergence'));
    const r = await run('ada', 'review tag:emergence');
    const id = decodeFlashcardClick(buttons(r)[0]!)!.session;
    for (let i = 0; i < topic.length; i++) {
      await press('ada', reviewRevealAction.encode({ session: id, step: i }));
      await press('ada', reviewGradeAction.encode({ session: id, step: i, grade: 'easy' }));
    }
    const none = await run('ada', 'review tag:emergence');
    expect(none.title).toBe('Nothing to review');
    expect(none.summary).toMatch(/next card comes back in \d+ days/);
  });
});

describe('stats and settings', () => {
  it('reports due cards, reviews, retention, streak and a 14-day forecast chart', async () => {
    expect((await run('ada', 'stats')).summary).toMatch(/^No flashcards yet/);
    let reviews = 0;
    let again = 0;
    for (let day = 0; day < 3; day++) {
      const r = await run('ada', 'review count:2');
      const id = decodeFlashcardClick(buttons(r)[0]!)!.session;
      const n = Number(/^Review 1\/(\d+)/.exec(r.title)![1]);
      for (let i = 0; i < n; i++) {
        const g = i === 0 ? 'again' : 'good';
        await press('ada', reviewRevealAction.encode({ session: id, step: i }));
        const graded = await press(
          'ada',
          reviewGradeAction.encode({ session: id, step: i, grade: g }),
        );
        expect(graded.update).toBeDefined();
        reviews++;
        if (g === 'again') again++;
      }
      await advance(DAY_MS);
    }
    const stats = await run('ada', 'stats');
    const field = (label: string) => stats.fields!.find((f) => f.label === label)!.value;
    expect(reviews).toBeGreaterThanOrEqual(4);
    expect(field('Reviews done')).toBe(String(reviews));
    const kept = Math.round((100 * (reviews - again)) / reviews);
    expect(field('Retention')).toBe(`${kept}% not graded Again (target 90%)`);
    expect(field('Streak')).toBe('3 days');
    expect(Number(field('Due now'))).toBeGreaterThan(0);
    expect(stats.chart).toMatchObject({ kind: 'due-forecast' });
    const days = (stats.chart as { days: { value: number }[] }).days;
    expect(days).toHaveLength(14);
    expect(days.reduce((s, d) => s + d.value, 0)).toBeLessThanOrEqual(
      Number(field('Cards met').split('/')[0]),
    );
  });

  it('keeps a per-server desired retention that moderators set and grades use', async () => {
    expect((await run('ada', 'settings')).summary).toBe(
      'Desired retention here: 0.9 (the default).',
    );
    const refused = await run('ada', 'settings retention:0.85');
    expect(refused.title).toBe('Moderators only');
    expect((await run('ada', 'settings retention:0.5', { isModerator: true })).tone).toBe('error');
    const set = await run('mo', 'settings retention:0.85', { isModerator: true });
    expect(set.summary).toBe('Desired retention for this server is now 0.85.');
    expect((await run('ada', 'settings')).summary).toBe('Desired retention here: 0.85.');
    expect((await run('ada', 'settings', { server: 'guild2' })).summary).toMatch(/0\.9/);

    await run('ada', 'count:1');
    await press('ada', revealAction.encode({ session: 'd1', step: 0 }));
    await press('ada', gradeAction.encode({ session: 'd1', step: 0, grade: 'good' }));
    const [review] = await engine.repo.reviewsOf('d1');
    expect(review!.retention).toBe(0.85);
  });
});
