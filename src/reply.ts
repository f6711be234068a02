/**
 * The platform-neutral reply every command returns. Adapters (Discord, Slack, the
 * playground, the CLI) render it within their own limits; nothing here knows a platform.
 *
 * Text fields hold plain text with a small, portable markup that each adapter translates:
 * `**bold**`, `_italic_` and `` `code` ``. Math is written with Unicode (×, ², α, √).
 */
import type { ChartRequest } from './charts/request.js';

/** One step of a worked solution: formula → substitution → result, with units. */
export interface Step {
  title: string;
  formula?: string;
  substitution?: string;
  result: string;
}

/** A short labelled value (shown as embed fields on Discord, a fields section on Slack). */
export interface Field {
  label: string;
  value: string;
  inline?: boolean;
}

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

/** A button. `id` is routed back to the command that made it: `<command>:<rest>`, ≤ 100 chars. */
export interface Action {
  id: string;
  label: string;
  style?: ButtonStyle;
  disabled?: boolean;
}

export type Visibility = 'public' | 'private';

export interface Reply {
  /** Shown as the embed title / Block Kit header. */
  title: string;
  /** One line: the answer in brief; also the text fallback for notifications and charts. */
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
  /** A chart to render off the event loop and attach. */
  chart?: ChartRequest;
  /** Rows of buttons. */
  actions?: Action[][];
  visibility: Visibility;
  /** `error` replies are shown privately with a distinct style. */
  tone?: 'answer' | 'error' | 'info';
  /** Machine-readable result (the CLI's --json). */
  data?: unknown;
  /** Escape hatch for the rare reply the neutral model cannot say well. */
  raw?: { discord?: unknown; slack?: unknown };
}

/** A reply that says what was wrong with the input. Always private. */
export function errorReply(title: string, message: string): Reply {
  return { title, summary: message, visibility: 'private', tone: 'error' };
}
