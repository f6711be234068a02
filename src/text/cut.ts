/**
 * Cutting text to a platform's limits, once for every platform: never inside a surrogate
 * pair, preferring paragraph, line and word breaks. Each platform names the tails a cut must
 * not leave behind (Discord: a lone escaping backslash; Slack: half an `&amp;` entity).
 */

export interface CutRules {
  /** Remove an unsafe tail left by a cut (return the text unchanged when it is safe). */
  trimUnsafeTail?: (head: string) => string;
}

/** A cut position ≤ max that does not split a surrogate pair. */
export function safeCut(text: string, max: number): number {
  if (max <= 0) return 0;
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

const tidy = (head: string, rules: CutRules): string => rules.trimUnsafeTail?.(head) ?? head;

/**
 * At most `max` UTF-16 units (as Discord and Slack count), ending with an ellipsis when cut,
 * at a line or word break when one is near.
 */
export function truncate(text: string, max: number, rules: CutRules = {}): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let cut = safeCut(text, max - 1);
  const breakAt = Math.max(text.lastIndexOf('\n', cut), text.lastIndexOf(' ', cut));
  if (breakAt > cut * 0.6) cut = breakAt;
  return `${tidy(text.slice(0, cut), rules).trimEnd()}…`;
}

/**
 * Chunks of at most `max` units, cut at paragraph, line or word breaks where possible. Markup
 * spans may be cut; each chunk is still valid text for its platform.
 */
export function splitText(text: string, max: number, rules: CutRules = {}): string[] {
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
    let head = tidy(rest.slice(0, cut), rules);
    if (head.length === 0) head = rest.slice(0, Math.max(1, cut)); // never loop on an empty chunk
    chunks.push(head.trimEnd());
    rest = rest.slice(head.length).replace(/^\s+/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks.filter((c, i) => c.length > 0 || i === 0);
}
