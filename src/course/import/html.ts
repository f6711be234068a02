/**
 * Anki (and GIFT `[html]`) fields → the reply's portable markup. Only what the markup can say
 * survives: bold, italic, code, line breaks, list items, and a link's text with its http(s)
 * address. Scripts, styles, event handlers, images and any other tag are dropped, so nothing
 * a file carries reaches a chat as live HTML. Mentions stay the plain text they were.
 */
import { Parser } from 'htmlparser2';

const BOLD = new Set(['b', 'strong']);
const ITALIC = new Set(['i', 'em']);
const CODE = new Set(['code', 'kbd', 'samp', 'tt']);
/** Whose content is never text: dropped with everything inside. */
const DROP = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'svg',
  'math',
  'head',
  'title',
]);
const BLOCK = new Set([
  'p',
  'div',
  'li',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'table',
]);

export function htmlToMarkup(html: string): string {
  let out = '';
  let dropDepth = 0;
  const links: (string | undefined)[] = [];
  const marks: { tag: string; at: number; marker: string }[] = [];
  const markerOf = (name: string) =>
    BOLD.has(name) ? '**' : ITALIC.has(name) ? '_' : CODE.has(name) ? '`' : undefined;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (dropDepth > 0 || DROP.has(name)) {
          if (DROP.has(name)) dropDepth++;
          return;
        }
        if (name === 'br') out += '\n';
        else if (BLOCK.has(name)) out += out && !out.endsWith('\n') ? '\n' : '';
        if (name === 'li') out += '- ';
        const marker = markerOf(name);
        if (marker) {
          marks.push({ tag: name, at: out.length, marker });
          out += marker;
        }
        if (name === 'a') {
          const href = (attrs.href ?? '').trim();
          // Only web addresses are kept: javascript:, data: and the rest are dropped.
          links.push(/^https?:\/\//i.test(href) ? href : undefined);
        }
      },
      ontext(text) {
        if (dropDepth === 0) out += text.replace(/\u00a0/g, ' ');
      },
      onclosetag(name) {
        if (DROP.has(name)) {
          dropDepth = Math.max(0, dropDepth - 1);
          return;
        }
        if (dropDepth > 0) return;
        const mark = markerOf(name) ? marks.pop() : undefined;
        if (mark) {
          // An empty <b></b> leaves nothing, rather than a stray `****`.
          const inner = out.slice(mark.at + mark.marker.length);
          if (inner === '') out = out.slice(0, mark.at);
          else out += mark.marker;
        }
        if (name === 'a') {
          const href = links.pop();
          if (href) out += ` (${href})`;
        }
        if (BLOCK.has(name) && !out.endsWith('\n')) out += '\n';
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  // `<!channel>` typed raw is a Slack mention, not a bogus comment: keep it as text.
  parser.write(html.replace(/<!(?!--|doctype|\[cdata)/gi, '&lt;!'));
  parser.end();
  return tidy(out);
}

/** Trailing spaces and runs of blank lines are what dropped tags leave behind. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
