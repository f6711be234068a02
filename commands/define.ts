/**
 * The shape of a command module. One declaration per command; the Discord registration,
 * the Slack manifest, the CLI's arguments, /help and the playground's completion are all
 * generated from it.
 */
import type { z } from 'zod';
import type { ActionInteraction, ActionResult, InteractionContext } from '../src/interaction.js';
import type { AnyAction } from '../src/actions.js';
import type { Reply, Visibility } from '../src/reply.js';
import type { Services } from '../src/services.js';

export type { ActionResult, MessageRef, Messenger, Platform } from '../src/interaction.js';

export interface CommandContext extends InteractionContext {
  /** Every registered command, for /help. */
  commands: readonly AnyCommand[];
  /** The store-backed services (quiz, flashcards) main.ts built; absent where there are none. */
  services?: Services;
  /** The file an `attachment()` option's text came from (its name, for format detection). */
  upload?: { name: string };
  /**
   * How a member sends a file to `command` on this platform ("attach it as the file option of
   * /fit"), from the adapter: commands ask for a file without knowing where they run.
   */
  uploadHint?: (command: string) => string;
}

/** A button click routed back to the command that made the button. */
export interface ActionContext extends CommandContext, ActionInteraction {}

/** Where completion is asked: enough to find a server's own names (course decks, tags). */
export interface SuggestContext {
  platform: string;
  server?: { id: string };
  services?: Services;
}

export interface Suggestion {
  name: string;
  value: string;
}

export interface AnswerPolicy {
  visibility: Visibility;
  /** The answer renders a chart: adapters defer at once, then edit in the answer. */
  chart: boolean;
  /** Played in a chat channel with other people (quiz, drills): not offered on the CLI. */
  channelGame?: boolean;
  /**
   * At most `uses` runs per user in any `perSeconds` window, on every platform alike (the
   * command runtime enforces it). Commands that draw charts declare one.
   */
  cooldown?: CooldownRule;
}

export interface CooldownRule {
  uses: number;
  perSeconds: number;
  /** Commands naming the same bucket share one budget; the name is shown ("chart commands"). */
  bucket?: string;
}

/** Charts are the expensive answers: one budget for every command that draws one. */
export const CHART_COOLDOWN: CooldownRule = { uses: 5, perSeconds: 30, bucket: 'chart commands' };

export interface Command<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** ≤ 100 characters (Discord's limit). */
  description: string;
  options: S;
  /** How free text (Slack, CLI, playground) maps onto options, in order. */
  positional: readonly (keyof z.infer<S> & string)[];
  /** Full invocations that work, shown in help and error messages. */
  examples: readonly string[];
  policy: AnswerPolicy;
  /** On the CLI, a first argument naming a file fills this option with the file's text. */
  fileOption?: keyof z.infer<S> & string;
  run(options: z.infer<S>, ctx: CommandContext): Reply | Promise<Reply>;
  /**
   * Every button this command (or the game engine it runs) puts on a message, declared once
   * with `defineAction` (src/actions.ts): ids are built and read only through these, and
   * adapters read each action's policy (store before ack, moderators) from here.
   */
  actions?: readonly AnyAction[];
  onAction?(ctx: ActionContext): ActionResult | Promise<ActionResult>;
  /**
   * Suggestions while typing an option (Discord autocomplete, playground completion). A
   * suggester that needs the server (its course decks) reads `ctx` and may be async; the
   * playground's static completion lists only what a suggester returns at once.
   */
  suggest?: Partial<
    Record<
      keyof z.infer<S> & string,
      (partial: string, ctx?: SuggestContext) => Suggestion[] | Promise<Suggestion[]>
    >
  >;
}

// The registry holds commands of different option shapes; this is the erased type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

export function defineCommand<S extends z.ZodObject>(command: Command<S>): Command<S> {
  return command;
}
