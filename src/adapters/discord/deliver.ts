/**
 * Getting an interaction's answer to the user, whatever Discord says: the first message through
 * the interaction (reply, editReply or update), the rest as follow-ups. A 50013 Missing
 * Permissions is retried as text; a failed edit of a deferred reply falls back to a new message
 * in the channel (or a DM for private answers), so an answer is never lost.
 */
import { MessageFlags, PermissionFlagsBits, type Client, type Interaction } from 'discord.js';
import type { RepliableInteraction } from 'discord.js';
import { logger } from '../../logger.js';
import type { Reply } from '../../reply.js';
import { renderReplyChart, type ChartRenderer } from '../shared/chart.js';
import { isMissingPermissions } from './failures.js';
import {
  LIMITS,
  permissionNotice,
  renderReply,
  renderText,
  type DiscordMessage,
  type RenderedReply,
} from './render.js';
import { truncate } from './text.js';

export const EPHEMERAL = MessageFlags.Ephemeral;

/** How the answer's first message reaches Discord for this interaction. */
export type FirstSend = (message: DiscordMessage) => Promise<unknown>;

export interface DeliverDeps {
  client: Client;
  renderChart: ChartRenderer;
}

/** What the bot may post here (`app_permissions` arrives with every interaction). */
export function permissions(interaction: Interaction): { canEmbed: boolean; canAttach: boolean } {
  const perms = interaction.appPermissions;
  return {
    canEmbed: perms?.has(PermissionFlagsBits.EmbedLinks) ?? true,
    canAttach: perms?.has(PermissionFlagsBits.AttachFiles) ?? true,
  };
}

/**
 * Render (with the chart, if any) and send: the first message through `first`, the rest as
 * follow-ups. A 50013 Missing Permissions is retried as text; a failed edit of a deferred
 * reply falls back to a new message in the channel (or a DM for private answers).
 */
export async function deliver(
  deps: DeliverDeps,
  interaction: RepliableInteraction,
  reply: Reply,
  first: FirstSend,
  commandName: string,
  canFallBack = true,
): Promise<void> {
  const { reply: final, chart } = await renderReplyChart(reply, deps.renderChart);
  let rendered = renderReply(final, { chart, ...permissions(interaction) });
  const asText = (): RenderedReply =>
    renderText(final, permissionNotice(chart ? ['Embed Links', 'Attach Files'] : ['Embed Links']));
  try {
    try {
      await first(rendered.messages[0]);
    } catch (error) {
      if (!isMissingPermissions(error)) throw error;
      logger.warn({ err: error, command: commandName }, 'missing permissions; answering in text');
      rendered = asText();
      await first(rendered.messages[0]);
    }
  } catch (error) {
    if (!canFallBack) throw error;
    logger.warn(
      { err: error, command: commandName },
      'could not edit the interaction reply; posting a new message',
    );
    await fallback(deps, interaction, rendered, asText, commandName);
    return;
  }
  for (const [i, message] of rendered.messages.slice(1).entries()) {
    try {
      await interaction.followUp({
        ...message,
        flags: rendered.ephemeral ? EPHEMERAL : undefined,
      });
    } catch (error) {
      logger.warn(
        { err: error, command: commandName },
        'follow-up failed; posting the rest as new messages',
      );
      await fallback(
        deps,
        interaction,
        { ...rendered, messages: [message, ...rendered.messages.slice(i + 2)] },
        asText,
        commandName,
      );
      return;
    }
  }
}

/** Post an answer without the interaction token: in the channel, or by DM if it is private. */
async function fallback(
  deps: DeliverDeps,
  interaction: RepliableInteraction,
  rendered: RenderedReply,
  asText: () => RenderedReply,
  commandName: string,
): Promise<void> {
  const channel = rendered.ephemeral
    ? await interaction.user.createDM().catch(() => null)
    : (interaction.channel ??
      (await deps.client.channels.fetch(interaction.channelId ?? '').catch(() => null)));
  if (!channel?.isSendable()) {
    logger.error(
      { command: commandName, channel: interaction.channelId },
      'answer could not be delivered anywhere',
    );
    return;
  }
  const lead = `↪ The answer to <@${interaction.user.id}>'s /${commandName}:`;
  const send = async (messages: DiscordMessage[]) => {
    for (const [i, message] of messages.entries()) {
      const content =
        i === 0
          ? truncate([lead, message.content].filter(Boolean).join('\n'), LIMITS.content)
          : message.content;
      await channel.send({ ...message, content });
    }
  };
  try {
    await send(rendered.messages);
  } catch (error) {
    if (!isMissingPermissions(error)) throw error;
    await send(asText().messages);
  }
}
