// `/course stats` for numeric questions (issue 15 item 8): typed answers stored through the
// real quiz engine on a real SQLite file, summarised for a TA (how many within the tolerance,
// the median, wrong values grouped: "10× too high", clusters with their ratio to the answer),
// read back through runCommandText and the playground. The expectations are recomputed here
// from the seeded text, not taken from the module under test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { renderChartInProcess } from '../../src/charts/index.js';
import { CourseLibrary } from '../../src/course/library.js';
import { magnitudeSlip, summariseTyped } from '../../src/course/numeric-stats.js';
import {
  answerAction,
  NUMBER_FIELD,
  numberAction,
  numberInAction,
} from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { formatCount, readAnswerNumber, sig3 } from '../../src/scaling/quantity.js';
import { servicesOf } from '../../src/services.js';
import { openStore, type Store } from '../../src/store/index.js';
import { readSnapshot, startServer } from '../playground/helpers.js';
import { apiPost, pageToken } from '../playground/client.js';
import { click, context, FakeClock, MemoryMessenger } from '../quiz/fakes.js';

const quiz = findCommand('quiz')!;
const course = findCommand('course')!;
const here = { platform: 'playground', serverId: 'playground' } as const;
// Our own items: N for a 6e22 FLOP budget at 20 tokens per parameter (√(6e22/120) ≈ 22.4B).
const VALUE = 22.4e9;
const TOLERANCE = 0.5e9;
const SIX = ['parameter per token', 'layer', 'byte'];
const PICKS: Record<string, string> = { ben: SIX[0]!, chen: SIX[0]!, dee: SIX[2]! };
const CSV = [
  'id,type,prompt,choices,answer,tolerance,explanation,topic,difficulty,source',
  `n-budget,numeric,"N for a 6e22 FLOP budget at 20 tokens per parameter?",,22.4B,0.5B,"N = √(C/120).",budgets,medium,Hoffmann et al. 2022`,
  `six,choice,"In C ≈ 6ND, the 6 counts FLOPs per what?","${SIX.join('|')}",A,,,six,easy,Kaplan et al. 2020`,
].join('\n');
// What members typed: within the tolerance, 10× too high and too low (a unit slip), 1000× too
// high, the 6 dropped (√6 ≈ 2.45× too high) and text that is not a number (never stored).
const TYPED: Record<string, string> = {
  ben: '22.4B',
  chen: '2.21e10',
  dee: '22.8 billion',
  eve: '224B',
  fay: '2.2e11',
  gus: '2.24B',
  hal: '22.4T',
  ivy: '54.8B',
  jo: '5.5e10',
  mo: '7B',
  kit: 'lots',
  lee: '',
};

let dir: string;
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: QuizEngine;
let lib: CourseLibrary;
let ids = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'course-stats-'));
  store = await openStore(join(dir, 'bot.sqlite'));
  // Today: /course stats counts the last 8 weeks from the real clock.
  clock = new FakeClock(Date.now());
  channel = new MemoryMessenger('playground', clock);
  lib = new CourseLibrary(store.db);
  engine = new QuizEngine({
    store,
    messengers: { playground: channel },
    ...clock.deps,
    newRoundId: () => `r${++ids}`,
    newSeed: () => 7 + ids,
  });
  const imported = await lib.importFile(here, { content: Buffer.from(CSV), name: 'n', by: 'ada' });
  expect(imported.ok).toBe(true);
});
afterEach(async () => {
  engine?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = (user: string) =>
  context(user, {
    platform: 'playground',
    server: 'playground',
    messenger: channel,
    services: servicesOf({ quiz: engine, course: lib }),
  });
const ta = () => ({ ...ctx('ada'), isStaff: () => Promise.resolve(true) });
const act = (user: string, id: string, fields?: Record<string, string>) =>
  runAction([quiz], { ...click(ctx(user), id), ...(fields ? { fields } : {}) });

async function round(tag: string, answer: (id: string) => Promise<void>) {
  const started = await runCommandText(quiz, `tag:${tag} count:1 seconds:20`, ctx('ada'));
  expect(started.title, JSON.stringify(started)).toBe('Quiz started');
  await answer(channel.last().reply.actions![0]![0]!.id);
  await clock.advance(25_000, () => engine.idle());
}

async function seed() {
  await round('budgets', async (id) => {
    const submit = numberInAction.encode(numberAction.decode(id)!);
    for (const [user, text] of Object.entries(TYPED))
      await act(user, submit, { [NUMBER_FIELD]: text });
  });
  await round('six', async (id) => {
    // Rounds shuffle the choices: click by the text shown, so the split is by the file's letters.
    const at = answerAction.decode(id)!;
    const row = await engine.repo.getQuestion(at.session, at.step);
    const shown = (JSON.parse(row!.payload) as { choices: string[] }).choices;
    expect(shown, 'this seed shuffles, so the test can tell positions from letters').not.toEqual(
      SIX,
    );
    for (const [user, text] of Object.entries(PICKS))
      await act(user, answerAction.encode({ ...at, choice: shown.indexOf(text) }));
  });
}

// The expected summary, recomputed from the typed text.
function expected() {
  const values = Object.values(TYPED)
    .map((t) => readAnswerNumber(t))
    .filter((v): v is number => v !== undefined);
  const near = (v: number, target: number) => Math.abs(v - target) <= TOLERANCE * 1.000001;
  const within = values.filter((v) => near(v, VALUE));
  const sorted = [...values].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const times = (f: number) => values.filter((v) => near(v / f, VALUE));
  const rest = values.filter((v) => ![1, 10, 0.1, 1000].some((f) => near(v / f, VALUE)));
  return { values, within, median, times, rest };
}

describe('/course stats for numeric questions', () => {
  it('shows within, median and the grouped wrong values; choice splits and ranking as before', async () => {
    await seed();
    const e = expected();
    expect(e.values.length).toBe(Object.keys(TYPED).length - 2);
    const stored = await store.db
      .selectFrom('answers')
      .select(['user_id', 'value', 'choice'])
      .where('choice', '=', -1)
      .execute();
    expect(stored.map((a) => a.value).sort()).toEqual([...e.values].sort());

    const stats = await runCommandText(course, 'stats', ta());
    const row = stats.fields!.find((f) => f.label.includes('6e22 FLOP budget'))!;
    const pct = Math.round((100 * e.within.length) / e.values.length);
    const [first, second] = row.value.split('\n');
    expect(first).toBe(
      `within 22.4B ± 500M: ${e.within.length} of ${e.values.length} typed · median ${formatCount(e.median)} (${pct}% right)`,
    );
    const high10 = e.times(10);
    const low10 = e.times(0.1);
    const high1000 = e.times(1000);
    // The rest: 54.8B and 55B (within 0.5B of each other, the 6 dropped) and 7B alone.
    const cluster = e.rest.filter((v) => v > 5e10);
    const alone = e.rest.filter((v) => v < 5e10);
    expect([cluster.length, alone.length]).toEqual([2, 1]);
    const mid = (cluster[0]! + cluster[1]!) / 2;
    expect(second).toBe(
      `wrong: 10× too high ${high10.length} (${formatCount((high10[0]! + high10[1]!) / 2)})` +
        ` · ${formatCount(mid)} ${cluster.length} (${sig3(mid / VALUE)}× the answer)` +
        ` · 10× too low ${low10.length} (${formatCount(low10[0]!)})` +
        ` · 1000× too high ${high1000.length} (${formatCount(high1000[0]!)})` +
        ` · ${alone.length} other`,
    );

    const choice = stats.fields!.find((f) => f.label.includes('the 6 counts'))!;
    const picks = Object.values(PICKS);
    const count = (text: string) => picks.filter((p) => p === text).length;
    const sixPct = Math.round((100 * count(SIX[0]!)) / picks.length);
    expect(choice.value).toBe(
      `A ${count(SIX[0]!)} · B ${count(SIX[1]!)} · C ${count(SIX[2]!)} (${sixPct}% right)`,
    );
    // Ranked by share right, the numeric question among the others.
    const hardest = stats.fields!.find((f) => f.label === 'Hardest questions')!.value.split('\n');
    expect(hardest).toEqual([
      `${pct}% right: N for a 6e22 FLOP budget at 20 tokens per parameter?`,
      `${sixPct}% right: In C ≈ 6ND, the 6 counts FLOPs per what?`,
    ]);

    // Results keep the README's columns; typed answers count as answered, within as correct.
    const results = (await runCommandText(course, 'results', ta())).file!.content.split('\n');
    expect(results[0]).toBe(
      'user_id,display_name,questions_answered,correct,points,cards_reviewed',
    );
    expect(results.find((l) => l.startsWith('eve,'))).toMatch(/^eve,Eve,1,0,0,0$/);
    expect(results.find((l) => l.startsWith('ben,'))).toMatch(/^ben,Ben,2,2,\d+,0$/);
    expect(results.find((l) => l.startsWith('dee,'))).toMatch(/^dee,Dee,2,1,\d+,0$/);
    expect(results.some((l) => l.startsWith('kit,'))).toBe(false);

    // The participation chart: typed answers count; nothing else about it changes.
    const week = stats.chart!.kind === 'scores' ? stats.chart!.entries.at(-1)! : undefined;
    expect(week?.value).toBe(Object.keys(TYPED).length - 2);
    const png = await renderChartInProcess(stats.chart!);
    expect(png.png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.alt).toContain(`${week!.label} ${week!.value}`);
    expect(png.alt).toMatch(/members/); // counted in members, not the quiz's "scores"
    expect(png.alt).not.toMatch(/scores/);
    const out = join(process.env.STATS_PNG_DIR ?? dir, 'course-stats.png');
    writeFileSync(out, png.png);

    // Through the playground: Ada (a TA there) sees the same line.
    const server = await startServer(
      async () => {
        throw new Error('no charts here');
      },
      [],
      servicesOf({ course: lib }),
    );
    try {
      const token = await pageToken(server.base);
      const res = await apiPost(server.base, token, '/api/command', {
        user: 'ada',
        text: '/course stats',
      });
      expect(res.status).toBe(202);
      const want = JSON.stringify(second).slice(1, -1);
      let snapshot = '';
      for (let i = 0; i < 200 && !snapshot.includes(want); i++) {
        snapshot = await readSnapshot(server.base, 'ada');
        if (!snapshot.includes(want)) await new Promise((r) => setTimeout(r, 10));
      }
      expect(snapshot).toContain(want);
      expect(snapshot).toContain(`of ${e.values.length} typed`);
    } finally {
      await server.close();
    }
  });

  it('groups power-of-ten slips only when the scaled value is within the tolerance', () => {
    const answer = { value: VALUE, tolerance: TOLERANCE };
    expect(magnitudeSlip(answer, VALUE * 10)).toBe(1);
    expect(magnitudeSlip(answer, VALUE / 1000)).toBe(-3);
    expect(magnitudeSlip(answer, VALUE * 7)).toBe(0);
    expect(magnitudeSlip(answer, -VALUE * 10)).toBe(0);
    expect(magnitudeSlip({ value: 0, tolerance: 1 }, 10)).toBe(0);
    const s = summariseTyped(answer, [
      { value: 1, correct: 0 },
      { value: 1.2e9, correct: 0 },
      { value: 1.3e9, correct: 0 },
    ]);
    expect(s.wrong.map((g) => [g.label, g.count])).toEqual([
      [formatCount(1.25e9), 2],
      ['1', 1],
    ]);
  });
});
