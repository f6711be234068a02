// Course content in the database: import, export, re-import — the same rows, the same keys,
// and members' schedules and answers still attached (real SQLite file).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CourseLibrary, deckNameFrom } from '../../src/course/library.js';
import { courseItemKey, openStore, type Store } from '../../src/store/index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const here = { platform: 'discord', serverId: 'g1' };

let dir: string;
let store: Store;
let lib: CourseLibrary;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'course-lib-'));
  store = await openStore(join(dir, 'bot.sqlite'));
  lib = new CourseLibrary(store.db);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const schedule = (cardId: string, due: number) => ({
  platform: 'discord',
  user_id: 'u1',
  card_id: cardId,
  due,
  stability: 3.2,
  difficulty: 5.1,
  elapsed_days: 1,
  scheduled_days: 3,
  learning_steps: 0,
  reps: 2,
  lapses: 0,
  state: 2,
  last_review: 1,
  updated_at: 1,
});

describe('course library', () => {
  it('imports a deck named after its file, lists it, and keeps servers apart', async () => {
    const out = await lib.importFile(here, {
      content: fixture('practice-cards.txt'),
      filename: 'Practice Cards.txt',
      by: 'ta',
    });
    expect(out).toMatchObject({ ok: true, deck: 'practice-cards', format: 'anki', questions: 0 });
    expect(out.ok && out.change.added).toBe(out.ok ? out.cards : -1);
    const decks = await lib.decks(here);
    expect(decks.map((d) => [d.name, d.cards])).toEqual([['practice-cards', out.ok && out.cards]]);
    expect(await lib.decks({ platform: 'discord', serverId: 'g2' })).toEqual([]);
    expect(await lib.decks({ platform: 'slack', serverId: 'g1' })).toEqual([]);
  });

  it('export → re-import updates in place: same keys, schedules and answers kept', async () => {
    await lib.importFile(here, { content: fixture('practice-cards.txt'), name: 'cards', by: 'ta' });
    const before = await lib.items(here, { deck: 'cards' });
    const first = before[0]!;
    expect(first.key).toBe(courseItemKey('g1', first.item.id));
    await store.db.insertInto('flashcard_states').values(schedule(first.key, 12345)).execute();

    const exported = await lib.exportDeck(here, 'anki', 'cards');
    expect(exported.text).toContain('#guid column:1');
    // The TA edits one back in Anki and re-imports.
    const edited = exported.text.replace(/\tA <b>power law<\/b>/, '\tA <b>power law</b> (edited)');
    expect(edited).not.toBe(exported.text);
    const again = await lib.importFile(here, { content: edited, name: 'cards', by: 'ta' });
    expect(again).toMatchObject({ ok: true, change: { added: 0, removed: 0 } });
    expect(again.ok && again.change.updated).toBe(before.length);

    const after = await lib.items(here, { deck: 'cards' });
    expect(after.map((a) => a.key)).toEqual(before.map((b) => b.key));
    expect(after[0]!.item.kind === 'card' && after[0]!.item.back).toMatch(/\(edited\)/);
    const kept = await store.db.selectFrom('flashcard_states').selectAll().execute();
    expect(kept).toEqual([schedule(first.key, 12345)]);
  });

  it('CSV questions round-trip through the database unchanged', async () => {
    await lib.importFile(here, { content: fixture('questions.csv'), filename: 'q.csv', by: 'ta' });
    const before = await lib.items(here);
    const csv = await lib.exportDeck(here, 'csv', 'q');
    await lib.importFile(here, { content: csv.text, filename: 'q.csv', by: 'ta' });
    expect(await lib.items(here)).toEqual(before);
  });

  it('is all or nothing: a file with one bad line changes nothing', async () => {
    await lib.importFile(here, { content: fixture('questions.csv'), name: 'q', by: 'ta' });
    const before = await lib.items(here);
    const broken = `${fixture('questions.csv').toString()}bad,choice,"Which?",a|b,z,,,,,\n`;
    const out = await lib.importFile(here, { content: broken, name: 'q', by: 'ta' });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.problems[0]!.line).toBeGreaterThan(1);
    expect(await lib.items(here)).toEqual(before);
  });

  it('drops items the new file no longer has, and remove deletes the deck', async () => {
    const text = fixture('questions.csv').toString();
    await lib.importFile(here, { content: text, name: 'q', by: 'ta' });
    const lines = text.trimEnd().split('\n');
    // The last item (a card) spans two lines.
    const shorter = `${lines.slice(0, -2).join('\n')}\n`;
    const out = await lib.importFile(here, { content: shorter, name: 'q', by: 'ta' });
    expect(out).toMatchObject({ ok: true, change: { removed: 1, added: 0 } });
    expect(await lib.removeDeck(here, 'q')).toBe(true);
    expect(await lib.removeDeck(here, 'q')).toBe(false);
    expect(await lib.items(here)).toEqual([]);
    expect(await lib.decks(here)).toEqual([]);
  });

  it('refuses binary text and bad deck names with a fix', async () => {
    const bin = await lib.importFile(here, { content: 'id,\uFFFD\u0001', name: 'x', by: 'ta' });
    expect(!bin.ok && bin.problems[0]!.message).toMatch(/not a text file/);
    const bad = await lib.importFile(here, { content: 'x', name: 'Week 3!', by: 'ta' });
    expect(!bad.ok && bad.problems[0]!.message).toMatch(/lower-case.*e\.g\. week-3/);
    expect(deckNameFrom('Week 3 — Scaling.csv')).toBe('week-3-scaling');
  });
});
