/**
 * The Slack listeners: one slash command per registered command and one block_actions route.
 * Every listener acks first (Slack's 3-second deadline), then computes, then posts — except
 * clicks that store an answer, acked once it is stored (the action's `storeBeforeAck` policy). All answers come
 * from the shared dispatcher, so Slack says what Discord says.
 */
import { chartAlt } from '../../charts/index.js';
import type { App, BlockAction, RespondFn, SlashCommand } from '@slack/bolt';
import type { ActionContext, AnyCommand, CommandContext } from '../../../commands/define.js';
import type { Reply } from '../../reply.js';
import { actionCommand, findAction } from '../../actions.js';
import type { Services } from '../../services.js';
import { errorReply } from '../../reply.js';
import { logger } from '../../logger.js';
import type { ChartRenderer } from '../shared/chart.js';
import { renderReplyChart } from '../shared/chart.js';
import { Cooldown, cooldownMessage } from '../shared/cooldown.js';
import { newRef, runAction, runCommandText } from '../shared/dispatch.js';
import {
  cannotPostHere,
  postPublicly,
  QUIZ_NEEDS_INVITE,
  respondAll,
  respondPrivately,
  ROUND_NEEDS_INVITE,
  shareChart,
  slackErrorCode,
  type SlackClient,
} from './deliver.js';
import { describeFailure } from './failures.js';
import type { SlackMessenger } from './messenger.js';
import { type SlackModerators } from './moderators.js';
import { renderReply } from './render.js';

export interface ListenerDeps {
  commands: readonly AnyCommand[];
  services?: Services;
  renderChart: ChartRenderer;
  cooldown: Cooldown;
  /** Channel posts and edits outside the request (quiz rounds). */
  messenger: SlackMessenger;
  /** Workspace admins/owners, looked up only when an engine asks (`ctx.isModerator()`). */
  moderators: SlackModerators;
  /** Every Web API call goes through this one (per-channel rate limits, timeouts), not Bolt's. */
  client: SlackClient;
}

const failure = (ref: string): Reply =>
  errorReply(
    'Something went wrong',
    `Something went wrong on our side (ref ${ref}). It has been logged; please try again.`,
  );

/** `/optimal 6e22` as a one-line context under the answer's header. */
const invocation = (body: SlashCommand): string =>
  `${body.user_name || 'Someone'} asked: ${body.command} ${body.text}`.trim().slice(0, 300);

export function registerCommand(app: App, command: AnyCommand, deps: ListenerDeps): void {
  app.command(`/${command.name}`, async ({ ack, body, respond }) => {
    await ack();
    const { client } = deps;
    const started = Date.now();
    try {
      await answerCommand(command, body, respond, client, deps);
    } catch (error) {
      // Anything the dispatcher did not already turn into a reply (a bug in this adapter).
      const ref = newRef();
      logger.error({ err: error, ref, command: command.name }, 'slack: command failed');
      await respondPrivately(respond, failure(ref));
    }
    logger.debug({ command: command.name, ms: Date.now() - started }, 'slack: command answered');
  });
}

async function answerCommand(
  command: AnyCommand,
  body: SlashCommand,
  respond: RespondFn,
  client: SlackClient,
  deps: ListenerDeps,
): Promise<void> {
  const text = body.text ?? '';
  const ctx: CommandContext = {
    platform: 'slack',
    messenger: deps.messenger,
    user: { id: body.user_id, name: body.user_name || body.user_id },
    channel: { id: body.channel_id },
    ...(body.team_id ? { server: { id: body.team_id } } : {}),
    // A users.info call, made (and cached) only if an engine asks.
    isModerator: () => deps.moderators.isModerator(body.team_id, body.user_id),
    commands: deps.commands,
    ...(deps.services ? { services: deps.services } : {}),
  };
  const asked = Date.now();
  let reply = await runCommandText(command, text, ctx);
  // The command tried to post in the channel (a quiz question) and it failed: the engine only
  // knows that; say why (not a member, Slack's server error, a timeout…) and what to do.
  const failed = reply.tone === 'error' && deps.messenger.failureSince(body.channel_id, asked);
  if (failed) {
    reply = {
      ...reply,
      summary:
        failed.kind === 'not_in_channel'
          ? QUIZ_NEEDS_INVITE
          : `I could not post in this channel, so nothing was started. ${failed.text}`,
    };
  }
  if (reply.visibility === 'private') {
    // An ephemeral message cannot carry a file: say what the chart shows instead.
    const notes = reply.chart
      ? [
          `Chart, in words (Slack cannot attach images to private replies): ${chartAlt(reply.chart)}`,
        ]
      : [];
    await respondPrivately(respond, reply, notes);
    return;
  }
  if (reply.chart) {
    const wait = deps.cooldown.take(`slack:${body.team_id}:${body.user_id}`);
    if (wait > 0) {
      await respondPrivately(respond, {
        title: 'One moment',
        summary: cooldownMessage(wait),
        visibility: 'private',
        tone: 'info',
      });
      return;
    }
  }
  const { reply: final, chart } = await renderReplyChart(reply, deps.renderChart);
  await postPublicly({
    client,
    respond,
    channel: body.channel_id,
    reply: final,
    chart,
    context: invocation(body),
  });
}

/** Button ids look like `<command>:<rest>`; the dispatcher finds the owner (or says it expired). */
export const ACTION_ID = /^[a-z0-9_-]+:/i;

/**
 * Clicks that store something the clicker is told about (a quiz answer, a flashcard grade):
 * acked only once the dispatcher has written it, so a click Slack saw acknowledged is never
 * lost to a crash right after the ack. Every other click is acked first.
 */
export function storedBeforeAck(commands: readonly AnyCommand[], actionId: string): boolean {
  const owner = commands.find((c) => c.name === actionCommand(actionId));
  return findAction(owner?.actions ?? [], actionId)?.policy.storeBeforeAck === true;
}

/** A click stored before its ack is acked anyway after this long (Slack's deadline is 3 s). */
export const ACK_BUDGET_MS = 2000;

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>(ACTION_ID, async ({ ack, body, action, respond }) => {
    const { client } = deps;
    const actionId = 'action_id' in action ? action.action_id : '';
    let acked: Promise<void> | undefined;
    const ackOnce = () =>
      (acked ??= ack().catch((error: unknown) => logger.warn({ err: error }, 'slack: ack failed')));
    if (!storedBeforeAck(deps.commands, actionId)) await ackOnce();
    const budget = setTimeout(() => void ackOnce(), ACK_BUDGET_MS);
    try {
      await answerAction(body, actionId, respond, client, deps, ackOnce);
    } catch (error) {
      await ackOnce();
      const ref = newRef();
      logger.error({ err: error, ref }, 'slack: action failed');
      await respondPrivately(respond, failure(ref));
    } finally {
      clearTimeout(budget);
      await ackOnce();
    }
  });
}

async function answerAction(
  body: BlockAction,
  actionId: string,
  respond: RespondFn,
  client: SlackClient,
  deps: ListenerDeps,
  ack: () => Promise<void>,
): Promise<void> {
  const container = body.container as {
    channel_id?: string;
    message_ts?: string;
    is_ephemeral?: boolean;
  };
  const channel = body.channel?.id ?? container.channel_id ?? '';
  const ts = body.message?.ts ?? container.message_ts;
  const teamId = body.team?.id ?? body.user.team_id;
  const ctx: ActionContext = {
    platform: 'slack',
    messenger: deps.messenger,
    user: { id: body.user.id, name: body.user.username || body.user.name || body.user.id },
    channel: { id: channel },
    ...(teamId ? { server: { id: teamId } } : {}),
    isModerator: () => deps.moderators.isModerator(teamId, body.user.id),
    commands: deps.commands,
    ...(deps.services ? { services: deps.services } : {}),
    actionId,
    ...(ts ? { messageId: ts } : {}),
  };
  const result = await runAction(deps.commands, ctx);
  // The click's effect is stored (or it failed): acknowledge before the slower delivery.
  await ack();
  if (result.update) {
    await updateMessage(
      { client, respond, channel, ts, ephemeral: container.is_ephemeral === true },
      result.update,
      deps,
    );
  }
  if (result.reply) {
    if (result.reply.visibility === 'public' && channel) {
      const { reply, chart } = await renderReplyChart(result.reply, deps.renderChart);
      await postPublicly({ client, respond, channel, reply, chart });
    } else {
      await replyToClicker(client, respond, channel, body.user.id, result.reply);
    }
  }
}

interface MessageRef {
  client: SlackClient;
  respond: RespondFn;
  channel: string;
  ts?: string;
  ephemeral: boolean;
}

/** Replace the message the button was on: chat.update, or the response_url for ephemeral ones. */
async function updateMessage(m: MessageRef, update: Reply, deps: ListenerDeps): Promise<void> {
  const { reply, chart } = m.ephemeral
    ? { reply: update, chart: undefined }
    : await renderReplyChart(update, deps.renderChart);
  const [message] = renderReply(reply, { maxMessages: 1 });
  if (!message) return;
  if (m.ephemeral || !m.channel || !m.ts) {
    await respondAll(m.respond, [message], { replace_original: true });
    return;
  }
  try {
    await m.client.chat.update({ channel: m.channel, ts: m.ts, ...message });
  } catch (error) {
    if (cannotPostHere(error)) {
      await respondPrivately(m.respond, errorReply('I cannot run this here', ROUND_NEEDS_INVITE));
      return;
    }
    const ref = newRef();
    const why = describeFailure(error, m.client.timeoutMs);
    logger.error(
      { err: error, ref, code: slackErrorCode(error), kind: why.kind },
      'slack: chat.update failed',
    );
    await respondPrivately(
      m.respond,
      errorReply('Could not update the message', `${why.text} (ref ${ref})`),
    );
    return;
  }
  if (chart) await shareChart(m.client, m.respond, m.channel, chart, reply.title);
}

/** A private answer to whoever clicked: chat.postEphemeral, else the response_url. */
async function replyToClicker(
  client: SlackClient,
  respond: RespondFn,
  channel: string,
  user: string,
  reply: Reply,
): Promise<void> {
  const messages = renderReply(reply);
  if (channel) {
    try {
      for (const m of messages) await client.chat.postEphemeral({ channel, user, ...m });
      return;
    } catch (error) {
      if (!cannotPostHere(error))
        logger.warn({ err: error }, 'slack: postEphemeral failed; using response_url');
    }
  }
  await respondAll(respond, messages);
}
