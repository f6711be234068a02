/**
 * Why a Web API call failed, in words a Slack user can act on. A 500 from Slack is not a
 * permission problem, and "check that I may post here" sends people to fix the wrong thing, so
 * server errors, rate limits, timeouts, network failures and refusals are told apart.
 */
import { webApi } from '@slack/bolt';
import { DeliveryError, genericHint, type DeliveryFailure } from '../../delivery.js';
import { isTimeout, rateLimitedFor } from './client.js';

export type FailureKind =
  'not_in_channel' | 'permission' | 'ratelimited' | 'server' | 'timeout' | 'network' | 'refused';

export interface Failure {
  kind: FailureKind;
  /** One sentence for the person who asked, e.g. "Slack had a server error (HTTP 500)." */
  text: string;
}

/** Platform error codes that mean "you may not do this here". */
const PERMISSION = new Set([
  'missing_scope',
  'not_allowed_token_type',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'is_archived',
  'channel_is_archived',
  'ekm_access_denied',
  'team_access_not_granted',
  'access_denied',
  'no_permission',
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'cant_update_message',
  'posting_to_general_channel_denied',
]);
/** Platform error codes that mean Slack itself failed. */
const SERVER = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

const code = (error: unknown): string | undefined => {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
};

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export function describeFailure(error: unknown, timeoutMs: number): Failure {
  const e = error as { code?: string; statusCode?: number } | undefined;
  const limited = rateLimitedFor(error);
  if (limited !== undefined) {
    return {
      kind: 'ratelimited',
      text: `Slack is limiting how often I may post here right now (rate limited; try again in ${limited} s).`,
    };
  }
  if (e?.code === webApi.ErrorCode.HTTPError) {
    const status = e.statusCode ?? 0;
    return status >= 500
      ? {
          kind: 'server',
          text: `Slack had a server error (HTTP ${status}); this is on Slack's side, so please try again in a minute.`,
        }
      : { kind: 'refused', text: `Slack answered HTTP ${status}.` };
  }
  if (e?.code === webApi.ErrorCode.RequestError) {
    return isTimeout(error)
      ? {
          kind: 'timeout',
          text: `Slack did not answer within ${seconds(timeoutMs)}; please try again in a minute.`,
        }
      : {
          kind: 'network',
          text: 'I could not reach Slack (the connection failed); please try again.',
        };
  }
  const platform = code(error);
  if (platform === 'not_in_channel' || platform === 'channel_not_found')
    return { kind: 'not_in_channel', text: 'I am not a member of this conversation.' };
  if (platform && PERMISSION.has(platform)) {
    return {
      kind: 'permission',
      text: `Slack did not allow me to post here (\`${platform}\`). Check that I may send messages in this channel.`,
    };
  }
  if (platform && SERVER.has(platform)) {
    return {
      kind: 'server',
      text: `Slack had a server error (\`${platform}\`); this is on Slack's side, so please try again in a minute.`,
    };
  }
  return {
    kind: 'refused',
    text: platform ? `Slack refused it (\`${platform}\`).` : 'Something went wrong on our side.',
  };
}

/** The message to edit or delete is gone. */
const GONE = new Set(['message_not_found', 'thread_not_found']);

const KIND: Record<FailureKind, DeliveryFailure> = {
  not_in_channel: 'not_in_channel',
  permission: 'missing_permission',
  ratelimited: 'rate_limited',
  server: 'platform_error',
  timeout: 'timeout',
  network: 'platform_error',
  refused: 'platform_error',
};

/** Any Web API failure → a `DeliveryError`, classified as `describeFailure` tells them apart. */
export function toDeliveryError(error: unknown, timeoutMs: number): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const platform = code(error);
  const e = error as { statusCode?: number } | undefined;
  const detail = platform ?? (e?.statusCode ? `HTTP ${e.statusCode}` : String(error));
  if (platform && GONE.has(platform))
    return new DeliveryError('message_gone', platform, { cause: error });
  const limited = rateLimitedFor(error);
  return new DeliveryError(KIND[describeFailure(error, timeoutMs).kind], detail, {
    cause: error,
    ...(limited !== undefined ? { retryAfterMs: limited * 1000 } : {}),
  });
}

/** What a Slack user can do about a failed delivery: invite the bot, mostly. */
export function slackHint(error: DeliveryError, timeoutMs: number): string {
  if (error.kind === 'not_in_channel')
    return 'I am not a member of this conversation. Run `/invite @Scaling Tutor` in this channel, then try again.';
  // The Web API error behind it says most precisely what happened (a 500, a timeout, a refusal).
  if (error.cause !== undefined) return describeFailure(error.cause, timeoutMs).text;
  if (error.kind === 'missing_permission')
    return `Slack did not allow me to post here (\`${error.detail}\`). Check that I may send messages in this channel.`;
  return genericHint(error).replace('The platform', 'Slack');
}
