/**
 * A flashcard grade racing Next (or the grading deadline) on another instance (issue 14):
 * a grade is stored only while its card is still revealed, so every grade acknowledged
 * ("Saved") is shown on the closed card ("Graded (n)") and in the summary, and a grade that
 * comes after the close gets "Grading closed" and stores nothing. Two FlashcardEngines play
 * two instances: on PostgreSQL each has its own pool on one schema; on SQLite they share the
 * one store (one process, as SQLite runs).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { gradeAction, nextAction, revealAction } from '../../src/flashcards/actions.js';
import type { Reply } from '../../src/reply.js';
import type { Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from '../quiz/fakes.js';
import { forShare, openPair, pauseAfter, type Pair } from '../store/race.js';
import { ON_POSTGRES } from '../store/test-store.js';

const flashcards = findCommand('flashcards')!;
let pair: Pair;
let clock: FakeClock;
let channel: MemoryMessenger;
let a: FlashcardEngine;
let b: FlashcardEngine;
let written: ReturnType<typeof pauseAfter>;
let checked: ReturnType<typeof pauseAfter>;
let ids = 0;

const engine = (store: Store) =>
  new FlashcardEngine({
    store,
    messengers: { discord: channel },
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    newDrillId: () => `d${++ids}`,
  });

beforeEach(async () => {
  ids = 0;
  pair = await openPair();
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  written = pauseAfter('InsertQueryNode');
  checked = pauseAfter('SelectQueryNode');
  a = engine({ ...pair.a, db: pair.a.db.withPlugin(written.plugin).withPlugin(checked.plugin) });
  b = engine(pair.b);
});

afterEach(async () => {
  a?.close();
  b?.close();
  await pair.close();
});

const on = (e: FlashcardEngine, user: string, channelId = 'general') =>
  context(user, {
    messenger: channel,
    services: servicesFrom(() => ({ flashcards: e })),
    channel: channelId,
  });
const press = (e: FlashcardEngine, user: string, id: string, channelId?: string) =>
  runAction([flashcards], click(on(e, user, channelId), id)).then((r) => r.reply!);
const grade = (e: FlashcardEngine, user: string, session: string, channelId?: string) =>
  press(e, user, gradeAction.encode({ session, step: 0, grade: 'good' }), channelId);
const next = (e: FlashcardEngine, session: string, channelId?: string) =>
  press(e, 'ada', nextAction.encode({ session, step: 0 }), channelId);

/** Start a one-card drill on A and reveal it; the card's message id. */
async function revealed(channelId = 'general'): Promise<{ drill: string; message: string }> {
  const started = await runCommandText(flashcards, 'count:1', on(a, 'ada', channelId));
  const drill = (started.data as { drillId: string }).drillId;
  const message = channel.last().ref.messageId;
  expect(
    (await press(a, 'ada', revealAction.encode({ session: drill, step: 0 }), channelId)).title,
  ).toBe('Revealed');
  return { drill, message };
}

/** The card's closed view ("Graded (n)": names), the last one edited onto its message. */
function closedView(message: string): { n: number; names: string } {
  const edits = channel.edits.filter((e) => e.ref.messageId === message);
  const done = edits
    .map((e) => e.reply.fields?.[0])
    .filter((f) => /^Graded \(/.test(f?.label ?? ''));
  expect(done, 'the card was closed once').toHaveLength(1);
  return { n: Number(/\((\d+)\)/.exec(done[0]!.label)![1]), names: done[0]!.value };
}

const saved = (r: Reply) => r.title.startsWith('Saved');

describe('a grade racing Next on another instance', () => {
  it('refuses a grade whose card was closed after its check, and stores nothing', async () => {
    const { drill, message } = await revealed();
    // A has read the card (revealed) and checked it; B's Next closes it before A writes.
    const read = a.repo.serverSettings.bind(a.repo);
    const spy = vi.spyOn(a.repo, 'serverSettings').mockImplementationOnce(async (...args) => {
      expect((await next(b, drill)).title).toBe('Next card');
      return read(...args);
    });
    const reply = await grade(a, 'ben', drill);
    expect(spy).toHaveBeenCalled();
    expect(reply.title).toBe('Grading closed');
    expect(await a.repo.reviewsOf(drill)).toEqual([]);
    expect(closedView(message).n).toBe(0);
    expect(channel.last().reply.summary).toMatch(/0 grades/);
  });

  it('refuses a grade whose card was closed while it was written, or shows it', async () => {
    const { drill, message } = await revealed();
    let closing: string | undefined;
    let nextReply: Promise<Reply> | undefined;
    // A's grade is written, not yet checked nor committed, when B's Next comes.
    written.arm('flashcard_reviews', async () => {
      nextReply = next(b, drill);
      closing = await pair.doneOrBlocked(nextReply);
    });
    const reply = await grade(a, 'ben', drill);
    expect(written.ran).toBe(1);
    expect((await nextReply!).title).toBe('Next card');
    // PostgreSQL: B's close commits first, so A's check rolls the grade back. SQLite: B waits
    // for A's transaction (the one connection), then shows the grade.
    expect([closing, reply.title]).toEqual(
      ON_POSTGRES ? ['done', 'Grading closed'] : ['queued', 'Saved: Good'],
    );
    const graded = saved(reply)
      ? [{ n: 1, names: 'Ben (Good)' }, 1]
      : [{ n: 0, names: 'nobody' }, 0];
    expect([closedView(message), (await a.repo.reviewsOf(drill)).length]).toEqual(graded);
  });

  it.skipIf(!ON_POSTGRES)(
    'holds a Next that comes after a grade is checked, then shows it',
    async () => {
      const { drill, message } = await revealed();
      let closing: string | undefined;
      let nextReply: Promise<Reply> | undefined;
      // A's grade is written and checked (the card held FOR SHARE), not committed.
      checked.arm(
        'session_steps',
        async () => {
          nextReply = next(b, drill);
          closing = await pair.doneOrBlocked(nextReply);
        },
        forShare,
      );
      const reply = await grade(a, 'ben', drill);
      expect(checked.ran).toBe(1);
      expect(closing).toBe('blocked');
      expect((await nextReply!).title).toBe('Next card');
      expect(reply.title).toBe('Saved: Good');
      expect(closedView(message)).toEqual({ n: 1, names: 'Ben (Good)' });
      expect(await a.repo.reviewsOf(drill)).toHaveLength(1);
    },
  );

  it('counts every acknowledged grade exactly once when many race Next on two instances', async () => {
    const drills = 12;
    const graders = 16;
    const gap = ON_POSTGRES ? 4 : 0; // ms between clicks, so that several are in flight
    let acknowledged = 0;
    let refused = 0;
    let lost = 0;
    let mixed = 0;
    let raced = 0;
    let total = 0;
    const closing_ms: number[] = [];
    const wrong: object[] = [];
    for (let d = 0; d < drills; d++) {
      const channelId = `c${d}`;
      const { drill, message } = await revealed(channelId);
      const users: string[] = [];
      // Clicks `gap` ms apart (several in flight); B's Next after `at` (1 to 15) of them...
      const at = 1 + (d % (graders - 1));
      const spans: [number, number][] = [];
      const closed: [number, number] = [0, Infinity];
      const replies: Promise<Reply>[] = [];
      let closing: Promise<Reply> | undefined;
      // ...and on until the close is over, so that some come after it.
      for (let i = 0; i < graders || closed[1] === Infinity; i++) {
        const u = `m${d}x${i}`;
        users[i] = u;
        if (i === at) {
          closed[0] = performance.now();
          closing = next(b, drill, channelId).finally(() => (closed[1] = performance.now()));
        }
        const span: [number, number] = [performance.now(), Infinity];
        spans.push(span);
        const reply = grade(i % 2 ? a : b, u, drill, channelId);
        replies.push(reply.finally(() => (span[1] = performance.now())));
        await new Promise((r) => (gap ? setTimeout(r, gap) : setImmediate(r)));
      }
      const results = await Promise.all(replies);
      expect((await closing!).title).toBe('Next card');
      // Grades in flight while the close ran: the races this drill exercised.
      raced += spans.filter((s) => s[0] < closed[1] && s[1] > closed[0]).length;
      closing_ms.push(closed[1] - closed[0]);
      const ok = users.filter((_, i) => saved(results[i]!));
      const refusedHere = results.filter((r) => r.title === 'Grading closed').length;
      expect(ok.length + refusedHere).toBe(users.length);
      total += users.length;
      const view = closedView(message);
      const stored = (await a.repo.reviewsOf(drill)).map((r) => r.user_id).sort();
      // Shown on the closed card and stored: exactly the acknowledged grades.
      lost += ok.length - view.n;
      acknowledged += ok.length;
      refused += refusedHere;
      if (ok.length > 0 && refusedHere > 0) mixed++;
      const summary = channel.posts.find(
        (p) => p.ref.channelId === channelId && p.reply.title === 'Flashcard drill over',
      )!.reply.summary!;
      const summed = Number(/(\d+) grades?/.exec(summary)![1]);
      if (view.n !== ok.length || summed !== ok.length || stored.join() !== [...ok].sort().join())
        wrong.push({ drill, saved: ok.length, shown: view.n, summed, stored: stored.length });
    }
    console.log(
      `grade race (${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}): ${total} grades in ${drills} drills racing Next, ${mixed} drills closed mid-burst, ${raced} grades in flight during a close; ${acknowledged} saved, ${refused} refused "Grading closed", ${lost} lost; Next took ${closing_ms.map(Math.round).join(',')} ms`,
    );
    expect(wrong).toEqual([]);
    expect(raced).toBeGreaterThan(0); // the close really ran while some were in flight
  });
});
