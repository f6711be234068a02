/**
 * The Web API client every Slack post, edit and upload goes through. Two changes from the stock
 * WebClient:
 *   - Rate limits are kept per method, and per channel for chat.* (how Slack applies them). The
 *     stock client pauses its whole queue on one 429, so one channel's limited live count held
 *     every other channel's questions for the Retry-After. Here the client is built with
 *     `rejectRateLimitedCalls`, and only calls with the same key wait: `apiCall` waits out the
 *     key's Retry-After and tries again (a few times); `tryApiCall` gives up at once instead,
 *     for edits that a later one makes moot (live counts).
 *   - Every HTTP attempt has a timeout, and a timed-out call is not retried (it may have
 *     landed; and the person waiting should hear now, not after three timeouts).
 */
import { webApi } from '@slack/bolt';
import { logger } from '../../logger.js';

type WebClientOptions = NonNullable<ConstructorParameters<typeof webApi.WebClient>[1]>;
type CallResult = Awaited<ReturnType<webApi.WebClient['apiCall']>>;

/** Per attempt. Slack answers in well under a second; 10 s means it is not coming. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** A Retry-After longer than this is not waited out: the caller hears "rate limited" instead. */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** How many 429s one call waits out before giving up. */
const RATE_LIMIT_RETRIES = 3;

/** Thrown without calling Slack: the key is limited now and the call said not to wait. */
export class RateLimitedNow extends Error {
  readonly code = webApi.ErrorCode.RateLimitedError;
  constructor(
    readonly key: string,
    /** Seconds until the limit lifts. */
    readonly retryAfter: number,
  ) {
    super(`${key} is rate limited for another ${retryAfter} s`);
  }
}

/** The rate-limit key: the method, plus the channel for chat.* calls. */
export function limitKey(method: string, options?: Record<string, unknown>): string {
  const channel = options?.channel;
  return method.startsWith('chat.') && typeof channel === 'string'
    ? `${method}:${channel}`
    : method;
}

/** Did the HTTP attempt time out (AbortSignal.timeout inside the client)? */
export function isTimeout(error: unknown): boolean {
  const original = (error as { original?: { name?: string } } | undefined)?.original;
  return original?.name === 'TimeoutError' || original?.name === 'AbortError';
}

export const rateLimitedFor = (error: unknown): number | undefined => {
  const e = error as { code?: string; retryAfter?: number } | undefined;
  return e?.code === webApi.ErrorCode.RateLimitedError ? (e.retryAfter ?? 1) : undefined;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SlackClientOptions extends WebClientOptions {
  timeout?: number;
}

/** WebClient options that keep rate limits per key and never retry a timed-out attempt. */
export function slackClientOptions(options: SlackClientOptions): WebClientOptions {
  const retryConfig = options.retryConfig ?? { retries: 0 };
  return {
    ...options,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    rejectRateLimitedCalls: true,
    // p-retry (which the client hands this to) stops retrying when onFailedAttempt throws;
    // the client's RetryOptions type just does not list it.
    retryConfig: {
      ...retryConfig,
      onFailedAttempt: (error: unknown) => {
        if (isTimeout(error)) throw error;
      },
    } as WebClientOptions['retryConfig'],
  };
}

export class SlackWebClient extends webApi.WebClient {
  /** Rate-limit key → when it may be called again (ms since the epoch). */
  private readonly limitedUntil = new Map<string, number>();
  /** The per-attempt timeout, for messages ("did not answer within 10 s"). */
  readonly timeoutMs: number;

  constructor(token: string | undefined, options: SlackClientOptions) {
    const resolved = slackClientOptions(options);
    super(token, resolved);
    this.timeoutMs = resolved.timeout ?? DEFAULT_TIMEOUT_MS;
  }

  /** Milliseconds until `key` may be called again (0: now). */
  waitFor(key: string): number {
    const until = this.limitedUntil.get(key);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left <= 0) this.limitedUntil.delete(key);
    return Math.max(0, left);
  }

  private noteLimit(key: string, until: number): void {
    this.limitedUntil.set(key, Math.max(until, this.limitedUntil.get(key) ?? 0));
    if (this.limitedUntil.size > 1000)
      for (const [k, t] of this.limitedUntil) if (t <= Date.now()) this.limitedUntil.delete(k);
  }

  override apiCall(method: string, options?: Record<string, unknown>): Promise<CallResult> {
    return this.limited(method, options, true);
  }

  /** Like apiCall, but throw (RateLimitedNow or the 429) instead of waiting out a rate limit. */
  tryApiCall(method: string, options?: Record<string, unknown>): Promise<CallResult> {
    return this.limited(method, options, false);
  }

  private async limited(
    method: string,
    options: Record<string, unknown> | undefined,
    wait: boolean,
  ): Promise<CallResult> {
    const key = limitKey(method, options);
    for (let attempt = 0; ; attempt++) {
      const left = this.waitFor(key);
      if (left > 0) {
        if (!wait || left > MAX_RATE_LIMIT_WAIT_MS || attempt > RATE_LIMIT_RETRIES)
          throw new RateLimitedNow(key, Math.ceil(left / 1000));
        await sleep(left);
      }
      try {
        return await super.apiCall(method, options);
      } catch (error) {
        const seconds = rateLimitedFor(error);
        if (seconds === undefined) throw error;
        this.noteLimit(key, Date.now() + seconds * 1000);
        logger.warn({ key, retryAfter: seconds, waits: wait }, 'slack: rate limited');
        if (!wait || seconds * 1000 > MAX_RATE_LIMIT_WAIT_MS || attempt >= RATE_LIMIT_RETRIES)
          throw error;
      }
    }
  }
}
