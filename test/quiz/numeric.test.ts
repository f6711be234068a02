// Numeric questions (issue 15 item 3): a course's numeric items are asked in /quiz rounds with
// one "Answer with a number" button that opens a modal; the typed text is read like /optimal
// reads quantities, checked within the tolerance, stored (last number before the reveal
// counts) and scored by pointsFor. Unreadable text gets a private reply and stores nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { CourseLibrary } from '../../src/course/library.js';
import {
  answerAction,
  soloAnswerAction,
  NUMBER_FIELD,
  numberAction,
  numberInAction,
} from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { pointsFor } from '../../src/quiz/scoring.js';
import { GENERATORS, generate } from '../../src/quiz/generate/index.js';
import { EXAMPLE, typedProblem, withinTolerance } from '../../src/quiz/numeric.js';
import { readAnswerNumber } from '../../src/scaling/quantity.js';
import { servicesOf } from '../../src/services.js';
import { LATEST_VERSION } from '../../src/store/migrations.js';
import { openStore, type Store } from '../../src/store/index.js';
import { ON_POSTGRES, openTestStore } from '../store/test-store.js';
import { click, context, FakeClock, MemoryMessenger } from './fakes.js';

const quiz = findCommand('quiz')!;
// One numeric item, in our own words: N for a budget, with a tolerance of 0.5B.
const VALUE = 2.2e10;
const TOLERANCE = 5e8;
const CSV = [
  'id,type,prompt,choices,answer,tolerance,explanation,topic,difficulty,source',
  `n-budget,numeric,"Roughly how many parameters fit a 6e22 FLOP budget at 20 tokens per parameter?",,22B,0.5B,"Solve C = 6·N·20N for N.",budgets,medium,Hoffmann et al. 2022`,
].join('\n');

let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: QuizEngine;
let ids = 0;

beforeEach(async () => {
  store = await openTestStore();
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  engine = new QuizEngine({
    store,
    messengers: { discord: channel },
    ...clock.deps,
    newRoundId: () => `r${++ids}`,
    newSeed: () => 7 + ids,
  });
  const lib = new CourseLibrary(store.db);
  const imported = await lib.importFile(
    { platform: 'discord', serverId: 'guild1' },
    { content: Buffer.from(CSV), name: 'numbers', by: 'ta' },
  );
  expect(imported.ok).toBe(true);
});
afterEach(async () => {
  engine?.close();
  await store.close();
});

const services = () => servicesOf({ quiz: engine, course: new CourseLibrary(store.db) });
const ctx = (user: string) => context(user, { messenger: channel, services: services() });
const act = (user: string, actionId: string, fields?: Record<string, string>) =>
  runAction([quiz], { ...click(ctx(user), actionId), ...(fields ? { fields } : {}) });
const within = (typed: string) => Math.abs(readAnswerNumber(typed)! - VALUE) <= TOLERANCE + 1;

async function startRound(text = 'source:course count:1 seconds:20') {
  const started = await runCommandText(quiz, text, ctx('ada'));
  expect(started.title, JSON.stringify(started)).toMatch(/Quiz started|Practice|Quiz 1/);
  return started;
}

describe('numeric course questions in a channel round', () => {
  it('shows one "Answer with a number" button that opens a one-field modal', async () => {
    await startRound();
    const asked = channel.last().reply;
    expect(asked.summary).toContain('6e22 FLOP budget');
    expect(asked.actions![0]!.map((a) => a.label)).toEqual(['Answer with a number']);
    const button = numberAction.decode(asked.actions![0]![0]!.id)!;
    const result = await act('ben', asked.actions![0]![0]!.id);
    expect(result.modal?.fields.map((f) => f.id)).toEqual([NUMBER_FIELD]);
    expect(numberInAction.decode(result.modal!.id)).toEqual(button);
    expect(result.modal!.title.length).toBeLessThanOrEqual(24);
  });

  it('stores typed numbers (the last one counts), scores them with pointsFor and reveals the value, tolerance and count within', async () => {
    await startRound();
    const at = numberAction.decode(channel.last().reply.actions![0]![0]!.id)!;
    const submit = numberInAction.encode(at);
    const typed = { ben: ['30B', '22.4B'], chen: ['2.5e10'], dee: ['21.7 billion params'] };
    const times: Record<string, number> = {};
    for (const [user, answers] of Object.entries(typed)) {
      for (const text of answers) {
        await clock.advance(1000, () => engine.idle());
        const r = await act(user, submit, { [NUMBER_FIELD]: text });
        expect(r.reply?.title, JSON.stringify(r)).toMatch(/^You answered/);
        times[user] = clock.now();
      }
    }
    const stored = await store.db
      .selectFrom('answers')
      .select(['user_id', 'value', 'correct', 'choice'])
      .orderBy('user_id')
      .execute();
    expect(stored.map((a) => [a.user_id, a.value])).toEqual(
      Object.entries(typed).map(([u, t]) => [u, readAnswerNumber(t.at(-1)!)]),
    );
    expect(stored.map((a) => a.correct)).toEqual(
      Object.values(typed).map((t) => (within(t.at(-1)!) ? 1 : 0)),
    );
    const posted = channel.last();
    await clock.advance(21_000, () => engine.idle());
    const reveal = channel.messages.get(posted.ref.messageId)!;
    expect(reveal.summary).toContain('22B (± 500M)');
    const right = Object.values(typed).filter((t) => within(t.at(-1)!)).length;
    expect(reveal.body![0]).toContain(`${right} of 3 typed a number within ± 500M`);
    const q = await engine.repo.getQuestion(at.session, at.step);
    const scored = await engine.repo.answersTo(at.session, at.step);
    for (const a of scored) {
      const expected = pointsFor({
        correct: within(typed[a.user_id as keyof typeof typed].at(-1)!),
        answeredAt: times[a.user_id]!,
        postedAt: q!.posted_at,
        deadlineAt: q!.deadline_at,
        streak: 1,
      });
      expect([a.user_id, a.points]).toEqual([a.user_id, expected]);
    }
    // Once revealed, a number is too late and changes nothing.
    const late = await act('chen', submit, { [NUMBER_FIELD]: '22B' });
    expect(late.reply?.title).toBe('Too late');
    expect(late.reply?.summary).toContain('22B');
  });

  it('unreadable text: a private reply with what was received and an example; nothing stored', async () => {
    await startRound();
    const at = numberAction.decode(channel.last().reply.actions![0]![0]!.id)!;
    for (const text of ['lots', '', '12 bananas']) {
      const r = await act('ben', numberInAction.encode(at), { [NUMBER_FIELD]: text });
      expect(r.reply?.visibility).toBe('private');
      expect(r.reply?.tone).toBe('error');
      expect(r.reply?.summary).toContain(`received "${text}"`);
      expect(r.reply?.summary).toContain(`Example that works: ${EXAMPLE}`);
      expect(r.errors?.[NUMBER_FIELD]).toContain(EXAMPLE);
    }
    expect(await engine.repo.countAnswers(at.session, at.step)).toBe(0);
  });

  it('refuses a letter click forged for a numeric question, and field values sent to a button', async () => {
    await startRound();
    const at = numberAction.decode(channel.last().reply.actions![0]![0]!.id)!;
    const letter = await act('ben', answerAction.encode({ ...at, choice: 0 }));
    expect(letter.reply?.title).toBe('Type a number');
    // A submission without fields, and a button with fields, are not what they claim.
    expect((await act('ben', numberInAction.encode(at))).reply?.title).toBe(
      'That button has expired',
    );
    const withFields = await act('ben', numberAction.encode(at), { [NUMBER_FIELD]: '22B' });
    expect(withFields.reply?.title).toBe('That button has expired');
    expect(await engine.repo.countAnswers(at.session, at.step)).toBe(0);
  });
});

describe('numeric questions in solo practice', () => {
  it('reveals at once after the typed number, saying whether it was within the tolerance', async () => {
    const started = await runCommandText(quiz, 'solo source:course count:1', ctx('ada'));
    const id = started.actions![0]![0]!.id;
    expect((await act('ada', id)).modal).toBeDefined();
    expect((await act('ben', id)).reply?.title).toBe('Not your practice round');
    const at = numberAction.decode(id)!;
    const r = await act('ada', numberInAction.encode(at), { [NUMBER_FIELD]: '2.24e10' });
    expect(r.update?.summary).toMatch(within('2.24e10') ? /^✅ Right!/ : /^❌/);
    expect(r.update?.actions![0]![0]!.label).toBe('Finish');
  });
});

describe('generated problems asked as typed numbers', () => {
  it('keeps three figures and 2 % of the generator’s value, unless a wrong choice lies within it', () => {
    const typedKinds = new Set<string>();
    for (const g of GENERATORS) {
      for (let seed = 1; seed <= 150; seed++) {
        const made = g.make(seed);
        const q = typedProblem(made);
        if (!q.numeric) continue;
        typedKinds.add(g.kind);
        const value = Number((made.value as number).toPrecision(3));
        expect(q.numeric).toEqual({
          value,
          tolerance: Number((0.02 * Math.abs(value)).toPrecision(2)),
        });
        expect(q.choices).toEqual([]);
        for (const [i, c] of made.question.choices.entries()) {
          const n = readAnswerNumber(c);
          if (i !== made.question.correct && n !== undefined)
            expect(Math.abs(n - value) > q.numeric.tolerance, `${g.kind}:${seed} ${c}`).toBe(true);
        }
      }
    }
    // Most generators' answers are numbers that can be typed; a verdict is not.
    expect(typedKinds.size).toBeGreaterThanOrEqual(4);
    expect(typedKinds.has('model-ratio')).toBe(false);
  });

  it('/quiz solo source:generated answers:typed: the generator’s own value, typed, is right', async () => {
    const started = await runCommandText(
      quiz,
      'solo source:generated answers:typed count:5',
      ctx('ada'),
    );
    let reply = started;
    let asked = 0;
    for (let idx = 0; idx < 5; idx++) {
      const id = reply.actions![0]![0]!.id;
      const at = numberAction.decode(id);
      if (!at) {
        // Kept as multiple choice (its value is no number, or a wrong choice is too close).
        expect(answerAction.decode(id) ?? soloAnswerAction.decode(id)).toBeDefined();
        break;
      }
      asked++;
      const row = (await engine.repo.getQuestion(at.session, at.step))!;
      const [, kind, seed] = row.question_id.split(':');
      const value = generate(kind!, Number(seed)).value as number;
      const r = await act('ada', numberInAction.encode(at), { [NUMBER_FIELD]: String(value) });
      expect(r.update?.summary, JSON.stringify(r)).toMatch(/^✅ Right!/);
      if (idx === 4) break;
      reply = (await act('ada', r.update!.actions![0]![0]!.id)).update!;
    }
    expect(asked).toBeGreaterThan(0);
  });
});

describe('the tolerance', () => {
  it('counts a typed number exactly at the edge as right, in spite of binary rounding', () => {
    // In hundredths: |196 − 194| = 2 ≤ 2 and |197 − 194| = 3 > 2; in floats 1.96 − 1.94 > 0.02.
    const answer = { value: 1.94, tolerance: 0.02 };
    for (const hundredths of [192, 193, 196, 197, 191])
      expect([hundredths, withinTolerance(answer, hundredths / 100)]).toEqual([
        hundredths,
        Math.abs(hundredths - 194) <= 2,
      ]);
    expect(1.96 - 1.94).toBeGreaterThan(0.02);
  });
});

describe.skipIf(ON_POSTGRES)('migration 70', () => {
  it('adds answers.value to a real SQLite file, kept across a reopen', async () => {
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(70);
    const dir = mkdtempSync(join(tmpdir(), 'numeric-'));
    try {
      const file = join(dir, 'tutor.db');
      const first = await openStore(file);
      const versions = await first.db.selectFrom('schema_migrations').select('version').execute();
      expect(versions.map((v) => Number(v.version))).toContain(70);
      await first.db
        .insertInto('answers')
        .values({
          round_id: 'r',
          idx: 0,
          user_id: 'u',
          user_name: 'U',
          choice: -1,
          correct: 1,
          value: 2.24e10,
          answered_at: 1,
          points: null,
          platform: 'discord',
          server_id: 'g',
          channel_id: 'c',
          topic: 't',
          ranked: 1,
        })
        .execute();
      await first.close();
      const again = await openStore(file);
      const row = await again.db.selectFrom('answers').select('value').executeTakeFirst();
      expect(row?.value).toBe(2.24e10);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
