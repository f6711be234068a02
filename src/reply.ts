/**
 * The platform-neutral reply every command returns. Adapters (Discord, Slack, the
 * playground, the CLI) render it within their own limits; nothing here knows a platform.
 *
 * Text fields hold plain text with a small, portable markup that each adapter translates:
 * `**bold**`, `_italic_` and `` `code` ``. Math is written with Unicode (×, ², α, √).
 */
import type { ChartRequest } from './charts/request.js';
import type { Solution } from './worked.js';

export type { Field, Solution, Step } from './worked.js';

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

/** A button. `id` is routed back to the command that made it: `<command>:<rest>`, ≤ 100 chars. */
export interface Action {
  id: string;
  label: string;
  style?: ButtonStyle;
  disabled?: boolean;
}

export type Visibility = 'public' | 'private';

export interface ReplyFile {
  /** A plain file name: letters, digits, `.`, `_`, `-`. */
  name: string;
  content: string;
  /** `text/csv`, `text/plain`… */
  mime: string;
}

/** A worked solution plus what a chat message adds: a chart, buttons, who sees it. */
export interface Reply extends Solution {
  /** A chart to render off the event loop and attach. */
  chart?: ChartRequest;
  /** Rows of buttons. */
  actions?: Action[][];
  /** A text file to attach (a course export, a results CSV); adapters send it as a file. */
  file?: ReplyFile;
  visibility: Visibility;
  /** Escape hatch for the rare reply the neutral model cannot say well. */
  raw?: { discord?: unknown; slack?: unknown };
}

/** A reply that says what was wrong with the input. Always private. */
export function errorReply(title: string, message: string): Reply {
  return { title, summary: message, visibility: 'private', tone: 'error' };
}
