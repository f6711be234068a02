// `/flashcards deck:<name>`: a drill of a server's course cards, graded into the members' own
// FSRS schedules under the cards' course keys — which a re-import of the file keeps — and
// the deck names offered while typing.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import { CourseLibrary } from '../../src/course/library.js';
import { gradeAction, revealAction } from '../../src/flashcards/actions.js';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { servicesOf } from '../../src/services.js';
import { courseItemKey, openStore, type Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger } from '../quiz/fakes.js';

const flashcards = findCommand('flashcards')!;
const cardsFile = readFileSync(new URL('./fixtures/practice-cards.txt', import.meta.url));
let store: Store;
let clock: FakeClock;
let channel: MemoryMessenger;
let engine: FlashcardEngine;
let lib: CourseLibrary;

beforeEach(async () => {
  store = await openStore(':memory:');
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  lib = new CourseLibrary(store.db);
  engine = new FlashcardEngine({
    store,
    messengers: { discord: channel },
    ...clock.deps,
    newDrillId: () => 'd1',
  });
  await lib.importFile(
    { platform: 'discord', serverId: 'guild1' },
    { content: cardsFile, name: 'practice', by: 'ta' },
  );
});
afterEach(async () => {
  engine?.close();
  await store.close();
});

const services = () => servicesOf({ flashcards: engine, course: lib });
const run = (user: string, text: string, server = 'guild1') =>
  runCommandText(
    flashcards,
    text,
    context(user, { messenger: channel, services: services(), server }),
  );
const press = (user: string, id: string) =>
  runAction([flashcards], click(context(user, { messenger: channel, services: services() }), id));

describe('/flashcards deck:', () => {
  it('drills the course deck and grades land on the course keys, kept by a re-import', async () => {
    const started = await run('ada', 'deck:practice count:1 seconds:20');
    expect(started.title).toBe('Flashcard drill started');
    const items = await lib.items({ platform: 'discord', serverId: 'guild1' });
    const fronts = items.map((i) => i.item.prompt);
    expect(fronts).toContain(channel.posts[0]!.reply.summary);
    await press('ada', revealAction.encode({ session: 'd1', step: 0 }));
    await press('ben', gradeAction.encode({ session: 'd1', step: 0, grade: 'good' }));
    const states = await store.db.selectFrom('flashcard_states').selectAll().execute();
    expect(states).toHaveLength(1);
    expect(states[0]!.card_id.startsWith(courseItemKey('guild1', ''))).toBe(true);
    const key = states[0]!.card_id;
    // The TA re-imports the same file: the card keeps its key and Ben his schedule.
    await lib.importFile(
      { platform: 'discord', serverId: 'guild1' },
      { content: cardsFile, name: 'practice', by: 'ta' },
    );
    expect(
      (await lib.items({ platform: 'discord', serverId: 'guild1' })).map((i) => i.key),
    ).toContain(key);
    expect(await store.db.selectFrom('flashcard_states').selectAll().execute()).toEqual(states);
  });

  it('another server has no such deck', async () => {
    const reply = await run('ada', 'deck:practice', 'guild2');
    expect(reply.tone).toBe('error');
    expect(reply.summary).toContain('no course deck `practice`');
  });

  it('deck names complete from the server', async () => {
    const suggest = flashcards.suggest!.deck!;
    expect(
      await suggest('pra', { platform: 'discord', server: { id: 'guild1' }, services: services() }),
    ).toEqual([{ name: 'practice', value: 'practice' }]);
    expect(
      await suggest('', { platform: 'discord', server: { id: 'guild2' }, services: services() }),
    ).toEqual([]);
  });
});
