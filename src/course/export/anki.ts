/**
 * Cards out as Anki "Notes in Plain Text", with the GUID column Anki matches on: a TA edits
 * the deck in Anki, exports it, and the re-import lands on the same items (and schedules).
 * The markup becomes the HTML the importer reads back (html.ts), text escaped.
 */
import { stringify } from 'csv-stringify/sync';
import { parseMarkup, renderMarkup, type MarkupRenderer } from '../../text/markup.js';
import { type CourseItem, type ItemOf } from '../import/item.js';

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');

const HTML: MarkupRenderer = {
  text: escapeHtml,
  code: (t) => `<code>${escapeHtml(t)}</code>`,
  bold: (inner) => `<b>${inner}</b>`,
  italic: (inner) => `<i>${inner}</i>`,
};

export const markupToHtml = (text: string): string => renderMarkup(parseMarkup(text), HTML);

export const ANKI_HEADER = [
  '#separator:tab',
  '#html:true',
  '#guid column:1',
  '#notetype column:2',
  '#deck column:3',
  '#tags column:6',
  '#columns:GUID\tNote type\tDeck\tFront\tBack\tTags',
];

/**
 * The deck's cards as Anki text. Questions are not Anki notes and are left out: the result
 * says how many, so a caller can point to the CSV export for them.
 */
export function exportAnki(
  items: readonly CourseItem[],
  /** For cards with no deck of their own; Anki then asks for one when the column is empty. */
  defaultDeck = '',
): { text: string; cards: number; skippedQuestions: number } {
  const cards = items.filter((i): i is ItemOf<'card'> => i.kind === 'card');
  const rows = cards.map((c) => [
    c.id,
    'Basic',
    c.deck ?? defaultDeck,
    markupToHtml(c.prompt),
    markupToHtml(c.back),
    c.tags.join(' '),
  ]);
  const body = stringify(rows, { delimiter: '\t', record_delimiter: '\n' });
  return {
    text: `${ANKI_HEADER.join('\n')}\n${body}`,
    cards: cards.length,
    skippedQuestions: items.length - cards.length,
  };
}
