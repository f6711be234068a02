/**
 * Why posting or editing a message failed, in terms every platform shares. Messengers throw a
 * `DeliveryError` of one of these kinds; the core decides what to do (stop a round, retry a
 * reveal, drop a live count) from the kind alone, and asks the platform's messenger for the
 * sentence that tells the user what to fix (`/invite @Scaling Tutor` on Slack, a channel
 * permission on Discord) — so no adapter rewrites a command's reply, and no command knows a
 * platform's remedy.
 */

export type DeliveryFailure =
  /** The bot is not in the conversation (Slack: not_in_channel; Discord: no access). */
  | 'not_in_channel'
  /** It is there but may not do this (a missing permission or scope, an archived channel). */
  | 'missing_permission'
  /** The platform is limiting us; `retryAfterMs` says for how long when known. */
  | 'rate_limited'
  /** The message to edit no longer exists. */
  | 'message_gone'
  /** The platform did not answer in time (the call may still have landed). */
  | 'timeout'
  /** The platform failed (HTTP 5xx, internal_error) or the network did. */
  | 'platform_error';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly kind: DeliveryFailure,
    /** For the logs: the platform's own code or status (`not_in_channel`, `HTTP 500`). */
    readonly detail: string,
    options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(`${kind}: ${detail}`, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}

export const isDeliveryError = (error: unknown): error is DeliveryError =>
  error instanceof DeliveryError;

/** What a user is told when a failure has no platform-specific remedy. */
export function genericHint(error: DeliveryError): string {
  switch (error.kind) {
    case 'not_in_channel':
      return 'I am not in this conversation. Add me to it, then try again.';
    case 'missing_permission':
      return `I am not allowed to do that here (${error.detail}). Check my permissions in this channel.`;
    case 'rate_limited':
      return error.retryAfterMs !== undefined
        ? `The platform is rate limiting me; try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`
        : 'The platform is rate limiting me; try again in a moment.';
    case 'message_gone':
      return 'That message was deleted.';
    case 'timeout':
      return 'The platform did not answer in time. Try again in a moment.';
    case 'platform_error':
      return `The platform had an error (${error.detail}). Try again in a moment.`;
  }
}
