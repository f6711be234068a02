/**
 * What the page receives: a neutral Reply cut down to what it displays, its text already
 * tokenized (text.ts). Machine data, the chart request and platform escape hatches stay on the
 * server. The browser builds every node with DOM APIs from these, so nothing here needs HTML
 * escaping.
 */
import type { Action, Reply, Visibility } from '../../reply.js';
import { toWireText, type WireText } from './text.js';

export interface WireStep {
  title: WireText;
  /** Math, typeset by the page: kept as written. */
  formula?: string;
  substitution?: string;
  result: string;
}

export interface WireField {
  label: WireText;
  value: WireText;
  inline?: boolean;
}

export interface WireReply {
  title: WireText;
  summary: WireText;
  body?: WireText[];
  steps?: WireStep[];
  fields?: WireField[];
  notes?: WireText[];
  citations?: WireText[];
  /** Button labels are plain text on every platform. */
  actions?: Action[][];
  tone: 'answer' | 'error' | 'info';
  /** A file to download (course exports): the page offers it as a link. */
  file?: { name: string; content: string; mime: string };
}

export type WireChart =
  | { state: 'pending' }
  | { state: 'ready'; url: string; alt: string; width: number; height: number };

/** Who caused a message: "Ada used /optimal 6e22", "Ben clicked Answer", "Ben typed 1.955". */
export interface WireContext {
  user: string;
  kind: 'command' | 'click' | 'typed';
  text: string;
}

export interface WireMessage {
  id: string;
  /** ISO time the message was first posted. */
  at: string;
  visibility: Visibility;
  /** The classmate id a private message is for. */
  forUser?: string;
  context?: WireContext;
  /** True while the bot is still working on the answer. */
  thinking?: boolean;
  /** The thread the message was posted in (shown indented, labelled with its name). */
  thread?: { id: string; name: string };
  reply?: WireReply;
  chart?: WireChart;
}

export function toWireReply(reply: Reply): WireReply {
  const out: WireReply = {
    title: toWireText(reply.title),
    summary: toWireText(reply.summary),
    tone: reply.tone ?? 'answer',
  };
  if (reply.body?.length) out.body = reply.body.map((p) => toWireText(p));
  if (reply.steps?.length) {
    out.steps = reply.steps.map(({ title, formula, substitution, result }) => ({
      title: toWireText(title),
      ...(formula !== undefined ? { formula } : {}),
      ...(substitution !== undefined ? { substitution } : {}),
      result,
    }));
  }
  if (reply.fields?.length) {
    out.fields = reply.fields.map((f) => ({
      label: toWireText(f.label),
      value: toWireText(f.value),
      ...(f.inline !== undefined ? { inline: f.inline } : {}),
    }));
  }
  if (reply.notes?.length) out.notes = reply.notes.map((n) => toWireText(n));
  if (reply.citations?.length)
    out.citations = reply.citations.map((c) => toWireText(c, { links: true }));
  if (reply.actions?.length) out.actions = reply.actions;
  if (reply.file) out.file = reply.file;
  return out;
}

/** The page template with its per-process API token filled in (hex, so no escaping needed). */
export function renderPage(template: string, token: string): string {
  return template.replace('%PLAYGROUND_TOKEN%', token);
}
