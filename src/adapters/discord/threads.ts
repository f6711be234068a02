/**
 * Discord threads for channel sessions: a public thread started from a session's first
 * message (`POST /channels/{channel}/messages/{message}/threads`, what discord.js's
 * `message.startThread({ name, autoArchiveDuration })` calls), through REST like every other
 * message here, so it needs no gateway cache and works after a restart.
 */
import { Routes, ThreadAutoArchiveDuration, type APIThreadChannel, type Client } from 'discord.js';
import { DeliveryError } from '../../delivery.js';
import type { MessageRef, ThreadRef } from '../../interaction.js';
import { logger } from '../../logger.js';
import { DISCORD } from './adapter.js';
import { isMissingPermissions, toDeliveryError } from './failures.js';

/** A day without messages archives it: long after a round ends, yet the list stays tidy. */
export const THREAD_ARCHIVE = ThreadAutoArchiveDuration.OneDay;

/** Discord takes 1–100 characters. */
export const threadName = (name: string): string =>
  [...name.trim()].slice(0, 100).join('') || 'Scaling Tutor';

export async function startThread(
  client: Client,
  from: MessageRef,
  name: string,
): Promise<{ ref: ThreadRef; guildId?: string }> {
  try {
    const thread = (await client.rest.post(Routes.threads(from.channelId, from.messageId), {
      body: { name: threadName(name), auto_archive_duration: THREAD_ARCHIVE },
    })) as APIThreadChannel;
    return {
      ref: { platform: DISCORD, channelId: from.channelId, threadId: thread.id },
      ...(thread.guild_id ? { guildId: thread.guild_id } : {}),
    };
  } catch (error) {
    logger.warn({ err: error, channel: from.channelId }, 'discord: could not start a thread');
    // 50013 here is the one permission starting a public thread needs.
    if (isMissingPermissions(error))
      throw new DeliveryError('missing_permission', 'missing Create Public Threads', {
        cause: error,
      });
    throw toDeliveryError(error);
  }
}

/** A post refused inside a thread lacks Send Messages in Threads (not Send Messages). */
export function threadRefusal(error: unknown): unknown {
  if (error instanceof DeliveryError && error.kind === 'missing_permission')
    return new DeliveryError('missing_permission', 'missing Send Messages in Threads', {
      cause: error,
    });
  return error;
}
