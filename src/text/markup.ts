/**
 * The reply model's portable markup — `**bold**`, `_italic_` and `` `code` `` — read once,
 * here, into a small tree that each platform renders with its own escaping. Code spans are
 * verbatim; an underscore inside a word (`tokens_per_param`) is never italic.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'bold'; children: Inline[] }
  | { kind: 'italic'; children: Inline[] };

// Code spans first (verbatim), then bold, then italic delimited by non-word characters.
const MARKUP =
  /`([^`\n]+)`|\*\*(.+?)\*\*|(?<![\p{L}\p{N}_\\])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gsu;

/** Portable markup → a tree of inline nodes. Never throws; unmatched markers stay text. */
export function parseMarkup(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const pushText = (s: string) => {
    if (s) out.push({ kind: 'text', text: s });
  };
  for (const m of text.matchAll(MARKUP)) {
    pushText(text.slice(last, m.index));
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'bold', children: parseMarkup(m[2]) });
    else if (m[3] !== undefined) out.push({ kind: 'italic', children: parseMarkup(m[3]) });
    last = m.index + m[0].length;
  }
  pushText(text.slice(last));
  return out;
}

/** How one platform writes each kind of node; `text` escapes whatever is not markup. */
export interface MarkupRenderer {
  text(text: string): string;
  code(text: string): string;
  bold(inner: string): string;
  italic(inner: string): string;
}

export function renderMarkup(input: string | Inline[], renderer: MarkupRenderer): string {
  const nodes = typeof input === 'string' ? parseMarkup(input) : input;
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return renderer.text(node.text);
        case 'code':
          return renderer.code(node.text);
        case 'bold':
          return renderer.bold(renderMarkup(node.children, renderer));
        case 'italic':
          return renderer.italic(renderMarkup(node.children, renderer));
      }
    })
    .join('');
}

/** Every marker removed, text as written: titles, buttons, headers, alt text. */
export const PLAIN: MarkupRenderer = {
  text: (t) => t,
  code: (t) => t,
  bold: (inner) => inner,
  italic: (inner) => inner,
};

export const stripAllMarkup = (text: string): string => renderMarkup(text, PLAIN);
