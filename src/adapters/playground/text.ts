/**
 * The portable markup → the page's nodes. The server tokenizes every text field with the one
 * tokenizer (src/text/markup.ts), so the browser only turns nodes into elements and never
 * parses markup itself. Citations also get their arXiv ids as link nodes, with the address built
 * here from the digits alone. Formulas, substitutions and results stay strings: they are math,
 * which the page typesets (`N_opt` is a subscript there, not italics).
 */
import { parseMarkup, type Inline } from '../../text/markup.js';

export type WireNode =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'bold'; children: WireNode[] }
  | { kind: 'italic'; children: WireNode[] };

/** A text field as the page receives it. */
export type WireText = WireNode[];

const ARXIV = /arXiv:(\d{4}\.\d{4,5})/g;

function linkArxiv(text: string): WireNode[] {
  const out: WireNode[] = [];
  let last = 0;
  for (const m of text.matchAll(ARXIV)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push({ kind: 'link', text: m[0], href: `https://arxiv.org/abs/${m[1]}` });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function toNodes(nodes: Inline[], links: boolean): WireNode[] {
  return nodes.flatMap((node): WireNode[] => {
    switch (node.kind) {
      case 'text':
        return links ? linkArxiv(node.text) : [node];
      case 'code':
        return [node];
      case 'bold':
      case 'italic':
        return [{ kind: node.kind, children: toNodes(node.children, links) }];
    }
  });
}

/** One text field → nodes; `links` turns arXiv ids into links (citations). */
export const toWireText = (text: string, options: { links?: boolean } = {}): WireText =>
  toNodes(parseMarkup(text), options.links ?? false);

/** The nodes' text without markup (tests, logs). */
export const wirePlain = (nodes: WireText): string =>
  nodes.map((n) => ('children' in n ? wirePlain(n.children) : n.text)).join('');
