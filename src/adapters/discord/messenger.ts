/**
 * The Discord Messenger: channel messages outside any interaction (quiz questions, live answer
 * counts, reveals, round summaries), through the bot's REST client. Posting and editing work
 * without the gateway cache, so refs stored before a restart keep working.
 *
 * Rate limits (429) and 5xx are retried by discord.js's REST queue; what still fails is
 * logged and thrown as a `DeliveryError` (failures.ts), and the caller (the quiz engine)
 * decides what to do; `hint` names the channel permission to grant. A 50013 Missing
 * Permissions is retried once as plain text naming the permission to grant.
 */
import { Routes, type APIMessage, type Client, type RawFile } from 'discord.js';
import type { MessageRef, Messenger } from '../../../commands/define.js';
import { DeliveryError } from '../../delivery.js';
import type { PostOptions } from '../../interaction.js';
import { logger } from '../../logger.js';
import type { Reply } from '../../reply.js';
import { renderReplyChart, type ChartRenderer } from '../shared/chart.js';
import {
  NO_MENTIONS,
  permissionNotice,
  renderReply,
  renderText,
  type DiscordMessage,
  type RenderedReply,
} from './render.js';
import {
  discordHint,
  isMissingPermissionsCode as isMissingPermissions,
  missingPermissions,
  toDeliveryError,
} from './failures.js';
import { DISCORD } from './adapter.js';
import { startThread, threadRefusal } from './threads.js';

export interface DiscordMessengerOptions {
  renderChart: ChartRenderer;
}

/** A channel message body for REST: JSON plus the files to upload with it. */
export interface RestMessage {
  body: {
    content: string;
    embeds: DiscordMessage['embeds'];
    components: unknown[];
    allowed_mentions: { parse: never[] };
    attachments: { id: number; filename: string; description?: string }[];
  };
  files: RawFile[];
}

/**
 * One rendered message as a full replacement: every field is sent, so an edit clears the
 * content, embeds, buttons (`components: []`) and attachments the new reply does not have.
 */
export function toRestMessage(message: DiscordMessage): RestMessage {
  const files: RawFile[] = message.files.map((file, i) => ({
    name: file.name ?? `file-${i}.png`,
    data: file.attachment as Buffer,
    key: `files[${i}]`,
  }));
  return {
    body: {
      content: message.content ?? '',
      embeds: message.embeds,
      components: message.components.map((row) => row.toJSON()),
      allowed_mentions: NO_MENTIONS,
      attachments: message.files.map((file, i) => ({
        id: i,
        filename: file.name ?? `file-${i}.png`,
        ...(file.description ? { description: file.description } : {}),
      })),
    },
    files,
  };
}

/**
 * A reply rendered for a channel message. A reply too long for one message is split; the
 * buttons move to the first part, which is the one the ref names (and the one edited later).
 */
async function render(
  reply: Reply,
  renderChart: ChartRenderer,
): Promise<{ rendered: RenderedReply; asText: () => RenderedReply }> {
  const { reply: final, chart } = await renderReplyChart(reply, renderChart);
  const rendered = renderReply(final, { chart });
  const asText = () =>
    renderText(final, permissionNotice(chart ? ['Embed Links', 'Attach Files'] : ['Embed Links']));
  return { rendered: buttonsFirst(rendered), asText: () => buttonsFirst(asText()) };
}

function buttonsFirst(rendered: RenderedReply): RenderedReply {
  const { messages } = rendered;
  if (messages.length === 1) return rendered;
  const last = messages[messages.length - 1]!;
  const components = last.components;
  return {
    ...rendered,
    messages: messages.map((m, i) => ({
      ...m,
      components: i === 0 ? components : i === messages.length - 1 ? [] : m.components,
    })) as RenderedReply['messages'],
  };
}

/** The Discord Messenger, plus what only Discord can say about a message. */
export interface DiscordMessenger extends Messenger {
  /** A jump link to a posted message (e.g. "a quiz is already running: <link>"). */
  link(ref: MessageRef): string;
}

/** https://discord.com/channels/{guild or @me}/{channel}/{message} */
export function messageLink(guildId: string | undefined, ref: MessageRef): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${ref.channelId}/${ref.messageId}`;
}

export function createDiscordMessenger(
  client: Client,
  options: DiscordMessengerOptions,
): DiscordMessenger {
  const send = async (channelId: string, message: DiscordMessage): Promise<APIMessage> => {
    const { body, files } = toRestMessage(message);
    return (await client.rest.post(Routes.channelMessages(channelId), {
      body,
      files,
    })) as APIMessage;
  };
  const patch = async (ref: MessageRef, message: DiscordMessage): Promise<void> => {
    const { body, files } = toRestMessage(message);
    await client.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), {
      body,
      files,
    });
  };

  /** Run `first` with the rich rendering, once more as text if permissions are missing. */
  async function withTextFallback<T>(
    what: string,
    channelId: string,
    reply: Reply,
    first: (message: DiscordMessage) => Promise<T>,
  ): Promise<{ result: T; rendered: RenderedReply }> {
    const { rendered, asText } = await render(reply, options.renderChart);
    try {
      return { result: await first(rendered.messages[0]), rendered };
    } catch (error) {
      if (!isMissingPermissions(error)) throw error;
      logger.warn({ err: error, channel: channelId, what }, 'discord: missing permissions; text');
      const text = asText();
      return { result: await first(text.messages[0]), rendered: text };
    }
  }

  /** The rest of a split reply, as further messages (best effort: the first part is posted). */
  async function sendRest(channelId: string, rendered: RenderedReply): Promise<void> {
    for (const message of rendered.messages.slice(1)) {
      try {
        await send(channelId, message);
      } catch (error) {
        logger.warn({ err: error, channel: channelId }, 'discord: a continuation was not posted');
        return;
      }
    }
  }

  /** The failure as a DeliveryError, naming the permissions the bot lacks where the cache knows. */
  const delivery = (error: unknown, channelId: string): DeliveryError => {
    const channel = client.channels.cache.get(channelId);
    const granted =
      channel && 'permissionsFor' in channel && client.user
        ? (channel.permissionsFor(client.user) ?? undefined)
        : undefined;
    return toDeliveryError(error, missingPermissions(granted));
  };

  async function postIn(channelId: string, reply: Reply): Promise<MessageRef> {
    try {
      const { result, rendered } = await withTextFallback('post', channelId, reply, (m) =>
        send(channelId, m),
      );
      await sendRest(channelId, rendered);
      return { platform: DISCORD, channelId, messageId: result.id };
    } catch (error) {
      logger.error(
        { err: error, channel: channelId, title: reply.title },
        'discord: could not post a channel message',
      );
      throw delivery(error, channelId);
    }
  }

  /** Threads this process started → their server, for links (the gateway cache may lack them). */
  const threadGuilds = new Map<string, string>();

  return {
    hint: discordHint,

    link(ref: MessageRef): string {
      const channel = client.channels.cache.get(ref.channelId);
      const guildId = channel && 'guildId' in channel ? channel.guildId : undefined;
      return messageLink(guildId ?? threadGuilds.get(ref.channelId), ref);
    },

    async startThread(from: MessageRef, name: string) {
      const thread = await startThread(client, from, name);
      if (thread.guildId) threadGuilds.set(thread.ref.threadId, thread.guildId);
      return thread.ref;
    },

    async post(channelId: string, reply: Reply, postOptions?: PostOptions): Promise<MessageRef> {
      // A Discord thread is a channel of its own: its messages are posted (and edited) there.
      // `broadcast` has no Discord form: the thread keeps everything, as people expect.
      const thread = postOptions?.thread?.threadId;
      if (!thread) return postIn(channelId, reply);
      try {
        return await postIn(thread, reply);
      } catch (error) {
        throw threadRefusal(error);
      }
    },

    async edit(ref: MessageRef, reply: Reply): Promise<void> {
      try {
        const { rendered } = await withTextFallback('edit', ref.channelId, reply, (m) =>
          patch(ref, m),
        );
        // An edit cannot grow into two messages: what does not fit follows as new ones.
        await sendRest(ref.channelId, rendered);
      } catch (error) {
        logger.warn(
          { err: error, channel: ref.channelId, message: ref.messageId, title: reply.title },
          'discord: could not edit a channel message',
        );
        throw delivery(error, ref.channelId);
      }
    },
  };
}
