/**
 * A neutral Reply → Slack Block Kit messages, always within Slack's limits: long text is split
 * across blocks, many blocks across messages, and only what still does not fit is trimmed (with
 * a note saying so). Rendering never throws; `checkBlockLimits` is the validator tests use.
 */
import type { types } from '@slack/bolt';
import type { Action, Reply } from '../../reply.js';
import { logger } from '../../logger.js';
import { escapeMrkdwn, defuseMentions, linkifyUrls, toMrkdwn, toPlain, truncate } from './text.js';

type Block = types.KnownBlock;
type Button = types.Button;

/** Slack's published limits, plus one of ours (see MESSAGE_CHARS). */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  elementsPerActions: 25,
  /** The message `text` may be 40k, but it is only the notification fallback: keep it short. */
  messageText: 3000,
  /** Slack rejects messages whose blocks total ~13.2k characters (msg_blocks_too_long) though no
   *  single block is over its limit (bolt-js#2509); stay under that with a margin. */
  messageChars: 12_000,
} as const;

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

/** Characters of text a block carries (what Slack's undocumented per-message total counts). */
function blockChars(block: unknown): number {
  let n = 0;
  const visit = (v: unknown): void => {
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(block);
  return n;
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

// ---------------------------------------------------------------------------------------------
// Validation

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string | undefined =>
  isObj(v) && typeof v.text === 'string' ? v.text : undefined;

function checkText(
  v: unknown,
  max: number,
  where: string,
  problems: string[],
  plain = false,
): void {
  const text = textOf(v);
  if (text === undefined) return void problems.push(`${where}: missing text object`);
  if (plain && isObj(v) && v.type !== 'plain_text') problems.push(`${where}: must be plain_text`);
  if (text.length < 1) problems.push(`${where}: empty text`);
  if (text.length > max) problems.push(`${where}: ${text.length} > ${max} characters`);
}

/** Every limit violation in a message's blocks; an empty list means Slack will accept them. */
export function checkBlockLimits(blocks: readonly unknown[]): string[] {
  const problems: string[] = [];
  if (blocks.length > LIMITS.blocksPerMessage) {
    problems.push(`${blocks.length} blocks > ${LIMITS.blocksPerMessage}`);
  }
  const total = blocks.reduce<number>((n, b) => n + blockChars(b), 0);
  if (total > LIMITS.messageChars)
    problems.push(`${total} characters of blocks > ${LIMITS.messageChars}`);
  blocks.forEach((block, i) => {
    const at = `block ${i}`;
    if (!isObj(block)) return void problems.push(`${at}: not an object`);
    switch (block.type) {
      case 'header':
        checkText(block.text, LIMITS.headerText, `${at} header`, problems, true);
        break;
      case 'section': {
        const fields = block.fields;
        if (block.text === undefined && fields === undefined)
          problems.push(`${at}: section needs text or fields`);
        if (block.text !== undefined)
          checkText(block.text, LIMITS.sectionText, `${at} section`, problems);
        if (fields !== undefined) {
          if (!Array.isArray(fields) || fields.length === 0) problems.push(`${at}: empty fields`);
          else if (fields.length > LIMITS.fieldsPerSection)
            problems.push(`${at}: ${fields.length} fields > 10`);
          if (Array.isArray(fields))
            fields.forEach((f, j) => checkText(f, LIMITS.fieldText, `${at} field ${j}`, problems));
        }
        break;
      }
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length < 1 || elements.length > LIMITS.contextElements) {
          problems.push(`${at}: context has ${elements.length} elements (1–10)`);
        }
        elements.forEach((e: unknown, j) => {
          if (isObj(e) && e.type === 'image') return;
          if (!isObj(e) || typeof e.text !== 'string')
            return void problems.push(`${at} element ${j}: no text`);
          if (e.text.length < 1 || e.text.length > LIMITS.contextText) {
            problems.push(`${at} element ${j}: ${e.text.length} characters (1–3000)`);
          }
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length < 1 || elements.length > LIMITS.elementsPerActions) {
          problems.push(`${at}: actions has ${elements.length} elements (1–25)`);
        }
        const ids = new Set<string>();
        elements.forEach((e: unknown, j) => {
          const where = `${at} element ${j}`;
          if (!isObj(e)) return void problems.push(`${where}: not an object`);
          if (e.type === 'button')
            checkText(e.text, LIMITS.buttonText, `${where} button`, problems, true);
          const id = e.action_id;
          if (typeof id === 'string') {
            if (id.length < 1 || id.length > LIMITS.actionId)
              problems.push(`${where}: action_id ${id.length} > 255`);
            if (ids.has(id)) problems.push(`${where}: duplicate action_id ${id}`);
            ids.add(id);
          }
          if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue) {
            problems.push(`${where}: value ${e.value.length} > 2000`);
          }
          if (typeof e.url === 'string' && e.url.length > 3000)
            problems.push(`${where}: url > 3000`);
        });
        break;
      }
      case 'image':
        if (
          typeof block.alt_text !== 'string' ||
          block.alt_text.length < 1 ||
          block.alt_text.length > 2000
        ) {
          problems.push(`${at}: image alt_text must be 1–2000 characters`);
        }
        break;
      case 'divider':
        break;
      default:
        problems.push(`${at}: unexpected block type ${String(block.type)}`);
    }
  });
  return problems;
}
