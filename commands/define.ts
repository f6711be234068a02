/**
 * The shape of a command module. One declaration per command; the Discord registration,
 * the Slack manifest, the CLI's arguments, /help and the playground's completion are all
 * generated from it.
 */
import type { z } from 'zod';
import type { Reply, Visibility } from '../src/reply.js';

export type Platform = 'discord' | 'slack' | 'playground' | 'cli' | 'chat';

/** Where a posted message lives, kept so timers can edit it later (even after a restart). */
export interface MessageRef {
  platform: Platform;
  channelId: string;
  messageId: string;
}

/**
 * Posting and editing channel messages outside the request/response of one command:
 * quiz reveals at a deadline, live answer counts, drill cards. Each adapter provides one.
 */
export interface Messenger {
  /** Post a new public message in a channel. */
  post(channelId: string, reply: Reply): Promise<MessageRef>;
  /** Replace the content of a message posted earlier. */
  edit(ref: MessageRef, reply: Reply): Promise<void>;
  /** A link people can click to jump to a posted message, where the platform has one. */
  link?(ref: MessageRef): string | undefined | Promise<string | undefined>;
}

export interface CommandContext {
  platform: Platform;
  /** Present where the platform can post outside an interaction (all chat adapters; not the CLI). */
  messenger?: Messenger;
  user: { id: string; name: string };
  channel: { id: string };
  server?: { id: string };
  /** May moderate the channel (Discord: Manage Messages; Slack: workspace admin), e.g. stop anyone's quiz. */
  isModerator?: boolean;
  now: Date;
  /** Every registered command, for /help. */
  commands: readonly AnyCommand[];
}

/** A button click routed back to the command that made the button. */
export interface ActionContext extends CommandContext {
  /** The full custom id, `<command>:<rest>`. */
  actionId: string;
  /** The platform's id of the message the button was on. */
  messageId?: string;
}

export interface ActionResult {
  /** Replace the message the button was on. */
  update?: Reply;
  /** Answer the clicker (usually privately). */
  reply?: Reply;
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
}

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
  run(options: z.infer<S>, ctx: CommandContext): Reply | Promise<Reply>;
  onAction?(ctx: ActionContext): ActionResult | Promise<ActionResult>;
  /** Suggestions while typing an option (Discord autocomplete, playground completion). */
  suggest?: Partial<Record<keyof z.infer<S> & string, (partial: string) => Suggestion[]>>;
}

// The registry holds commands of different option shapes; this is the erased type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

export function defineCommand<S extends z.ZodObject>(command: Command<S>): Command<S> {
  return command;
}
