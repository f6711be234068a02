/**
 * The neutral reply markup (`**bold**`, `_italic_`, `` `code` ``) → Slack mrkdwn, made safe to
 * echo: Slack reads `<…>` as mentions and links (`<!channel>`, `<@U123>`, `<https://x|y>`), so
 * `&`, `<` and `>` are always escaped, and bare `@channel`/`@here`/`@everyone` get an invisible word
 * joiner (U+2060) so no client or `link_names` setting can turn a user's text into a mass ping.
 */

const WORD_JOINER = '\u2060';

/** Escape the three characters Slack's message formatting treats as control characters. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `@channel` → `@⁠channel` (looks the same, never notifies). */
export const defuseMentions = (text: string): string =>
  text.replace(/@(channel|here|everyone)\b/gi, `@${WORD_JOINER}$1`);

/** Neutral markup → escaped Slack mrkdwn. */
export function toMrkdwn(text: string): string {
  const safe = defuseMentions(escapeMrkdwn(text));
  // Code spans first, so `**` inside code stays literal.
  return safe
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\*\*(.+?)\*\*/g, '*$1*')))
    .join('');
}

/** Neutral markup → plain text for `plain_text` objects (headers, buttons), which Slack shows literally. */
export const toPlain = (text: string): string =>
  defuseMentions(text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`\n]+)`/g, '$1'));

/** Make bare URLs in our own citations clickable (inputs are escaped first, so this adds the only `<…>`). */
export const linkifyUrls = (mrkdwn: string): string =>
  mrkdwn.replace(/\bhttps?:\/\/[^\s<>|]+[^\s<>|.,;:)'"]/g, (url) => `<${url}>`);

/** Trim to `max` characters with an ellipsis, never splitting a surrogate pair or an `&amp;` entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}
