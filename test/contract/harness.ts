/**
 * What each adapter's contract test provides: its real adapter driven through its own fake
 * platform (test/fakes/discord, test/fakes/slack, the playground's real HTTP server).
 */
import type { DeliveryFailure } from '../../src/delivery.js';
import type { MessageRef, Messenger } from '../../src/interaction.js';

/** One message as a person sees it. */
export interface Seen {
  /** Everything the message shows (text, embeds, blocks) as one searchable string. */
  text: string;
  /** Shown only to the person who acted (ephemeral, response_url, "Only you can see this"). */
  private: boolean;
  /** The action ids of the buttons on it. */
  buttons: string[];
}

export interface Answer {
  /** The messages the interaction produced for the person who acted, in order. */
  seen: Seen[];
  /** ms from the interaction reaching the adapter to the platform's first acknowledgement. */
  ackMs: number;
}

export interface ContractHarness {
  platform: string;
  messenger: Messenger;
  /** The channel commands run in and messages are posted to. */
  channelId: string;
  /** Run `/probe <what>` as a fresh user; resolves once the answer is in and things settle. */
  probe(what: string): Promise<Answer>;
  /** Click a button on a posted message as a fresh user. */
  click(ref: MessageRef, actionId: string): Promise<Answer>;
  /** A posted message as it shows now. */
  shown(ref: MessageRef): Promise<Seen | undefined>;
  /** The `threadId` of the thread a posted message is in; undefined when in the channel itself. */
  threadOf(ref: MessageRef): Promise<string | undefined>;
  /** Everything another member of the channel can see (public messages). */
  publicText(): Promise<string>;
  /** Problems with everything sent so far, against the platform's limits ([] when fine). */
  limitProblems(): string[];
  /**
   * Make the platform refuse posts and edits in the channel the way it signals `kind`. Only the
   * kinds the platform can produce; the suite runs the rest through `hint` alone. May return
   * the channel to post in instead (a rate limit the adapter remembers would spill over).
   */
  refuse: Partial<Record<DeliveryFailure, () => string | void>>;
  /** A message id the platform does not know (to check editing a deleted message). */
  goneMessage?: () => MessageRef;
  clearRefusals(): void;
  /** What a hint for each kind must mention on this platform (its own remedy). */
  hintMentions: Partial<Record<DeliveryFailure, RegExp>>;
  close(): Promise<void>;
}
