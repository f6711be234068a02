/**
 * The playground Messenger: channel messages outside one command (quiz questions, live counts,
 * reveals) go into the in-memory channel, and every open page sees them over server-sent events.
 * The page has one channel, so a thread is a label: its messages carry the thread's name and
 * are shown indented under it.
 */
import type { MessageRef, Messenger, PostOptions, ThreadRef } from '../../interaction.js';
import { logger } from '../../logger.js';
import type { Reply } from '../../reply.js';
import type { Channel, StoredMessage } from './store.js';
import { PLAYGROUND } from './adapter.js';

/** How a reply is shown in a stored message (text at once, the chart when drawn). */
export type Show = (message: StoredMessage, reply: Reply) => Promise<void>;

export function createPlaygroundMessenger(
  channel: Channel,
  show: Show,
  logFailure: (error: unknown) => void,
): Messenger {
  /** Thread id (its first message's id) → its name; bounded like the channel's messages. */
  const threads = new Map<string, string>();
  return {
    async post(channelId: string, reply: Reply, options?: PostOptions): Promise<MessageRef> {
      const id = options?.thread?.threadId;
      const name = id && threads.get(id);
      const thread = id && name ? { id, name } : undefined;
      const message = channel.add({
        channelId,
        visibility: 'public',
        thinking: true,
        ...(thread ? { thread } : {}),
      });
      void show(message, reply).catch(logFailure);
      return { platform: PLAYGROUND, channelId, messageId: message.id };
    },
    async startThread(from: MessageRef, name: string): Promise<ThreadRef> {
      threads.set(from.messageId, name.slice(0, 100));
      if (threads.size > 200) threads.delete(threads.keys().next().value!);
      return { platform: PLAYGROUND, channelId: from.channelId, threadId: from.messageId };
    },
    async edit(ref: MessageRef, reply: Reply): Promise<void> {
      const message = channel.get(ref.messageId);
      // Old messages fall off the bounded list; a late timer editing one has nothing to do.
      if (!message) return void logger.debug({ ref }, 'playground: edit of a dropped message');
      await show(message, reply);
    },
  };
}
