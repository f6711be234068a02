// `/quiz source:course` (and `tag:`): the server's own questions through the same round
// engine — two to six choices, answers stored under the course keys that `/course stats`
// reads back as a split per question.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { CourseLibrary } from '../../src/course/library.js';
import { answerAction, decodeQuizClick } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { servicesOf } from '../../src/services.js';
import { openStore, type Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger } from '../quiz/fakes.js';

const quiz = findCommand('quiz')!;
const course = findCommand('course')!;
const csv = readFileSync(new URL('./fixtures/questions.csv', import.meta.url));
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: QuizEngine;
let lib: CourseLibrary;
let ids = 0;

beforeEach(async () => {
  store = await openStore(':memory:');
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  lib = new CourseLibrary(store.db);
  engine = new QuizEngine({
    store,
    messengers: { discord: channel },
    ...clock.deps,
    newRoundId: () => `r${++ids}`,
    newSeed: () => 7 + ids,
  });
  await lib.importFile(
    { platform: 'discord', serverId: 'guild1' },
    { content: csv, name: 'q', by: 'ta' },
  );
});
afterEach(async () => {
  engine?.close();
  await store.close();
});

const services = () => servicesOf({ quiz: engine, course: lib });
const opts = (server = 'guild1') => ({ messenger: channel, services: services(), server });
const run = (user: string, text: string, server?: string) =>
  runCommandText(quiz, text, context(user, opts(server)));

describe('/quiz source:course', () => {
  it('asks only the server’s questions, with a button per choice (one to type a number for numeric ones)', async () => {
    const started = await run('ada', 'source:course count:3 seconds:20');
    expect(started.title).toBe('Quiz started');
    const items = await lib.items({ platform: 'discord', serverId: 'guild1' });
    const asked = channel.last().reply;
    const item = items.find(
      (i) => asked.summary.includes(i.item.prompt) || asked.title.includes(i.item.prompt),
    );
    const prompt = item?.item.prompt ?? JSON.stringify(asked);
    expect(items.map((i) => i.item.prompt)).toContain(prompt);
    expect(item!.item.kind).not.toBe('card');
    const n =
      item!.item.kind === 'choice'
        ? item!.item.choices.length
        : item!.item.kind === 'numeric'
          ? 1
          : 2;
    expect(asked.actions![0]!.length).toBe(n);
  });

  it('tag: narrows to one tag and answers show up in /course stats', async () => {
    const started = await run('ada', 'tag:n-d-c count:1 seconds:20');
    expect(started.title).toBe('Quiz started');
    const asked = channel.last().reply;
    expect(JSON.stringify(asked)).toContain('what does the 6 count');
    const id = asked.actions![0]![0]!.id;
    const at = decodeQuizClick(id)!;
    for (const [user, choice] of [
      ['ben', 0],
      ['chen', 1],
      ['dee', 0],
    ] as const)
      await runAction(
        [quiz],
        click(
          context(user, opts()),
          answerAction.encode({ session: at.session, step: at.step, choice }),
        ),
      );
    await clock.advance(21_000, () => engine.idle());
    const ta = { ...context('tara', opts()), isStaff: () => Promise.resolve(true) };
    const stats = await runCommandText(course, 'stats', ta);
    const row = stats.fields!.find((f) => f.label.includes('what does the 6 count'));
    expect(row?.value).toMatch(/A \d · B \d · C \d/);
    const counts = row!.value.match(/[ABC] (\d)/g)!.map((s) => Number(s.slice(2)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    const results = await runCommandText(course, 'results', ta);
    expect(results.file!.content.split('\n')[0]).toBe(
      'user_id,display_name,questions_answered,correct,points,cards_reviewed',
    );
    expect(results.file!.content).toMatch(/^ben,Ben,1,/m);
    const student = await runCommandText(course, 'stats', context('ben', opts()));
    expect(student.summary).toContain('Only TAs can see course statistics');
  });

  it('a server without course questions gets a clear answer', async () => {
    const reply = await run('ada', 'source:course', 'guild2');
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain('no course questions');
  });
});
