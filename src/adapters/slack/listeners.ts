/**
 * The Slack listeners: one slash command per registered command and one block_actions route.
 * Every listener acks first (Slack's 3-second deadline), then computes, then posts — except
 * clicks whose declared action stores something (`storeBeforeAck`, src/actions.ts), acked once
 * it is stored. All answers come from the command runtime (src/runtime/), so Slack says what
 * Discord says: the same parsing, cooldowns, privacy rule and failure reply.
 */
import type { Services } from '../../services.js';
import { chartAlt } from '../../charts/index.js';
import type { App, BlockAction, Context, RespondFn, SlashCommand } from '@slack/bolt';
import type {
  ActionContext,
  ActionResult,
  AnyCommand,
  CommandContext,
} from '../../../commands/define.js';
import type { Reply } from '../../reply.js';
import { errorReply } from '../../reply.js';
import { logger } from '../../logger.js';
import {
  isPrivateReply,
  referenceId,
  reportFailure,
  type CommandRuntime,
} from '../../runtime/index.js';
import type { ChartRenderer } from '../shared/chart.js';
import { slackUploadHint } from './upload-hint.js';
import { renderReplyChart } from '../shared/chart.js';
import {
  cannotPostHere,
  postPublicly,
  respondAll,
  respondPrivately,
  ROUND_NEEDS_INVITE,
  sendFileToDm,
  shareChart,
  slackErrorCode,
  type SlackClient,
} from './deliver.js';
import { describeFailure } from './failures.js';
import type { SlackMessenger } from './messenger.js';
import { type SlackModerators } from './moderators.js';
import type { SlackClients } from './workspaces.js';
import type { SlackNames } from './names.js';
import { staffCheck } from '../../settings/service.js';
import { openModal } from './modal-view.js';
import { renderReply } from './render.js';
import { SLACK } from './adapter.js';

export interface ListenerDeps {
  commands: readonly AnyCommand[];
  services?: Services;
  renderChart: ChartRenderer;
  /** Parsing, cooldowns, failures and action policies: the same on every platform. */
  runtime: CommandRuntime;
  /** Channel posts and edits outside the request (quiz rounds). */
  messenger: SlackMessenger;
  /** Workspace admins/owners, looked up only when an engine asks (`ctx.isModerator()`). */
  moderators: SlackModerators;
  /**
   * Every Web API call goes through these (per-channel rate limits, timeouts), not Bolt's: one
   * client per workspace, with that workspace's token (workspaces.ts).
   */
  clients: SlackClients;
  /** Display names for boards: users.info, cached and rate-bounded. */
  names: SlackNames;
}

/** The client for the workspace this request came from (Bolt's authorize found its token). */
export const clientFor = (deps: ListenerDeps, context: Context, channelId: string | undefined) =>
  deps.clients.forRequest(
    {
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      isEnterpriseInstall: context.isEnterpriseInstall === true,
      ...(context.botToken ? { botToken: context.botToken } : {}),
    },
    channelId || undefined,
  );

/** Workspace admins, or the workspace's TA list (/settings taUsers): lazy, asked once. */
export const slackStaff = (deps: ListenerDeps, teamId: string | undefined, userId: string) =>
  staffCheck({
    platform: SLACK,
    serverId: teamId,
    userId,
    base: () => deps.moderators.isModerator(teamId, userId),
    settings: () => deps.services?.settings?.() ?? Promise.resolve(undefined),
  });

/** `/optimal 6e22` as a one-line context under the answer's header. */
const invocation = (body: SlashCommand): string =>
  `${body.user_name || 'Someone'} asked: ${body.command} ${body.text}`.trim().slice(0, 300);

export function registerCommand(app: App, command: AnyCommand, deps: ListenerDeps): void {
  app.command(`/${command.name}`, async ({ ack, body, respond, context }) => {
    await ack();
    const started = Date.now();
    try {
      const client = await clientFor(deps, context, body.channel_id);
      await answerCommand(command, body, respond, client, deps);
    } catch (error) {
      // Anything the runtime did not already turn into a reply (a bug in this adapter).
      const reply = reportFailure(error, { command: command.name }, 'slack: command failed');
      await respondPrivately(respond, reply);
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
    platform: SLACK,
    messenger: deps.messenger,
    user: {
      id: body.user_id,
      name: deps.names.cached(body.team_id, body.user_id) ?? (body.user_name || body.user_id),
    },
    channel: { id: body.channel_id },
    ...(body.team_id ? { server: { id: body.team_id } } : {}),
    // A users.info call, made (and cached) only if an engine asks.
    isModerator: () => deps.moderators.isModerator(body.team_id, body.user_id),
    isStaff: slackStaff(deps, body.team_id, body.user_id),
    displayNames: (ids) => deps.names.lookup(body.team_id, ids),
    commands: deps.commands,
    uploadHint: slackUploadHint,
    ...(deps.services ? { services: deps.services } : {}),
  };
  const reply = await deps.runtime.invoke(command, { text }, ctx);
  if (isPrivateReply(reply)) {
    // An ephemeral message cannot carry a file: say what the chart shows instead.
    const notes = reply.chart
      ? [
          `Chart, in words (Slack cannot attach images to private replies): ${chartAlt(reply.chart)}`,
        ]
      : [];
    // Nor a file: it goes to the member's DM with the bot instead.
    if (reply.file) {
      const failed = await sendFileToDm(client, body.user_id, reply.file, reply.title);
      notes.push(
        failed
          ? `I could not send ${reply.file.name} to your DM (ref ${failed}): get it with the CLI (\`scaling-tutor course export --platform slack --server ${body.team_id} --format csv\`) or the playground.`
          : `${reply.file.name} was sent to your DM with me (Scaling Tutor's Messages tab).`,
      );
    }
    await respondPrivately(respond, reply, notes);
    return;
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

/** A click stored before its ack is acked anyway after this long (Slack's deadline is 3 s). */
export const ACK_BUDGET_MS = 2000;

export function registerActions(app: App, deps: ListenerDeps): void {
  // Every button click: the runtime finds the command that declared it (or says it expired).
  app.action<BlockAction>(
    { type: 'block_actions' },
    async ({ ack, body, action, respond, context }) => {
      const actionId = 'action_id' in action ? action.action_id : '';
      let acked: Promise<void> | undefined;
      const ackOnce = () =>
        (acked ??= ack().catch((error: unknown) =>
          logger.warn({ err: error }, 'slack: ack failed'),
        ));
      // A click that stores something the clicker is told about (an answer, a grade) is acked
      // only once it is written, so a click Slack saw acknowledged is never lost to a crash.
      if (!deps.runtime.actionPolicy(actionId).storeBeforeAck) await ackOnce();
      const budget = setTimeout(() => void ackOnce(), ACK_BUDGET_MS);
      try {
        const channel = body.channel?.id ?? (body.container as { channel_id?: string }).channel_id;
        const client = await clientFor(deps, context, channel);
        await answerAction(body, actionId, respond, client, deps, ackOnce);
      } catch (error) {
        await ackOnce();
        await respondPrivately(
          respond,
          reportFailure(error, { action: actionId }, 'slack: action failed'),
        );
      } finally {
        clearTimeout(budget);
        await ackOnce();
      }
    },
  );
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
  const ctx = clickerContext(deps, {
    user: body.user,
    teamId,
    channel,
    actionId,
    ...(ts ? { messageId: ts } : {}),
  });
  const result = await deps.runtime.act(ctx);
  // The click's effect is stored (or it failed): acknowledge before the slower delivery.
  await ack();
  if (result.modal) {
    const where = { channel, ts, ephemeral: container.is_ephemeral === true };
    await openModal(client, body.trigger_id, result.modal, { ...where, url: body.response_url });
    return;
  }
  await deliverResult(
    { client, respond, channel, ts, ephemeral: container.is_ephemeral === true },
    body.user.id,
    result,
    deps,
  );
}

/** Who clicked (or submitted a modal), as the runtime's action context. */
export function clickerContext(
  deps: ListenerDeps,
  who: {
    user: { id: string; username?: string; name?: string };
    teamId: string | undefined;
    channel: string;
    actionId: string;
    messageId?: string;
    fields?: Record<string, string>;
  },
): ActionContext {
  const { user, teamId } = who;
  return {
    platform: SLACK,
    messenger: deps.messenger,
    user: {
      id: user.id,
      name: deps.names.cached(teamId, user.id) ?? (user.username || user.name || user.id),
    },
    channel: { id: who.channel },
    ...(teamId ? { server: { id: teamId } } : {}),
    isModerator: () => deps.moderators.isModerator(teamId, user.id),
    isStaff: slackStaff(deps, teamId, user.id),
    displayNames: (ids) => deps.names.lookup(teamId, ids),
    commands: deps.commands,
    uploadHint: slackUploadHint,
    ...(deps.services ? { services: deps.services } : {}),
    actionId: who.actionId,
    ...(who.messageId ? { messageId: who.messageId } : {}),
    ...(who.fields ? { fields: who.fields } : {}),
  };
}

/** A click's (or submission's) result: the message updated, the clicker answered. */
export async function deliverResult(
  m: MessageRef,
  userId: string,
  result: ActionResult,
  deps: ListenerDeps,
): Promise<void> {
  const { client, respond, channel, ts } = m;
  if (result.update) {
    await updateMessage({ ...m, ts }, result.update, deps);
  }
  if (result.reply) {
    if (!isPrivateReply(result.reply) && channel) {
      const { reply, chart } = await renderReplyChart(result.reply, deps.renderChart);
      await postPublicly({ client, respond, channel, reply, chart });
    } else {
      await replyToClicker(client, respond, channel, userId, result.reply);
    }
  }
}

export interface MessageRef {
  client: SlackClient;
  /** Absent for a modal opened where the click had no response_url. */
  respond: RespondFn | undefined;
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
    const ref = referenceId();
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
  respond: RespondFn | undefined,
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
