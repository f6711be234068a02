/**
 * The playground Messenger: channel messages outside one command (quiz questions, live counts,
 * reveals) go into the in-memory channel, and every open page sees them over server-sent events.
 */
import type { MessageRef, Messenger } from '../../interaction.js';
import { logger } from '../../logger.js';
import type { Reply } from '../../reply.js';
import type { Channel, StoredMessage } from './store.js';

/** How a reply is shown in a stored message (text at once, the chart when drawn). */
export type Show = (message: StoredMessage, reply: Reply) => Promise<void>;

export function createPlaygroundMessenger(
  channel: Channel,
  show: Show,
  logFailure: (error: unknown) => void,
): Messenger {
  return {
    async post(channelId: string, reply: Reply): Promise<MessageRef> {
      const message = channel.add({ channelId, visibility: 'public', thinking: true });
      void show(message, reply).catch(logFailure);
      return { platform: 'playground', channelId, messageId: message.id };
    },
    async edit(ref: MessageRef, reply: Reply): Promise<void> {
      const message = channel.get(ref.messageId);
      // Old messages fall off the bounded list; a late timer editing one has nothing to do.
      if (!message) return void logger.debug({ ref }, 'playground: edit of a dropped message');
      await show(message, reply);
    },
  };
}
