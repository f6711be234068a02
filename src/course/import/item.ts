/**
 * The one model every course file becomes: questions (choice, true/false, numeric) and
 * flashcards, validated with zod whatever format they came from, so the quiz and flashcards
 * read a single shape. Text fields hold the reply's portable markup (src/text/markup.ts).
 */
import { z } from 'zod';

export const ITEM_KINDS = ['choice', 'truefalse', 'numeric', 'card'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_DIFFICULTIES = ['easy', 'medium', 'hard'] as const;

export const MAX_CHOICES = 6;
/** A true/false question's choices, in this order: its answer index 0 is True. */
export const TRUE_FALSE = ['True', 'False'] as const;

// No control characters other than newline and tab: ids end up in custom ids and CSV cells.
const noControl = (s: string) =>
  ![...s].some((c) => (c < ' ' && c !== '\n' && c !== '\t') || c === '\u007f');
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(max, `is longer than ${max} characters`)
    .refine(noControl, 'contains control characters');

const base = {
  /** The file's id or Anki GUID; stable across export and re-import (schedules key on it). */
  id: z
    .string()
    .min(1, 'is empty')
    .max(100, 'is longer than 100 characters')
    .refine((s) => noControl(s) && !/[\s]/.test(s), 'must be one word without spaces'),
  prompt: text(1000),
  explanation: text(2000).optional(),
  /** Topic and Anki tags, lower-case words; `/quiz topic:` and `/flashcards tag:` match on them. */
  tags: z
    .array(
      z
        .string()
        .min(1)
        .max(60)
        .regex(/^[^\s,]+$/, 'must be one word'),
    )
    .max(20, 'more than 20 tags'),
  difficulty: z.enum(ITEM_DIFFICULTIES).optional(),
  source: text(300).optional(),
  deck: text(100).optional(),
};

const choices = z
  .array(text(300))
  .min(2, 'needs at least 2 choices')
  .max(MAX_CHOICES, `has more than ${MAX_CHOICES} choices`);

export const courseItemSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('choice'), choices, answer: z.number().int().min(0) }),
  z.object({
    ...base,
    kind: z.literal('truefalse'),
    /** 0 = True, 1 = False (TRUE_FALSE). */
    answer: z.union([z.literal(0), z.literal(1)]),
  }),
  z.object({
    ...base,
    kind: z.literal('numeric'),
    value: z.number().finite(),
    /** Absolute: any typed number within value ± tolerance is right. */
    tolerance: z.number().finite().min(0),
  }),
  z.object({ ...base, kind: z.literal('card'), back: text(2000) }),
]);

export type CourseItem = z.infer<typeof courseItemSchema>;
export type ItemOf<K extends ItemKind> = Extract<CourseItem, { kind: K }>;
export const isQuestion = (item: CourseItem): boolean => item.kind !== 'card';

/** Lower-case words: "Compute optimal" → "compute-optimal", so tags compare alike. */
export const normaliseTag = (tag: string): string =>
  tag
    .trim()
    .toLowerCase()
    .replace(/[\s,]+/g, '-');
