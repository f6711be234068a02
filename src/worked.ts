/**
 * A worked solution, the scaling core's answer: formula → substitution → result with its
 * assumptions and sources. It imports nothing, so the math core depends on nothing but
 * itself and this; the Reply (src/reply.ts) extends it with what a chat message adds.
 *
 * Text holds the portable markup `**bold**`, `_italic_` and `` `code` `` (src/text/markup.ts).
 */

/** One step of a worked solution: formula → substitution → result, with units. */
export interface Step {
  title: string;
  formula?: string;
  substitution?: string;
  result: string;
}

/** A short labelled value (embed fields on Discord, a fields section on Slack). */
export interface Field {
  label: string;
  value: string;
  inline?: boolean;
}

export interface Solution {
  title: string;
  /** One line: the answer in brief. */
  summary: string;
  /** Paragraphs of explanation. */
  body?: string[];
  /** The worked solution. */
  steps?: Step[];
  fields?: Field[];
  /** Assumptions and warnings (extrapolation, unit caveats). */
  notes?: string[];
  /** Sources, one per line. */
  citations?: string[];
  tone?: 'answer' | 'error' | 'info';
  /** Machine-readable result (the CLI's --json). */
  data?: unknown;
}
