/**
 * Getting a rendered reply to the user, whatever Slack says. The order of preference:
 * the channel (chat.postMessage, then the chart via files.uploadV2) → the command's
 * response_url, privately, when the bot cannot post there → a private note with a ref ID
 * on any other failure. Nothing is dropped without a log line.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { RenderedChart } from '../../charts/request.js';
import type { Reply, ReplyFile } from '../../reply.js';
import { logger } from '../../logger.js';
import { referenceId } from '../../runtime/index.js';
import type { SlackWebClient } from './client.js';
import { describeFailure } from './failures.js';
import { renderReply, renderText, type SlackMessage } from './render.js';
import { toMrkdwn } from './text.js';

export type SlackClient = SlackWebClient;

export const INVITE_HINT =
  'I am not a member of this conversation, so only you can see this. To share answers and charts here, run `/invite @Scaling Tutor`.';
/** Said by no command in particular: `/flashcards` is not told to run `/quiz`. */
export const ROUND_NEEDS_INVITE =
  'I am not a member of this conversation, so I cannot update this message. Run `/invite @Scaling Tutor`, then start again.';

/** The Web API's error code (`not_in_channel`…) if `error` is a platform error. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** The bot is not in the conversation (a private channel or DM it was not invited to). */
export const cannotPostHere = (error: unknown): boolean => {
  const code = slackErrorCode(error);
  return code === 'not_in_channel' || code === 'channel_not_found';
};

/** Slack refused the blocks themselves: a text-only retry can still get the answer through. */
const blocksRejected = (error: unknown): boolean =>
  ['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long', 'msg_too_long'].includes(
    slackErrorCode(error) ?? '',
  );

export const chartNote = (chart: RenderedChart | undefined): string[] =>
  chart ? [`Chart (not shown here): ${chart.alt}`] : [];

/** Send messages to a response_url (ephemeral unless told otherwise). Logs, never throws. */
export async function respondAll(
  respond: RespondFn | undefined,
  messages: SlackMessage[],
  extra: Partial<RespondArguments> = {},
): Promise<boolean> {
  if (!respond) {
    logger.error('slack: no response_url to answer through; reply dropped');
    return false;
  }
  try {
    for (const m of messages) {
      const body = m.blocks.length > 0 ? m : { text: m.text };
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...extra,
        ...body,
      } as RespondArguments);
    }
    return true;
  } catch (error) {
    logger.error({ err: error }, 'slack: response_url delivery failed');
    return false;
  }
}

/** A private reply through the response_url (works even where the bot is not a member). */
export const respondPrivately = (
  respond: RespondFn | undefined,
  reply: Reply,
  extraNotes: string[] = [],
) => respondAll(respond, renderReply(reply, { extraNotes }));

/** Post one message; if Slack rejects its blocks, post the whole answer as text instead (→ true). */
async function postMessage(
  client: SlackClient,
  channel: string,
  message: SlackMessage,
  fallback: string,
): Promise<boolean> {
  const base = { channel, unfurl_links: false, unfurl_media: false };
  try {
    await client.chat.postMessage({
      ...base,
      ...(message.blocks.length > 0 ? message : { text: message.text }),
    });
    return false;
  } catch (error) {
    if (!blocksRejected(error)) throw error;
    logger.warn({ err: error }, 'slack: blocks rejected; posting text only');
    await client.chat.postMessage({ ...base, text: fallback });
    return true;
  }
}

export interface PublicDelivery {
  client: SlackClient;
  respond?: RespondFn;
  channel: string;
  reply: Reply;
  chart?: RenderedChart;
  /** A line under the header (who asked what). */
  context?: string;
}

/** A public answer: the message(s) in the channel, then the chart. */
export async function postPublicly(d: PublicDelivery): Promise<void> {
  const messages = renderReply(d.reply, { context: d.context });
  try {
    const fallback = renderText(d.reply);
    for (const m of messages) if (await postMessage(d.client, d.channel, m, fallback)) break;
  } catch (error) {
    if (cannotPostHere(error)) {
      logger.info(
        { channel: d.channel, code: slackErrorCode(error) },
        'slack: not in channel; answering via response_url',
      );
      await respondPrivately(d.respond, d.reply, [...chartNote(d.chart), INVITE_HINT]);
      return;
    }
    const ref = referenceId();
    const why = describeFailure(error, d.client.timeoutMs);
    logger.error(
      { err: error, ref, channel: d.channel, kind: why.kind },
      'slack: could not post the answer',
    );
    await respondPrivately(d.respond, d.reply, [
      ...chartNote(d.chart),
      `I could not post this in the channel (ref ${ref}). ${why.text} Here it is just for you.`,
    ]);
    return;
  }
  if (d.chart) await shareChart(d.client, d.respond, d.channel, d.chart, d.reply.title);
}

/**
 * Upload a chart into the channel. The alt text goes in the initial comment, where everyone sees
 * it: alt text given at upload is not reliably shown and has broken sharing (python-slack-sdk#1818).
 */
export async function shareChart(
  client: SlackClient,
  respond: RespondFn | undefined,
  channel: string,
  chart: RenderedChart,
  title: string,
): Promise<void> {
  try {
    await client.files.uploadV2({
      channel_id: channel,
      file: chart.png,
      filename: chart.filename,
      title: title.replace(/\*\*/g, ''),
      initial_comment: `📈 ${toMrkdwn(chart.alt)}`,
    });
  } catch (error) {
    const note = cannotPostHere(error)
      ? `I answered above but cannot share files here. ${INVITE_HINT}`
      : `The chart could not be uploaded (ref ${logChartFailure(error, channel)}). ${describeFailure(error, client.timeoutMs).text} The numbers above are complete.`;
    await respondAll(respond, [
      { text: toMrkdwn(`${note}\nThe chart shows: ${chart.alt}`), blocks: [] },
    ]);
  }
}

function logChartFailure(error: unknown, channel: string): string {
  const ref = referenceId();
  logger.error({ err: error, ref, channel }, 'slack: chart upload failed');
  return ref;
}

/** Upload a reply's text file (a course export) into a conversation. Throws on failure. */
export async function uploadTextFile(
  client: SlackClient,
  channel: string,
  file: ReplyFile,
  title: string,
): Promise<void> {
  await client.files.uploadV2({
    channel_id: channel,
    file: Buffer.from(file.content, 'utf8'),
    filename: file.name,
    title: file.name,
    initial_comment: toMrkdwn(title),
  });
}

/**
 * A file for one member: Slack's private replies cannot carry files, so it goes to their DM
 * with the bot (conversations.open, which needs `im:write`, then files.uploadV2 there).
 * → the reference id of a logged failure, or undefined once it is sent.
 */
export async function sendFileToDm(
  client: SlackClient,
  userId: string,
  file: ReplyFile,
  title: string,
): Promise<string | undefined> {
  try {
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open named no channel');
    await uploadTextFile(client, channel, file, title);
    return undefined;
  } catch (error) {
    const ref = referenceId();
    logger.error(
      { err: error, ref, code: slackErrorCode(error), file: file.name },
      'slack: could not send a file to the member’s DM',
    );
    return ref;
  }
}
