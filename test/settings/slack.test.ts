/**
 * Settings and boards on Slack, through the real Bolt App against the fake Web API: a
 * workspace admin changes a setting, a student is refused until put on the TA list, and
 * boards show display names from users.info — cached, at most `perMinute` lookups a minute,
 * and never waiting past the per-board budget (a hanging users.info cannot hold a board).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildEngines, type Engines } from '../../src/services.js';
import { openStore } from '../../src/store/index.js';
import { captureLogs, startHarness, type Harness } from '../fakes/slack/harness.js';
import { FakeClock } from '../quiz/fakes.js';

captureLogs();
let h: Harness;
let engines: Engines | undefined;
const clock = new FakeClock();
const TEAM = 'T0000001';
const STUDENTS = Array.from({ length: 8 }, (_, i) => `USTU${i}`);
const BUDGET_MS = 300;

beforeAll(async () => {
  h = await startHarness({
    renderChart: async () => {
      throw new Error('no charts here');
    },
    services: {
      quiz: async () => engines?.quiz,
      flashcards: async () => engines?.flashcards,
      settings: async () => engines?.settings,
    },
    names: { now: clock.now, perMinute: 5, budgetMs: BUDGET_MS },
  });
  const store = await openStore(':memory:');
  engines = buildEngines(store, { messengers: { slack: h.adapter.messenger }, now: clock.now });
  // Eight students answered: USTU0 has the most points.
  await store.db
    .insertInto('answers')
    .values(
      STUDENTS.map((id, i) => ({
        round_id: 'r1',
        idx: 0,
        user_id: id,
        user_name: `handle${i}`,
        choice: 0,
        correct: 1,
        answered_at: clock.now(),
        points: 100 - i,
        platform: 'slack',
        server_id: TEAM,
        channel_id: 'CBOARD',
        topic: 't',
        ranked: 1,
      })),
    )
    .execute();
});
afterAll(async () => {
  await h?.close();
  await engines?.store.close();
});
beforeEach(() => {
  h.fake.reset();
  h.fake.users.set('UADMIN', { name: 'prof', is_admin: true });
  STUDENTS.forEach((id, i) =>
    h.fake.users.set(id, { name: `handle${i}`, display_name: `Student ${i}` }),
  );
});

async function run(command: string, text: string, userId: string): Promise<string> {
  const res = await h.command(command, text, {
    channel_id: 'CBOARD',
    user_id: userId,
    user_name: userId.toLowerCase(),
  });
  expect(res.status).toBe(200);
  return JSON.stringify((await h.fake.waitForResponse(res.rid, 10_000)).body);
}

const nameCalls = () =>
  h.fake.callsTo('users.info').filter((c) => STUDENTS.includes(String(c.body.user))).length;

describe('/settings on Slack', () => {
  it('a workspace admin changes a setting; a student is refused until on the TA list', async () => {
    expect(await run('/settings', 'set quizSeconds 45', 'USTU1')).toContain('TAs only');
    expect((await engines!.settings.get('slack', TEAM)).quizSeconds).toBe(30);
    expect(await run('/settings', 'set quizSeconds 45', 'UADMIN')).toContain(
      'quizSeconds is now 45 s',
    );
    expect(await run('/settings', 'set taUsers <@USTU1>', 'UADMIN')).toContain(
      'taUsers is now USTU1',
    );
    expect(await run('/settings', 'set leaderboard opt-in', 'USTU1')).toContain(
      'leaderboard is now opt-in',
    );
    expect(await run('/settings', 'reset leaderboard', 'USTU1')).toContain('back to its default');
  });
});

describe('display names on Slack boards', () => {
  it('looks names up within the rate bound, then from the cache', async () => {
    const first = await run('/quiz', 'leaderboard', 'UADMIN');
    // Five lookups a minute: the first five members by display name, the rest by handle.
    expect(nameCalls()).toBe(5);
    for (let i = 0; i < 5; i++) expect(first).toContain(`Student ${i}`);
    expect(first).toContain('handle5');
    expect(first).not.toContain('Student 5');

    // Within the same minute: the cached five cost nothing and the bound allows no more.
    h.fake.calls.length = 0;
    const second = await run('/quiz', 'leaderboard', 'UADMIN');
    expect(nameCalls()).toBe(0);
    expect(second).toContain('Student 4');
    expect(second).toContain('handle5');

    // A minute later the rest are looked up.
    clock.t += 61_000;
    const third = await run('/quiz', 'leaderboard', 'UADMIN');
    expect(nameCalls()).toBe(3);
    expect(third).toContain('Student 7');
  });

  it('a hanging users.info cannot hold a board past its budget', async () => {
    clock.t += 2 * 60 * 60_000; // every cached name expired
    h.fake.fail('users.info', { hang: true });
    const started = Date.now();
    const board = await run('/quiz', 'leaderboard', 'UADMIN');
    expect(Date.now() - started).toBeLessThan(BUDGET_MS + 2500);
    expect(board).toContain('handle0');
  });
});
