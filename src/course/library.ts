/**
 * A server's course library: what TAs import, list, remove and export, over the store's
 * CourseRepo. Pure of any platform: the commands and the CLI call it with a server and text.
 * An import is all or nothing (the file is validated whole before any row is written, and
 * the rows are written in one transaction); a re-import of the same ids updates in place.
 */
import { exportAnki } from './export/anki.js';
import { exportCourseCsv, exportResultsCsv } from './export/csv.js';
import { importCourse, type CourseFormat } from './import/index.js';
import { courseItemSchema, type CourseItem } from './import/item.js';
import { formatProblem, MAX_BYTES, problem, type Problem } from './import/problems.js';
import {
  CourseRepo,
  courseItemKey,
  type CourseDeckRow,
  type Period,
  type ReplaceResult,
  type Where,
} from '../store/course-repo.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export type { Where } from '../store/course-repo.js';

/** Deck names are what `/flashcards deck:` completes: lower-case words, dashes and dots. */
export const DECK_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;

/** "Week 3 — Scaling.csv" → "week-3-scaling". */
export function deckNameFrom(text: string): string {
  const base = text.replace(/\.[a-z0-9]{1,5}$/i, '');
  const slug = base
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 40)
    .replace(/[-._]+$/, '');
  return slug || 'course';
}

export interface ImportRequest {
  /** The file's content: bytes as uploaded, or text. */
  content: Uint8Array | string;
  filename?: string;
  /** The deck's name; default: from the file name. */
  name?: string;
  format?: CourseFormat | 'auto';
  by: string;
  now?: number;
}

export type ImportOutcome =
  | {
      ok: true;
      deck: string;
      format: CourseFormat;
      questions: number;
      cards: number;
      change: ReplaceResult;
    }
  | { ok: false; problems: Problem[] };

export class CourseLibrary {
  readonly repo: CourseRepo;
  constructor(db: Kysely<Database>) {
    this.repo = new CourseRepo(db);
  }

  async importFile(where: Where, req: ImportRequest): Promise<ImportOutcome> {
    const name = req.name === undefined ? deckNameFrom(req.filename ?? 'course') : req.name;
    if (!DECK_NAME.test(name))
      return {
        ok: false,
        problems: [
          problem(
            0,
            `the deck name '${name.slice(0, 60)}' must be lower-case letters, digits, . _ or - (up to 40), e.g. week-3`,
          ),
        ],
      };
    const content = req.content;
    // Text that arrived decoded (a chat upload) still has to have been UTF-8.
    if (typeof content === 'string' && content.includes('\uFFFD'))
      return {
        ok: false,
        problems: [
          problem(
            0,
            'this is not a text file (binary or not UTF-8); save it as CSV, TSV, Anki "Notes in Plain Text" or GIFT in UTF-8',
          ),
        ],
      };
    const read = importCourse(content, { format: req.format, filename: req.filename });
    if (read.problems.length) return { ok: false, problems: read.problems };
    if (!read.format || read.items.length === 0)
      return { ok: false, problems: [problem(0, 'the file holds no questions or cards')] };
    const now = req.now ?? Date.now();
    const questions = read.items.filter((i) => i.kind !== 'card').length;
    const cards = read.items.length - questions;
    const change = await this.repo.replaceDeck(
      where,
      { name, format: read.format, questions, cards, imported_by: req.by, imported_at: now },
      read.items.map((item, position) => ({
        item_id: item.id,
        kind: item.kind,
        tags: ` ${item.tags.join(' ')} `,
        position,
        payload: JSON.stringify(item),
        updated_at: now,
      })),
    );
    return { ok: true, deck: name, format: read.format, questions, cards, change };
  }

  decks(where: Where): Promise<CourseDeckRow[]> {
    return this.repo.decks(where);
  }

  removeDeck(where: Where, name: string): Promise<boolean> {
    return this.repo.removeDeck(where, name);
  }

  /** The items of one deck (or all), parsed back into the model, with their store keys. */
  async items(
    where: Where,
    filter: { deck?: string; tag?: string } = {},
  ): Promise<{ key: string; deck: string; item: CourseItem }[]> {
    const rows = await this.repo.items(where, filter);
    return rows.map((r) => ({
      key: courseItemKey(where.serverId, r.item_id),
      deck: r.deck,
      item: courseItemSchema.parse(JSON.parse(r.payload)),
    }));
  }

  /** Every tag of the server's items, for completion. */
  async tags(where: Where): Promise<string[]> {
    const set = new Set<string>();
    for (const r of await this.repo.items(where))
      for (const t of r.tags.trim().split(' ')) if (t) set.add(t);
    return [...set].sort();
  }

  /** A deck (or all) as Anki text or course CSV; the items keep their ids (and GUIDs). */
  async exportDeck(
    where: Where,
    format: 'anki' | 'csv',
    deck?: string,
  ): Promise<{ text: string; items: number; skipped: number }> {
    const rows = await this.items(where, deck === undefined ? {} : { deck });
    const items = rows.map((r) => r.item);
    if (format === 'csv') return { text: exportCourseCsv(items), items: items.length, skipped: 0 };
    // Anki wants a deck per note: the card's own, else the deck it was imported into.
    const out = exportAnki(
      rows.map((r) => ({ ...r.item, deck: r.item.deck ?? r.deck })),
      deck ?? '',
    );
    return { text: out.text, items: out.cards, skipped: out.skippedQuestions };
  }

  /** Members' results as the gradebook CSV. */
  async resultsCsv(where: Where, period: Period = {}): Promise<{ text: string; members: number }> {
    const rows = await this.repo.results(where, period);
    return {
      text: exportResultsCsv(
        rows.map((r) => ({
          userId: r.userId,
          displayName: r.userName,
          questionsAnswered: r.answered,
          correct: r.correct,
          points: r.points,
          cardsReviewed: r.reviewed,
        })),
      ),
      members: rows.length,
    };
  }
}

/** Problems as lines a TA reads: at most `max`, then how many more. */
export function problemLines(problems: readonly Problem[], max = 10): string[] {
  const lines = problems.slice(0, max).map(formatProblem);
  if (problems.length > max) lines.push(`… and ${problems.length - max} more`);
  return lines;
}

export { MAX_BYTES };
