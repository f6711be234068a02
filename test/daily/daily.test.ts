/**
 * The question of the day on the shared session engine, with a real SQLite file and an
 * injectable clock: a normal day, a DST change (Europe/Berlin, 29 March 2026), a restart at
 * posting time (posted once on recovery), and 30 simulated days with no duplicates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { dailyAnswerAction } from '../../src/daily/actions.js';
import { describeAt, localTime } from '../../src/daily/clock.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from '../quiz/fakes.js';

const daily = findCommand('daily')!;
const TZ = 'Europe/Berlin';
let dir: string;
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: QuizEngine;
const services = servicesFrom(() => ({ quiz: engine }));
const make = () =>
  new QuizEngine({
    store,
    messengers: { discord: channel },
    ...clock.deps,
    newDailyId: () => 'day1',
  });
const staff = (user = 'ada', isStaff = true) => ({
  ...context(user, { messenger: channel, services }),
  isStaff: () => Promise.resolve(isStaff),
});
const advance = (ms: number) => clock.advance(ms, () => engine.idle());
const questions = () =>
  channel.posts.filter((p) => p.reply.title.startsWith('Question of the day ·'));
const HOUR = 3_600_000;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daily-'));
  store = await openStore(join(dir, 'db.sqlite'));
  // Thursday 26 March 2026, 12:00 UTC (13:00 in Berlin); DST starts Sunday the 29th.
  clock = new FakeClock(Date.UTC(2026, 2, 26, 12));
  channel = new MemoryMessenger('discord', clock);
  engine = make();
});
afterEach(async () => {
  engine.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/daily', () => {
  it('is for course staff, checks its input, and posts at 09:00 local with results on the previous day', async () => {
    const refused = await runCommandText(
      daily,
      'start time:09:00 timezone:Europe/Berlin',
      staff('ben', false),
    );
    expect(refused.title).toBe('Course staff only');
    expect(
      (await runCommandText(daily, 'start time:9am timezone:Europe/Berlin', staff())).summary,
    ).toMatch(/received "9am"/);
    expect(
      (await runCommandText(daily, 'start time:09:00 timezone:Mars/Olympus', staff())).title,
    ).toBe('Unknown time zone');
    const started = await runCommandText(
      daily,
      'start time:09:00 timezone:Europe/Berlin board:monday',
      staff(),
    );
    expect(started.title).toBe('Question of the day scheduled');
    expect(channel.posts).toHaveLength(1); // the announcement
    await advance(19 * HOUR + 59 * 60_000); // 08:59 Berlin on Friday
    expect(questions()).toHaveLength(0);
    await advance(60_000);
    expect(questions()).toHaveLength(1);
    const first = questions()[0]!;
    expect(localTime(clock.now(), TZ)).toMatchObject({ d: 27, hh: 9, mm: 0 });
    const id = first.reply.actions![0]![0]!.id;
    const step = dailyAnswerAction.decode(id)!.step;
    const correct = (await engine.daily.store.step('day1', step))!;
    const right = JSON.parse(correct.payload).q.correct as number;
    const ctx = context('ben', { messenger: channel, services });
    const saved = await runAction(
      [daily],
      click(ctx, dailyAnswerAction.encode({ session: 'day1', step, choice: right })),
    );
    expect(saved.reply?.title).toBe('Answer saved');
    await advance(24 * HOUR);
    expect(questions()).toHaveLength(2);
    const results = channel.messages.get(first.ref.messageId)!;
    expect(results.title).toMatch(/answer: [A-D]$/);
    expect(results.fields![0]).toMatchObject({ label: 'Right (1/1)', value: 'Ben' });
    expect((await runCommandText(daily, 'status', staff())).summary).toMatch(/2 posted so far/);
  });

  it('keeps 09:00 local across the DST change, survives a restart at posting time, and posts 30 days once each', async () => {
    await runCommandText(daily, 'start time:09:00 timezone:Europe/Berlin board:monday', staff());
    const posted: { day: string; at: number }[] = [];
    let restarts = 0;
    for (let day = 0; day < 30; day++) {
      if (day === 10) {
        // The bot is down from 08:00 to 11:00 (CEST) on day 10: it posts on recovery, once.
        await advance(18 * HOUR);
        engine.close();
        clock.t += 3 * HOUR;
        engine = make();
        expect(await engine.resume()).toBe(1);
        await engine.idle();
        restarts++;
        await advance(3 * HOUR);
      } else await advance(24 * HOUR);
    }
    for (const p of questions()) posted.push({ day: p.reply.title.split(' · ')[1]!, at: 0 });
    const days = posted.map((p) => p.day);
    expect(new Set(days).size).toBe(days.length); // no duplicates
    expect(days).toHaveLength(30);
    // Every post but the recovery one went out at 09:00 Berlin time, before and after DST.
    const times = channel.posts
      .filter((p) => p.reply.title.startsWith('Question of the day ·'))
      .map((p) => p.ref.messageId);
    expect(times).toHaveLength(30);
    expect(restarts).toBe(1);
    const steps = await store.db
      .selectFrom('session_steps')
      .select(['idx', 'posted_at'])
      .where('session_id', '=', 'day1')
      .where('idx', '>', 0)
      .orderBy('idx')
      .execute();
    const local = steps.map((r) => localTime(r.posted_at!, TZ));
    const clockTimes = local.map((l) => `${l.hh}:${String(l.mm).padStart(2, '0')}`);
    expect(clockTimes.filter((t) => t === '9:00')).toHaveLength(29);
    expect(clockTimes.filter((t) => t === '11:00')).toHaveLength(1); // the recovery post
    // Across the change: 08:00 UTC on Saturday 28 March, 07:00 UTC on Sunday the 29th.
    expect(new Date(steps[0]!.posted_at!).getUTCHours()).toBe(8);
    expect(new Date(steps[2]!.posted_at!).getUTCHours()).toBe(7);
    const boards = channel.posts.filter((p) => p.reply.title === 'Question of the day: this week');
    expect(boards.length).toBeGreaterThanOrEqual(4);
    console.log(
      `daily simulation: ${days.length} posts over 30 days, ${days.length - new Set(days).size} duplicates, ${boards.length} weekly boards`,
    );
  });

  it('says when the next question comes in words every platform shows, on the local clock', () => {
    // Thursday 26 March 2026, 12:00 UTC = 13:00 in Berlin; clocks go forward on the 29th.
    const now = Date.UTC(2026, 2, 26, 12);
    expect(describeAt(Date.UTC(2026, 2, 26, 13), now, TZ)).toBe('today at 14:00');
    expect(describeAt(Date.UTC(2026, 2, 27, 8), now, TZ)).toBe('tomorrow at 09:00');
    expect(describeAt(Date.UTC(2026, 2, 29, 7), now, TZ)).toBe('Sun 29 Mar at 09:00');
    expect(describeAt(Date.UTC(2026, 2, 26, 23, 30), now, 'UTC')).toBe('today at 23:30');
    expect(describeAt(Date.UTC(2026, 2, 26, 23, 30), now, 'Asia/Tokyo')).toBe('tomorrow at 08:30');
  });
});
