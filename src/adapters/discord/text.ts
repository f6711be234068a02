/**
 * The reply model's portable markup (`**bold**`, `_italic_`, `` `code` ``) → Discord markdown.
 * Everything else is escaped, so a user's echoed input ("a*b_c", "# title", "[x](y)") shows
 * as typed instead of being formatted. Mentions are not touched here: every message is sent
 * with `allowedMentions: { parse: [] }`, so `@everyone` or `<@123>` never pings anyone.
 */
import { splitText as cutSplit, truncate as cutTruncate, type CutRules } from '../../text/cut.js';
import { renderMarkup, stripAllMarkup, type MarkupRenderer } from '../../text/markup.js';

// Punctuation Discord's markdown reacts to anywhere in a line (`<` starts mentions,
// channel links and timestamps; `[` masked links).
const INLINE_SPECIALS = /[\\*_~`|[\]<]/g;
// Markup that only matters at the start of a line: headings, quotes, lists, subtext.
const LINE_START = /^(\s*)(#{1,3} |-# |>>> |> |[-*+] |\d+\. )/;

/** Escape text so Discord shows it literally. */
export function escapeText(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = LINE_START.exec(line);
      const escaped = line.replace(INLINE_SPECIALS, (c) => `\\${c}`);
      if (!m) return escaped;
      // Headings, quotes and lists: escape the punctuation that makes them markup.
      const lead = m[1] ?? '';
      const rest = escaped.slice(lead.length);
      if (/^\d/.test(rest)) return lead + rest.replace('.', '\\.');
      return rest.startsWith('\\') ? lead + rest : `${lead}\\${rest}`;
    })
    .join('\n');
}

const DISCORD: MarkupRenderer = {
  text: escapeText,
  code: (t) => `\`${t}\``,
  bold: (inner) => `**${inner}**`,
  italic: (inner) => `_${inner}_`,
};

/** Portable markup → Discord markdown, escaping everything that is not markup. */
export const toDiscord = (text: string): string => renderMarkup(text, DISCORD);

/** Markup removed, nothing escaped: for places Discord shows as plain text (footers, titles). */
export const toPlain = stripAllMarkup;

/** A lone trailing backslash would escape whatever follows the cut (an ellipsis, a newline). */
function dropDanglingEscape(text: string): string {
  const trailing = /\\+$/.exec(text)?.[0].length ?? 0;
  return trailing % 2 === 1 ? text.slice(0, -1) : text;
}

const RULES: CutRules = { trimUnsafeTail: dropDanglingEscape };

/** Cut to `max` UTF-16 units (as Discord counts) with an ellipsis; see src/text/cut.ts. */
export const truncate = (text: string, max: number): string => cutTruncate(text, max, RULES);

/** Split into chunks of at most `max` units at paragraph, line or word breaks. */
export const splitText = (text: string, max: number): string[] => cutSplit(text, max, RULES);
