/**
 * The Slack Messenger: channel messages outside one command's request, for quiz rounds (the
 * question, live counts, the reveal, the summary). A round lives for minutes and edits its
 * messages many times, so this uses the Web API, not a response_url (which expires after 30
 * minutes, allows 5 posts and cannot edit a message it did not post):
 *   post → chat.postMessage (Block Kit, one message) → the message `ts` is the MessageRef's
 *          messageId; a chart follows with files.uploadV2, its alt text as the comment;
 *   edit → chat.update(channel, ts). An edit whose reply has no buttons removes them.
 *
 * Edits of one message are applied in the order they were asked for, and an edit still waiting
 * when a newer one arrives is skipped: a throttled "12 answered" held back by a 429 can never
 * land after the reveal and put the answer buttons back.
 *
 * Failures throw (the engine decides what a failed post means for the round). When Slack says the
 * bot is not in the conversation, the time is remembered per channel (`refusedSince`), so the
 * command that caused it can tell its user how to invite the bot.
 */
import type { MessageRef, Messenger } from '../../../commands/define.js';
import type { Reply } from '../../reply.js';
import { logger } from '../../logger.js';
import type { ChartRenderer } from '../shared/chart.js';
import { renderReplyChart } from '../shared/chart.js';
import { cannotPostHere, slackErrorCode, type SlackClient } from './deliver.js';
import { renderReply } from './render.js';
import { toMrkdwn } from './text.js';

export interface SlackMessenger extends Messenger {
  /** Did Slack refuse the bot in `channelId` (not_in_channel, channel_not_found) at or after `since`? */
  refusedSince(channelId: string, since: number): boolean;
}

export interface SlackMessengerOptions {
  client: SlackClient;
  renderChart: ChartRenderer;
  now?: () => number;
}

/** How many channels' refusals are remembered (oldest forgotten first). */
const MAX_REFUSALS = 1000;

export function createSlackMessenger(options: SlackMessengerOptions): SlackMessenger {
  const { client } = options;
  const now = options.now ?? Date.now;
  const refusals = new Map<string, number>();
  const edits = new Map<string, { seq: number; tail: Promise<void> }>();

  /** Remember a not-in-channel refusal; rethrow every error as it was. */
  const noteFailure = (channel: string, error: unknown): never => {
    if (cannotPostHere(error)) {
      refusals.delete(channel);
      refusals.set(channel, now());
      if (refusals.size > MAX_REFUSALS) refusals.delete(refusals.keys().next().value!);
    }
    throw error;
  };

  const render = (reply: Reply) => {
    // One message: its ts is the one thing the engine can edit later.
    const [message] = renderReply(reply, { maxMessages: 1 });
    if (!message) throw new Error('slack: a reply rendered to no message');
    return message;
  };

  async function uploadChart(
    channel: string,
    reply: Reply,
    chart: Awaited<ReturnType<typeof renderReplyChart>>['chart'],
  ): Promise<void> {
    if (!chart) return;
    try {
      await client.files.uploadV2({
        channel_id: channel,
        file: chart.png,
        filename: chart.filename,
        title: reply.title.replace(/\*\*/g, ''),
        // The alt text where everyone sees it (alt text given at upload is not reliably shown).
        initial_comment: `📈 ${toMrkdwn(chart.alt)}`,
      });
    } catch (error) {
      logger.warn(
        { err: error, code: slackErrorCode(error), channel },
        'slack: quiz chart upload failed; posting its description instead',
      );
      await client.chat
        .postMessage({
          channel,
          text: toMrkdwn(`The chart could not be uploaded. It shows: ${chart.alt}`),
        })
        .catch((e: unknown) => logger.warn({ err: e }, 'slack: chart description not posted'));
    }
  }

  async function applyEdit(ref: MessageRef, reply: Reply): Promise<void> {
    const { reply: final, chart } = await renderReplyChart(reply, options.renderChart);
    const message = render(final);
    try {
      await client.chat.update({ channel: ref.channelId, ts: ref.messageId, ...message });
    } catch (error) {
      noteFailure(ref.channelId, error);
    }
    await uploadChart(ref.channelId, final, chart);
  }

  return {
    async post(channelId: string, reply: Reply): Promise<MessageRef> {
      const { reply: final, chart } = await renderReplyChart(reply, options.renderChart);
      const message = render(final);
      let ts: string | undefined;
      try {
        const res = await client.chat.postMessage({
          channel: channelId,
          unfurl_links: false,
          unfurl_media: false,
          ...message,
        });
        ts = res.ts;
      } catch (error) {
        noteFailure(channelId, error);
      }
      if (!ts) throw new Error('slack: chat.postMessage returned no ts');
      await uploadChart(channelId, final, chart);
      return { platform: 'slack', channelId, messageId: ts };
    },

    edit(ref: MessageRef, reply: Reply): Promise<void> {
      if (ref.platform !== 'slack')
        return Promise.reject(new Error(`slack: cannot edit a ${ref.platform} message`));
      const key = `${ref.channelId}:${ref.messageId}`;
      const state = edits.get(key) ?? { seq: 0, tail: Promise.resolve() };
      edits.set(key, state);
      const mine = ++state.seq;
      // Skipped if a newer edit of this message was asked for while this one waited its turn.
      const run = () => (mine === state.seq ? applyEdit(ref, reply) : Promise.resolve());
      const result = state.tail.then(run, run);
      state.tail = result.catch(() => undefined);
      void state.tail.then(() => {
        if (state.seq === mine && edits.get(key) === state) edits.delete(key);
      });
      return result;
    },

    async link(ref: MessageRef): Promise<string | undefined> {
      try {
        const res = await client.chat.getPermalink({
          channel: ref.channelId,
          message_ts: ref.messageId,
        });
        return res.permalink;
      } catch {
        return undefined; // a link is a nicety; the message still says where to look
      }
    },

    refusedSince(channelId: string, since: number): boolean {
      const at = refusals.get(channelId);
      return at !== undefined && at >= since;
    },
  };
}
