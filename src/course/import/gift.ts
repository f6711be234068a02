/**
 * Moodle GIFT, read with gift-pegjs, one blank-line-separated question at a time so every
 * problem carries the line it starts on. Supported: multiple choice with one right answer,
 * true/false and numeric (`{#22.4:0.5}`, `{#22..23}`, the first fully-right of several).
 * `::name::`, `// [id:…]` and `// [tag:…]` comments, feedback (`#…`, `####…`) and
 * `$CATEGORY:` (the deck) are read; other question types are reported, not guessed at.
 */
import { parse, type GIFTQuestion, type NumericalFormat, type TextFormat } from 'gift-pegjs';
import { htmlToMarkup } from './html.js';
import { normaliseTag } from './item.js';
import {
  contentId,
  problem,
  shown,
  type Draft,
  type Problem,
  type ReaderResult,
} from './problems.js';

const EXAMPLE = 'e.g. ::rule:: Tokens per parameter at the Chinchilla optimum? {=20 ~6 ~1}';
const UNSUPPORTED: Record<string, string> = {
  Short: 'short-answer',
  Essay: 'essay',
  Matching: 'matching',
  Description: 'description (text without answers)',
};

const textOf = (t: TextFormat | null | undefined): string => {
  if (!t) return '';
  return t.format === 'html' || t.format === 'moodle' ? htmlToMarkup(t.text) : t.text.trim();
};

/** Blocks of lines split at blank lines, each with the line its first text is on. */
function blocks(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let current: string[] = [];
  let start = 0;
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === '') {
      if (current.length) out.push({ line: start, text: current.join('\n') });
      current = [];
      return;
    }
    if (!current.length) start = i + 1;
    current.push(lineText);
  });
  if (current.length) out.push({ line: start, text: current.join('\n') });
  return out;
}

export function readGift(text: string): ReaderResult {
  const drafts: Draft[] = [];
  const problems: Problem[] = [];
  let deck: string | undefined;
  for (const block of blocks(text.replace(/^\uFEFF/, ''))) {
    let questions: GIFTQuestion[];
    try {
      questions = parse(`${block.text}\n`);
    } catch (error) {
      const e = error as {
        location?: { start: { line: number; column: number } };
        found?: string | null;
      };
      const at = e.location?.start;
      // An error at the very end (an unclosed brace) is on the block's last line.
      const last = block.text.split('\n').length - 1;
      const line = block.line + Math.min(at ? at.line - 1 : 0, last);
      const found = e.found == null ? 'the end of the question' : shown(e.found);
      problems.push(
        problem(
          line,
          `cannot read this GIFT question at column ${at?.column ?? 1} (found ${found}); check its braces and escape = ~ # { } : with a backslash, ${EXAMPLE}`,
        ),
      );
      continue;
    }
    // The question's own line, past any leading `//` comment lines.
    const lead = block.text.split('\n').findIndex((l) => !l.trim().startsWith('//'));
    const line = block.line + Math.max(0, lead);
    for (const q of questions) {
      if (q.type === 'Category') {
        deck = q.title.trim() || undefined;
        continue;
      }
      const result = toItem(q, deck);
      if (typeof result === 'string') problems.push(problem(line, result));
      else drafts.push({ line, item: result });
    }
  }
  return { drafts, problems };
}

function toItem(q: GIFTQuestion, deck: string | undefined): Record<string, unknown> | string {
  if (q.type !== 'MC' && q.type !== 'TF' && q.type !== 'Numerical')
    return `${UNSUPPORTED[q.type] ?? q.type} questions are not supported; use multiple choice, true/false or numeric, ${EXAMPLE}`;
  const prompt = textOf(q.stem);
  const base: Record<string, unknown> = {
    id: q.id?.trim() || (q.title ? slug(q.title) : '') || contentId('gift', prompt),
    prompt,
    tags: [...new Set((q.tags ?? []).map(normaliseTag))],
    ...(deck && { deck }),
  };
  const general = textOf(q.globalFeedback);
  const withExplanation = (item: Record<string, unknown>, feedback: string) => {
    const explanation = general || feedback;
    return explanation ? { ...item, explanation } : item;
  };
  if (q.type === 'TF') {
    const feedback = textOf(q.isTrue ? q.trueFeedback : q.falseFeedback);
    return withExplanation({ ...base, kind: 'truefalse', answer: q.isTrue ? 0 : 1 }, feedback);
  }
  if (q.type === 'MC') {
    const right = q.choices.filter((c) => c.isCorrect && (c.weight === null || c.weight === 100));
    if (
      right.length !== 1 ||
      q.choices.some((c) => c.weight !== null && c.weight !== 100 && c.weight !== 0)
    )
      return `a multiple-choice question needs exactly one right answer (=) and no partial credit (~%50%); found ${right.length} right`;
    const answer = q.choices.indexOf(right[0]!);
    return withExplanation(
      { ...base, kind: 'choice', choices: q.choices.map((c) => textOf(c.text)), answer },
      textOf(right[0]!.feedback),
    );
  }
  // Numerical: one format, or a list of answers of which the first fully right one counts.
  const list = Array.isArray(q.choices)
    ? q.choices
    : [{ isCorrect: true, weight: null, text: q.choices, feedback: null }];
  const right = list.find((c) => c.isCorrect && (c.weight === null || c.weight === 100));
  if (!right) return 'a numeric question needs a right answer, e.g. {#22.4:0.5} or {#22..23}';
  const range = numericRange(right.text);
  if (!range)
    return `numeric answer ${shown(JSON.stringify(right.text))} is not a number with a tolerance`;
  return withExplanation({ ...base, kind: 'numeric', ...range }, textOf(right.feedback));
}

/** Moodle's three numeric forms as value ± tolerance. */
function numericRange(n: NumericalFormat): { value: number; tolerance: number } | undefined {
  if (n.type === 'high-low' && n.numberHigh !== undefined && n.numberLow !== undefined) {
    const [lo, hi] = [Math.min(n.numberLow, n.numberHigh), Math.max(n.numberLow, n.numberHigh)];
    // Rounded to 12 significant digits so 1.9..2.0 reads back as 1.95 ± 0.05, not 0.04999….
    return { value: round((lo + hi) / 2), tolerance: round((hi - lo) / 2) };
  }
  if (n.number === undefined) return undefined;
  return { value: n.number, tolerance: Math.abs(n.range ?? 0) };
}

const round = (x: number) => Number(x.toPrecision(12));
const slug = (title: string) =>
  title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
