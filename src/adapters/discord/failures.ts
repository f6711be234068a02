/**
 * What a Discord API error means. REST codes are the platform's; the rest of the bot reasons in
 * the shared `DeliveryError` kinds (src/delivery.ts), so this is the one place that reads codes.
 */
import {
  DiscordAPIError,
  HTTPError,
  PermissionFlagsBits,
  PermissionsBitField,
  RateLimitError,
  RESTJSONErrorCodes,
} from 'discord.js';
import { DeliveryError, genericHint } from '../../delivery.js';

export const isApiError = (error: unknown, ...codes: number[]): boolean =>
  error instanceof DiscordAPIError && codes.includes(Number(error.code));

/** 50013 exactly: text may still go through (50001 Missing Access would fail as text too). */
export const isMissingPermissionsCode = (error: unknown): boolean =>
  isApiError(error, RESTJSONErrorCodes.MissingPermissions);

/** 50013 (or any 403): a permission such as Embed Links is missing; text may still go through. */
export const isMissingPermissions = (error: unknown): boolean =>
  isApiError(error, RESTJSONErrorCodes.MissingPermissions) ||
  (error instanceof DiscordAPIError && error.status === 403);

/** What a channel message needs, in the words of Discord's permission settings. */
export const MESSAGE_PERMISSIONS = {
  ViewChannel: 'View Channel',
  SendMessages: 'Send Messages',
  EmbedLinks: 'Embed Links',
  AttachFiles: 'Attach Files',
  ReadMessageHistory: 'Read Message History',
} as const satisfies Partial<Record<keyof typeof PermissionFlagsBits, string>>;

/** The names of the message permissions `granted` lacks (empty when all are there). */
export function missingPermissions(granted: PermissionsBitField | undefined): string[] {
  if (!granted) return [];
  return Object.entries(MESSAGE_PERMISSIONS)
    .filter(([flag]) => !granted.has(PermissionFlagsBits[flag as keyof typeof MESSAGE_PERMISSIONS]))
    .map(([, name]) => name);
}

/**
 * Any failure of a REST call → a `DeliveryError`. `missing` names the permissions the bot lacks
 * in the channel, when the caller could tell (it goes into the detail, for the hint).
 */
export function toDeliveryError(error: unknown, missing: readonly string[] = []): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const cause = { cause: error };
  if (error instanceof RateLimitError) {
    return new DeliveryError('rate_limited', `HTTP 429 on ${error.route}`, {
      ...cause,
      retryAfterMs: error.retryAfter,
    });
  }
  if (error instanceof DiscordAPIError) {
    const code = Number(error.code);
    const detail = `${error.message} (${code || `HTTP ${error.status}`})`;
    if (code === RESTJSONErrorCodes.UnknownMessage)
      return new DeliveryError('message_gone', detail, cause);
    if (code === RESTJSONErrorCodes.MissingAccess || code === RESTJSONErrorCodes.UnknownChannel)
      return new DeliveryError('not_in_channel', detail, cause);
    if (isMissingPermissions(error)) {
      const what = missing.length > 0 ? `missing ${missing.join(', ')}` : detail;
      return new DeliveryError('missing_permission', what, cause);
    }
    if (error.status === 429) return new DeliveryError('rate_limited', detail, cause);
    if (error.status === 404) return new DeliveryError('message_gone', detail, cause);
    return new DeliveryError('platform_error', detail, cause);
  }
  if (error instanceof HTTPError) {
    return new DeliveryError(
      'platform_error',
      `HTTP ${error.status} ${error.method} ${error.url}`,
      cause,
    );
  }
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'AbortError' || name === 'TimeoutError')
    return new DeliveryError('timeout', 'Discord did not answer in time', cause);
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError('platform_error', message, cause);
}

/** What a Discord user (or server admin) can do about a failed delivery. */
export function discordHint(error: DeliveryError): string {
  switch (error.kind) {
    case 'not_in_channel':
      return 'I cannot see this channel. A server admin can give my role the View Channel permission here (channel settings → Permissions), then try again.';
    case 'missing_permission': {
      const missing = /^missing (.+)$/.exec(error.detail)?.[1];
      const what = missing
        ? `the ${missing} permission${missing.includes(',') ? 's' : ''}`
        : 'a permission I need';
      return `I lack ${what} in this channel. A server admin can grant it to my role (channel settings → Permissions), then try again.`;
    }
    default:
      return genericHint(error).replace('The platform', 'Discord');
  }
}
