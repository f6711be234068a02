/**
 * What the page receives: a neutral Reply cut down to what it displays. Machine data, the
 * chart request and platform escape hatches stay on the server. The browser builds every
 * node with DOM APIs from these strings, so nothing here needs HTML escaping.
 */
import type { Action, Field, Reply, Step, Visibility } from '../../reply.js';

export interface WireReply {
  title: string;
  summary: string;
  body?: string[];
  steps?: Step[];
  fields?: Field[];
  notes?: string[];
  citations?: string[];
  actions?: Action[][];
  tone: 'answer' | 'error' | 'info';
}

export type WireChart =
  | { state: 'pending' }
  | { state: 'ready'; url: string; alt: string; width: number; height: number };

/** Who caused a message: "Ada used /optimal 6e22", "Ben clicked Answer". */
export interface WireContext {
  user: string;
  kind: 'command' | 'click';
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
  reply?: WireReply;
  chart?: WireChart;
}

export function toWireReply(reply: Reply): WireReply {
  const out: WireReply = {
    title: reply.title,
    summary: reply.summary,
    tone: reply.tone ?? 'answer',
  };
  if (reply.body?.length) out.body = reply.body;
  if (reply.steps?.length) out.steps = reply.steps;
  if (reply.fields?.length) out.fields = reply.fields;
  if (reply.notes?.length) out.notes = reply.notes;
  if (reply.citations?.length) out.citations = reply.citations;
  if (reply.actions?.length) out.actions = reply.actions;
  return out;
}

/** The page template with its per-process API token filled in (hex, so no escaping needed). */
export function renderPage(template: string, token: string): string {
  return template.replace('%PLAYGROUND_TOKEN%', token);
}
