/**
 * The flashcard deck: JSON files in ./deck, one per course topic, validated with zod on
 * load. Like the quiz bank, the files are data (teachers add cards without touching code),
 * and every number a card states carries a check that the test suite runs against the
 * scaling core (the course's checks: src/course/checks.ts).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { claimProblems } from '../content/claims.js';
import { loadJsonDir } from '../content/json-dir.js';
import { checkSchema } from '../course/checks.js';
import { TOPIC_IDS, TOPICS, type Topic } from '../course/topics.js';

/** Tags are the course's topics, so `/flashcards tag:` and `/quiz topic:` speak alike. */
export const TAGS = TOPIC_IDS;
export type Tag = Topic;
export const tagName = (tag: string): string => TOPICS[tag as Topic] ?? tag;

export const cardSchema = z
  .object({
    /** Stable forever: schedules are keyed by it. Rename a card's text, never its id. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .max(40),
    front: z.string().min(10).max(300),
    back: z.string().min(20).max(700),
    tags: z.array(z.enum(TAGS)).min(1).max(3),
    source: z.string().min(3).max(200),
    /** Core computations behind every number the card states. */
    checks: z.array(checkSchema).optional(),
  })
  .strict()
  // Every claim rests on a cited section (src/content/claims.ts), checked as the file loads.
  .superRefine((c, ctx) => {
    for (const message of claimProblems(`${c.front}\n${c.back}`, c.source)) {
      ctx.addIssue({ code: 'custom', path: ['source'], message });
    }
  });

export type Card = z.infer<typeof cardSchema>;

export const DECK_DIR = fileURLToPath(new URL('./deck/', import.meta.url));

export class DeckError extends Error {
  override readonly name = 'DeckError';
}

/** Read and validate every deck file; throws DeckError naming the file and the card. */
export function loadDeckFrom(dir: string): Card[] {
  return loadJsonDir(dir, cardSchema, (m) => new DeckError(m), 'card');
}

let cached: { cards: Card[]; byId: Map<string, Card> } | undefined;

/** The deck, loaded once, in course order (files sorted, cards in file order). */
export function loadDeck(): Card[] {
  cached ??= (() => {
    const cards = loadDeckFrom(DECK_DIR);
    return { cards, byId: new Map(cards.map((c) => [c.id, c])) };
  })();
  return cached.cards;
}

export function findCard(id: string): Card | undefined {
  loadDeck();
  return cached!.byId.get(id);
}
