/**
 * The reply model's portable markup (`**bold**`, `_italic_`, `` `code` ``) → Discord markdown.
 * Everything else is escaped, so a user's echoed input ("a*b_c", "# title", "[x](y)") shows
 * as typed instead of being formatted. Mentions are not touched here: every message is sent
 * with `allowedMentions: { parse: [] }`, so `@everyone` or `<@123>` never pings anyone.
 */

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

// One pass over the markup: code spans first (verbatim), then bold, then italic.
const MARKUP =
  /`([^`\n]+)`|\*\*(.+?)\*\*|(?<![\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gsu;

/** Portable markup → Discord markdown, escaping everything that is not markup. */
export function toDiscord(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARKUP)) {
    out += escapeText(text.slice(last, m.index));
    if (m[1] !== undefined) out += `\`${m[1]}\``;
    else if (m[2] !== undefined) out += `**${toDiscord(m[2])}**`;
    else if (m[3] !== undefined) out += `_${toDiscord(m[3])}_`;
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

/** Markup removed, nothing escaped: for places Discord shows as plain text (footers, titles). */
export function toPlain(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/gs, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gsu, '$1');
}

/**
 * Cut text to at most `max` characters (UTF-16 units, as Discord counts), preferring a line
 * or word break and ending with an ellipsis. Never splits a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = safeCut(text, max - 1);
  const breakAt = Math.max(text.lastIndexOf('\n', cut), text.lastIndexOf(' ', cut));
  if (breakAt > cut * 0.6) cut = breakAt;
  return `${dropDanglingEscape(text.slice(0, cut)).trimEnd()}…`;
}

/**
 * Split text into chunks of at most `max` characters, at paragraph, line or word breaks
 * where possible. Code spans and bold runs may be cut; each chunk is still valid text.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = safeCut(rest, max);
    const para = rest.lastIndexOf('\n\n', cut);
    const line = rest.lastIndexOf('\n', cut);
    const word = rest.lastIndexOf(' ', cut);
    if (para > max * 0.5) cut = para;
    else if (line > max * 0.5) cut = line;
    else if (word > max * 0.5) cut = word;
    const head = dropDanglingEscape(rest.slice(0, cut));
    chunks.push(head.trimEnd());
    rest = rest.slice(head.length).replace(/^\s+/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks.filter((c, i) => c.length > 0 || i === 0);
}

/** A cut position ≤ max that does not split a surrogate pair. */
function safeCut(text: string, max: number): number {
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** A lone trailing backslash would escape whatever follows the cut (an ellipsis, a newline). */
function dropDanglingEscape(text: string): string {
  const trailing = /\\+$/.exec(text)?.[0].length ?? 0;
  return trailing % 2 === 1 ? text.slice(0, -1) : text;
}
