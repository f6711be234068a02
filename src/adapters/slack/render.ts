/**
 * A neutral Reply → Slack Block Kit messages, always within Slack's limits (limits.ts): long
 * text is split across blocks, many blocks across messages, and only what still does not fit is
 * trimmed (with a note saying so). Rendering never throws.
 */
import type { types } from '@slack/bolt';
import type { Action, Reply } from '../../reply.js';
import { logger } from '../../logger.js';
import { blockChars, checkBlockLimits, LIMITS } from './limits.js';
import { escapeMrkdwn, defuseMentions, linkifyUrls, toMrkdwn, toPlain, truncate } from './text.js';

type Block = types.KnownBlock;
type Button = types.Button;

/** A reply becomes at most this many messages; beyond it, the tail is trimmed with a note. */
const DEFAULT_MAX_MESSAGES = 4;

export interface SlackMessage {
  /** Notification / accessibility fallback (mrkdwn). */
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** A short line under the header, e.g. who asked what (plain text; escaped here). */
  context?: string;
  /** Extra notes after the reply's own (invite hints, a chart's description). Neutral markup. */
  extraNotes?: string[];
  /** Cap on messages (1 for chat.update, which replaces exactly one message). */
  maxMessages?: number;
}

const mrkdwn = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });

/** Split mrkdwn into pieces ≤ max, preferring line then word boundaries. */
export function chunkText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) {
      cut = max;
      // Never split a surrogate pair or an escaped entity (&amp; &lt; &gt;).
      if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? '')) cut -= 1;
      const amp = rest.lastIndexOf('&', cut - 1);
      if (amp > 0 && amp > cut - 5 && !rest.slice(amp, cut).includes(';')) cut = amp;
    }
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.trim() !== '') out.push(rest);
  return out.filter((p) => p.trim() !== '');
}

const sections = (text: string): Block[] =>
  chunkText(text, LIMITS.sectionText).map((t) => ({ type: 'section', text: mrkdwn(t) }));

/** Context blocks of ≤ 10 elements, each ≤ 3000 characters. */
function contexts(items: string[]): Block[] {
  const elements = items.flatMap((t) => chunkText(t, LIMITS.contextText)).map(mrkdwn);
  const out: Block[] = [];
  for (let i = 0; i < elements.length; i += LIMITS.contextElements) {
    out.push({ type: 'context', elements: elements.slice(i, i + LIMITS.contextElements) });
  }
  return out;
}

/** Inline code for formulas: underscores and asterisks in `N_opt`, `6·N·D` stay literal. */
const code = (text: string): string =>
  `\`${defuseMentions(escapeMrkdwn(text.replace(/`/g, "'")))}\``;

function stepBlocks(reply: Reply): Block[] {
  return (reply.steps ?? []).flatMap((step, i) => {
    const lines = [`*${i + 1}. ${toMrkdwn(step.title)}*`];
    if (step.formula) lines.push(code(step.formula));
    if (step.substitution) lines.push(code(step.substitution));
    lines.push(`→ *${toMrkdwn(step.result)}*`);
    return sections(lines.join('\n'));
  });
}

function fieldBlocks(reply: Reply): Block[] {
  const out: Block[] = [];
  let row: types.MrkdwnElement[] = [];
  const flush = () => {
    if (row.length > 0) out.push({ type: 'section', fields: row });
    row = [];
  };
  for (const field of reply.fields ?? []) {
    const text = `*${toMrkdwn(field.label)}*\n${toMrkdwn(field.value)}`;
    if (text.length > LIMITS.fieldText) {
      // Too long for a field: give it a section of its own rather than cut it.
      flush();
      out.push(...sections(text));
      continue;
    }
    row.push(mrkdwn(text));
    if (row.length === LIMITS.fieldsPerSection) flush();
  }
  flush();
  return out;
}

const BUTTON_STYLE: Partial<Record<NonNullable<Action['style']>, Button['style']>> = {
  primary: 'primary',
  success: 'primary',
  danger: 'danger',
};

/** Buttons, ≤ 25 per actions block. Slack has no disabled button: those become a context line. */
function actionBlocks(reply: Reply): Block[] {
  const out: Block[] = [];
  for (const row of reply.actions ?? []) {
    const seen = new Set<string>();
    const buttons: Button[] = [];
    for (const action of row.filter((a) => !a.disabled)) {
      if (action.id.length > LIMITS.actionId || seen.has(action.id)) {
        logger.warn({ actionId: action.id.slice(0, 300) }, 'slack: dropped a button with a bad id');
        continue;
      }
      seen.add(action.id);
      const button: Button = {
        type: 'button',
        action_id: action.id,
        text: {
          type: 'plain_text',
          text: truncate(toPlain(action.label), LIMITS.buttonText) || '·',
          emoji: true,
        },
      };
      const style = action.style ? BUTTON_STYLE[action.style] : undefined;
      if (style) button.style = style;
      buttons.push(button);
    }
    for (let i = 0; i < buttons.length; i += LIMITS.elementsPerActions) {
      out.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.elementsPerActions) });
    }
    const disabled = row.filter((a) => a.disabled).map((a) => toMrkdwn(a.label));
    if (disabled.length > 0) out.push(...contexts([disabled.join('  ·  ')]));
  }
  return out;
}

/** The reply's content as one flat list of blocks, in reading order (actions separate). */
function contentBlocks(reply: Reply, options: RenderOptions): Block[] {
  const blocks: Block[] = [];
  const title = toPlain(`${reply.tone === 'error' ? '⚠️ ' : ''}${reply.title}`).trim();
  if (title) {
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: truncate(title, LIMITS.headerText), emoji: true },
    });
  }
  if (options.context) blocks.push(...contexts([escapeMrkdwn(defuseMentions(options.context))]));
  if (reply.summary.trim()) blocks.push(...sections(toMrkdwn(reply.summary)));
  for (const paragraph of reply.body ?? []) blocks.push(...sections(toMrkdwn(paragraph)));
  blocks.push(...stepBlocks(reply), ...fieldBlocks(reply));
  const notes = [...(reply.notes ?? []), ...(options.extraNotes ?? [])].map(toMrkdwn);
  if (notes.length > 0) blocks.push(...contexts(notes));
  const citations = (reply.citations ?? []).map((c) => linkifyUrls(toMrkdwn(c)));
  if (citations.length > 0) {
    blocks.push(...contexts(citations.map((c, i) => (i === 0 ? `*Sources* · ${c}` : c))));
  }
  return blocks;
}

/** Pack blocks into pages of ≤ 50 blocks and ≤ messageChars characters. */
function paginate(blocks: Block[]): Block[][] {
  const pages: Block[][] = [];
  let page: Block[] = [];
  let chars = 0;
  for (const block of blocks) {
    const size = blockChars(block);
    if (
      page.length > 0 &&
      (page.length >= LIMITS.blocksPerMessage || chars + size > LIMITS.messageChars)
    ) {
      pages.push(page);
      page = [];
      chars = 0;
    }
    page.push(block);
    chars += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

const fits = (page: Block[], extra: Block[]): boolean =>
  page.length + extra.length <= LIMITS.blocksPerMessage &&
  [...page, ...extra].reduce((n, b) => n + blockChars(b), 0) <= LIMITS.messageChars;

const trimmedNote = (count: number): Block => ({
  type: 'context',
  elements: [
    mrkdwn(`_…${count} more block${count === 1 ? '' : 's'} trimmed to fit Slack's limits._`),
  ],
});

/** Use `reply.raw.slack` (`{ text?, blocks }`) as-is when it is present and valid. */
function rawMessage(reply: Reply): SlackMessage | undefined {
  const raw = reply.raw?.slack as { text?: unknown; blocks?: unknown } | undefined;
  if (!raw || !Array.isArray(raw.blocks)) return undefined;
  const problems = checkBlockLimits(raw.blocks);
  if (problems.length > 0) {
    logger.warn({ problems }, 'slack: raw blocks out of limits; rendering the neutral reply');
    return undefined;
  }
  const text =
    typeof raw.text === 'string' ? raw.text : toMrkdwn(`${reply.title}: ${reply.summary}`);
  return { text: truncate(text, LIMITS.messageText), blocks: raw.blocks as Block[] };
}

export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  const raw = rawMessage(reply);
  if (raw) return [raw];
  const max = Math.max(1, options.maxMessages ?? DEFAULT_MAX_MESSAGES);
  // Buttons do things, so they win over text: keep as many rows as fit on one message.
  const actions = actionBlocks(reply);
  while (actions.length > 0 && !fits([trimmedNote(9999)], actions)) {
    actions.pop();
    logger.warn('slack: dropped a row of buttons that did not fit');
  }
  let pages = paginate(contentBlocks(reply, options));
  if (pages.length === 0) pages = [[]];
  let dropped = 0;
  if (pages.length > max) {
    dropped = pages.slice(max).reduce((n, p) => n + p.length, 0);
    pages = pages.slice(0, max);
  }
  // Buttons go on the last message, or on one of their own if there is room for one more.
  if (actions.length > 0 && dropped === 0 && pages.length < max && !fits(pages.at(-1)!, actions))
    pages.push([]);
  const last = pages.at(-1)!;
  const tail = () => [...(dropped > 0 ? [trimmedNote(dropped)] : []), ...actions];
  while (last.length > 0 && !fits(last, tail())) {
    last.pop();
    dropped += 1;
  }
  last.push(...tail());
  const headline = toMrkdwn(`${reply.title}: ${reply.summary}`);
  return pages.map((blocks, i) => ({
    text:
      truncate(i === 0 ? headline : `${toMrkdwn(reply.title)} (continued)`, LIMITS.messageText) ||
      '…',
    blocks,
  }));
}

/** Plain text of a reply for surfaces without blocks (logs, a last-resort fallback). */
export function renderText(reply: Reply, extraNotes: string[] = []): string {
  const lines = [`*${toMrkdwn(reply.title)}*`, toMrkdwn(reply.summary)];
  for (const p of reply.body ?? []) lines.push(toMrkdwn(p));
  (reply.steps ?? []).forEach((s, i) =>
    lines.push(`${i + 1}. ${toMrkdwn(s.title)} → ${toMrkdwn(s.result)}`),
  );
  for (const f of reply.fields ?? []) lines.push(`• ${toMrkdwn(f.label)}: ${toMrkdwn(f.value)}`);
  for (const n of [...(reply.notes ?? []), ...extraNotes]) lines.push(`_${toMrkdwn(n)}_`);
  return truncate(lines.join('\n'), LIMITS.messageChars);
}
