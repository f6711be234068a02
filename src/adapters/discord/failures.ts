/**
 * What a Discord API error means. REST codes are the platform's; the rest of the bot reasons in
 * the shared `DeliveryError` kinds (src/delivery.ts), so this is the one place that reads codes.
 */
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

export const isApiError = (error: unknown, ...codes: number[]): boolean =>
  error instanceof DiscordAPIError && codes.includes(Number(error.code));

/** 50013 (or any 403): a permission such as Embed Links is missing; text may still go through. */
export const isMissingPermissions = (error: unknown): boolean =>
  isApiError(error, RESTJSONErrorCodes.MissingPermissions) ||
  (error instanceof DiscordAPIError && error.status === 403);
