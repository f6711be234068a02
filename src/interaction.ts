/**
 * Who did what, where: the platform-neutral facts of an interaction that the core's channel
 * games (quiz, flashcards) need, and how they post and edit messages. Adapters fill these in;
 * commands/define.ts builds its command context on top.
 */
import type { DeliveryError } from './delivery.js';
import type { Reply } from './reply.js';

declare const PLATFORM: unique symbol;

/**
 * A platform's name ('discord', 'slack', 'playground'…). Open: a new adapter names itself with
 * `platformName` (which checks the form the store keeps) and edits no union. The brand is
 * optional for now, so contexts and messenger maps written with plain literals still type-check;
 * making it required (drop the `?`) turns every unchecked string into a compile error.
 */
export type Platform = string & { readonly [PLATFORM]?: true };

const PLATFORM_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Brand `name` as a platform's name: lowercase letters, digits and dashes, as in store rows. */
export function platformName(name: string): Platform {
  if (!PLATFORM_NAME.test(name)) {
    throw new Error(
      `A platform name is lowercase letters, digits and dashes (like "discord"); got ${JSON.stringify(name)}.`,
    );
  }
  return name as Platform;
}

/** Where a posted message lives, kept so timers can edit it later (even after a restart). */
export interface MessageRef {
  platform: Platform;
  channelId: string;
  messageId: string;
}

/**
 * A thread a session's later messages go to, started from one of its messages. Discord: a
 * public thread channel (`threadId` is its channel id); Slack: the replies under a message
 * (`threadId` is the parent's ts); the playground groups the messages under a label.
 */
export interface ThreadRef {
  platform: Platform;
  /** The channel the thread was started in. */
  channelId: string;
  threadId: string;
}

export interface PostOptions {
  /** Post inside this thread (from `startThread`) rather than in the channel itself. */
  thread?: ThreadRef;
  /**
   * A thread message that the channel should see too (a round's summary): Slack posts it with
   * `reply_broadcast`; platforms whose threads keep everything inside (Discord) ignore it.
   */
  broadcast?: boolean;
}

export interface EditOptions {
  /**
   * The edit may be dropped rather than waited for under a rate limit (a live "N answered"
   * count: the next edit says more anyway). Undefined: the messenger decides for itself.
   */
  droppable?: boolean;
}

/**
 * Posting and editing channel messages outside the request/response of one command:
 * quiz reveals at a deadline, live answer counts, drill cards. Each adapter provides one.
 */
export interface Messenger {
  /** Post a new public message in a channel, or in a thread of it (`options.thread`). */
  post(channelId: string, reply: Reply, options?: PostOptions): Promise<MessageRef>;
  /**
   * Start a public thread from a message posted earlier, named `name` (at most 100
   * characters are kept). Throws a `DeliveryError` when the platform refuses (Discord: a
   * missing Create Public Threads permission is `missing_permission`); the caller then plays
   * in the channel.
   */
  startThread(from: MessageRef, name: string): Promise<ThreadRef>;
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
  /**
   * Is this user course staff (a TA) here: may they change settings and course content?
   * Discord: Manage Server (or the server's TA role); Slack: a workspace admin (or the
   * server's TA list); the playground: Ada. Lazy like `isModerator`; absent means no.
   */
  isStaff?: () => Promise<boolean>;
  /**
   * Display names for user ids, where the stored name may be a handle (Slack: `users.info`,
   * cached and rate-bounded). Absent: the names stored with answers are shown.
   */
  displayNames?: (userIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}

/** A button click, routed back to whoever made the button. */
export interface ActionInteraction extends InteractionContext {
  /** The full custom id, `<command>:<rest>`. */
  actionId: string;
  /** The platform's id of the message the button was on. */
  messageId?: string;
  /**
   * A modal's submission (`ActionResult.modal`): its text fields by field id, as typed. Only
   * actions declared `submission` receive them (src/actions.ts); the runtime checks both ways.
   */
  fields?: Readonly<Record<string, string>>;
}

/** One single-line text field of a modal. */
export interface ModalField {
  /** Letters, digits, `_` and `-`; the key of the value in `ActionInteraction.fields`. */
  id: string;
  /** ≤ 45 characters (Discord's limit). */
  label: string;
  placeholder?: string;
}

/**
 * A small form the adapter opens for the clicker (a Discord or Slack modal, the playground's
 * in-page form). Its submission comes back through the runtime as the action `id`, with the
 * typed values in `fields`. Only a click whose action is declared `opensModal` may return one.
 */
export interface ModalRequest {
  /** The submission's action id (declared with `submission: true`), ≤ 100 characters. */
  id: string;
  /** ≤ 24 characters (Slack's limit). */
  title: string;
  fields: ModalField[];
}

export interface ActionResult {
  /** Replace the message the button was on. */
  update?: Reply;
  /** Answer the clicker (usually privately). */
  reply?: Reply;
  /** Open this modal for the clicker (nothing else in the result is used). */
  modal?: ModalRequest;
  /**
   * A modal submission was refused: a short message per field id, shown on the open modal
   * where the platform can (Slack); `reply` says the same in full elsewhere.
   */
  errors?: Record<string, string>;
}
