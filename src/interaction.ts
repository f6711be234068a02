/**
 * Who did what, where: the platform-neutral facts of an interaction that the core's channel
 * games (quiz, flashcards) need, and how they post and edit messages. Adapters fill these in;
 * commands/define.ts builds its command context on top.
 */
import type { DeliveryError } from './delivery.js';
import type { Reply } from './reply.js';

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
  /**
   * Replace the content of a message posted earlier. `droppable`: the edit only refreshes a
   * live count, so a rate-limited platform may skip it (the next edit carries the news).
   */
  edit(ref: MessageRef, reply: Reply, options?: EditOptions): Promise<void>;
  /** A link people can click to jump to a posted message, where the platform has one. */
  link?(ref: MessageRef): string | undefined | Promise<string | undefined>;
  /**
   * The sentence that tells a user how to fix a failed delivery on this platform
   * ("run `/invite @Scaling Tutor`"); `genericHint` in src/delivery.ts when absent.
   */
  hint?(error: DeliveryError): string;
}

export interface EditOptions {
  droppable?: boolean;
}

export interface InteractionContext {
  platform: Platform;
  /** Present where the platform can post outside an interaction (all chat adapters; not the CLI). */
  messenger?: Messenger;
  user: { id: string; name: string };
  channel: { id: string };
  server?: { id: string };
  /**
   * May this user moderate the channel (Discord: Manage Messages; Slack: workspace admin), e.g.
   * stop anyone's quiz? Asked lazily, only where the answer matters: on Slack it costs a Web
   * API call, which the adapter caches. Absent means no.
   */
  isModerator?: () => Promise<boolean>;
}

/** A button click, routed back to whoever made the button. */
export interface ActionInteraction extends InteractionContext {
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
