/**
 * Slack's Block Kit limits, how much text a block carries, and `checkBlockLimits`, the
 * validator that says whether Slack will accept a message's blocks (render.ts keeps to it;
 * raw blocks a reply brings and the tests are checked by it).
 */

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

/** Characters of text a block carries (what Slack's undocumented per-message total counts). */
export function blockChars(block: unknown): number {
  let n = 0;
  const visit = (v: unknown): void => {
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(block);
  return n;
}

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
