/**
 * The neutral reply markup (`**bold**`, `_italic_`, `` `code` ``) → Slack mrkdwn, made safe to
 * echo: Slack reads `<…>` as mentions and links (`<!channel>`, `<@U123>`, `<https://x|y>`), so
 * `&`, `<` and `>` are always escaped, and bare `@channel`/`@here`/`@everyone` get an invisible word
 * joiner (U+2060) so no client or `link_names` setting can turn a user's text into a mass ping.
 */
import { truncate as cutTruncate } from '../../text/cut.js';
import { renderMarkup, type MarkupRenderer } from '../../text/markup.js';

const WORD_JOINER = '\u2060';

/** Escape the three characters Slack's message formatting treats as control characters. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `@channel` → `@⁠channel` (looks the same, never notifies). */
export const defuseMentions = (text: string): string =>
  text.replace(/@(channel|here|everyone)\b/gi, `@${WORD_JOINER}$1`);

const safeText = (text: string): string => defuseMentions(escapeMrkdwn(text));

const MRKDWN: MarkupRenderer = {
  text: safeText,
  code: (t) => `\`${safeText(t)}\``,
  bold: (inner) => `*${inner}*`,
  italic: (inner) => `_${inner}_`,
};

const PLAIN_TEXT: MarkupRenderer = {
  text: defuseMentions,
  code: defuseMentions,
  bold: (inner) => inner,
  italic: (inner) => inner,
};

/** Neutral markup → escaped Slack mrkdwn. */
export const toMrkdwn = (text: string): string => renderMarkup(text, MRKDWN);

/** Neutral markup → plain text for `plain_text` objects (headers, buttons), which Slack shows literally. */
export const toPlain = (text: string): string => renderMarkup(text, PLAIN_TEXT);

/** Make bare URLs in our own citations clickable (inputs are escaped first, so this adds the only `<…>`). */
export const linkifyUrls = (mrkdwn: string): string =>
  mrkdwn.replace(/\bhttps?:\/\/[^\s<>|]+[^\s<>|.,;:)'"]/g, (url) => `<${url}>`);

/** Half an entity (`&am`) left by a cut would show as garbage: drop it. */
const dropPartialEntity = (head: string): string => head.replace(/&[a-z]{0,4}$/, '');

/** Trim to `max` characters with an ellipsis, never splitting a surrogate pair or an `&amp;` entity. */
export const truncate = (text: string, max: number): string =>
  cutTruncate(text, max, { trimUnsafeTail: dropPartialEntity });
