/**
 * The Slack Messenger: channel messages outside one command's request, for quiz rounds (the
 * question, live counts, the reveal, the summary). A round lives for minutes and edits its
 * messages many times, so this uses the Web API, not a response_url (which expires after 30
 * minutes, allows 5 posts and cannot edit a message it did not post):
 *   post → chat.postMessage (Block Kit, one message) → the message `ts` is the MessageRef's
 *          messageId; a chart follows with files.uploadV2, its alt text as the comment;
 *   edit → chat.update(channel, ts). An edit whose reply has no buttons removes them.
 *   thread → no call: a thread is the replies under a message, so `startThread` names the
 *          parent's ts and later posts carry `thread_ts`. A thread post marked `broadcast`
 *          (a round's summary) adds `reply_broadcast: true`: one message shown both in the
 *          thread and in the channel, so it is one call and one ts to edit, not two copies.
 *
 * Edits of one message are applied in the order they were asked for, and an edit still waiting
 * when a newer one arrives is skipped: a throttled "12 answered" held back by a 429 can never
 * land after the reveal and put the answer buttons back.
 *
 * Under a rate limit (kept per channel for chat.update, see client.ts) an edit marked
 * `droppable` (a live "N answered" count) is dropped rather than waited for: it would hold the
 * round's queue, and the next edit says more anyway. Any other edit (a reveal, the grade buttons
 * of a card) waits out Retry-After and is never dropped. A caller that does not say is judged
 * by its buttons: unchanged buttons are taken for a live count.
 *
 * Failures throw a `DeliveryError` (failures.ts); `hint` gives Slack's remedy (`/invite`).
 *
 * The engine decides what a failed post means for the round, and quotes `hint` to the user
 * (invite the bot, Slack had a server error, Slack did not answer in time…).
 */
import type { MessageRef, Messenger } from '../../../commands/define.js';
import { DeliveryError } from '../../delivery.js';
import type { EditOptions, PostOptions } from '../../interaction.js';
import type { Reply } from '../../reply.js';
import { logger } from '../../logger.js';
import type { ChartRenderer } from '../shared/chart.js';
import { renderReplyChart } from '../shared/chart.js';
import { rateLimitedFor, RateLimitedNow } from './client.js';
import { cannotPostHere, slackErrorCode, type SlackClient } from './deliver.js';
import { slackHint, toDeliveryError } from './failures.js';
import { renderReply } from './render.js';
import { toMrkdwn } from './text.js';
import { SLACK } from './adapter.js';

export type SlackMessenger = Messenger;

export interface SlackMessengerOptions {
  /** The client of a channel's workspace (one token, or one per workspace with OAuth). */
  clientFor: (channelId: string) => Promise<SlackClient>;
  /** The clients' per-attempt timeout, for failure messages. */
  timeoutMs: number;
  renderChart: ChartRenderer;
  now?: () => number;
}

/** How many channels' failures, and messages' buttons, are remembered (oldest forgotten first). */
const MAX_REMEMBERED = 1000;

/** Remember `value` under `key` in a map kept to MAX_REMEMBERED entries, most recent last. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value!);
}

/** The buttons a reply leaves on its message (a live count keeps them; a reveal changes them). */
const buttonsOf = (reply: Reply): string =>
  JSON.stringify((reply.actions ?? []).map((row) => row.map((a) => a.id)));

/** chat.postMessage's thread arguments (Slack's types keep `reply_broadcast` with `thread_ts`). */
function threadArgs(threadTs: string | undefined, broadcast: boolean) {
  if (!threadTs) return {};
  return broadcast
    ? { thread_ts: threadTs, reply_broadcast: true }
    : { thread_ts: threadTs, reply_broadcast: false as const };
}

export function createSlackMessenger(options: SlackMessengerOptions): SlackMessenger {
  const { clientFor, timeoutMs } = options;
  const edits = new Map<string, { seq: number; tail: Promise<void> }>();
  /** `channel:ts` → the buttons the message shows now (as far as this process knows). */
  const shown = new Map<string, string>();

  /** A failed call in `channel`, as the DeliveryError the engine understands. */
  const noteFailure = (_channel: string, error: unknown): never => {
    throw toDeliveryError(error, timeoutMs);
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
    threadTs?: string,
  ): Promise<void> {
    if (!chart) return;
    const client = await clientFor(channel);
    try {
      await client.files.uploadV2({
        ...(threadTs ? { channel_id: channel, thread_ts: threadTs } : { channel_id: channel }),
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
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: toMrkdwn(`The chart could not be uploaded. It shows: ${chart.alt}`),
        })
        .catch((e: unknown) => logger.warn({ err: e }, 'slack: chart description not posted'));
    }
  }

  async function applyEdit(
    ref: MessageRef,
    reply: Reply,
    droppable: boolean | undefined,
  ): Promise<void> {
    const { reply: final, chart } = await renderReplyChart(reply, options.renderChart);
    const message = render(final);
    const key = `${ref.channelId}:${ref.messageId}`;
    const buttons = buttonsOf(final);
    // The caller says whether this is a live count; without a word, unchanged buttons mean one.
    const drop = droppable ?? shown.get(key) === buttons;
    const args = { channel: ref.channelId, ts: ref.messageId, ...message };
    try {
      const client = await clientFor(ref.channelId);
      if (drop) await client.tryApiCall('chat.update', args);
      else await client.chat.update(args);
    } catch (error) {
      if (drop && (error instanceof RateLimitedNow || rateLimitedFor(error) !== undefined)) {
        logger.info({ channel: ref.channelId }, 'slack: rate limited; live update dropped');
        return;
      }
      // Only a refusal is worth telling a later command about; other edit failures are logged.
      if (cannotPostHere(error)) noteFailure(ref.channelId, error);
      throw toDeliveryError(error, timeoutMs);
    }
    remember(shown, key, buttons);
    await uploadChart(ref.channelId, final, chart);
  }

  return {
    async post(channelId: string, reply: Reply, postOptions?: PostOptions): Promise<MessageRef> {
      const { reply: final, chart } = await renderReplyChart(reply, options.renderChart);
      const message = render(final);
      const threadTs = postOptions?.thread?.threadId;
      let ts: string | undefined;
      try {
        const client = await clientFor(channelId);
        const res = await client.chat.postMessage({
          channel: channelId,
          unfurl_links: false,
          unfurl_media: false,
          ...message,
          ...threadArgs(threadTs, postOptions?.broadcast === true),
        });
        ts = res.ts;
      } catch (error) {
        noteFailure(channelId, error);
      }
      if (!ts) throw new DeliveryError('platform_error', 'chat.postMessage returned no ts');
      remember(shown, `${channelId}:${ts}`, buttonsOf(final));
      await uploadChart(channelId, final, chart, threadTs);
      return { platform: SLACK, channelId, messageId: ts };
    },

    // The parent's ts is the thread: nothing to create, nothing Slack can refuse here.
    startThread: async (from: MessageRef) => ({
      platform: SLACK,
      channelId: from.channelId,
      threadId: from.messageId,
    }),

    hint: (error) => slackHint(error, timeoutMs),

    edit(ref: MessageRef, reply: Reply, editOptions: EditOptions = {}): Promise<void> {
      if (ref.platform !== 'slack')
        return Promise.reject(new Error(`slack: cannot edit a ${ref.platform} message`));
      const key = `${ref.channelId}:${ref.messageId}`;
      const state = edits.get(key) ?? { seq: 0, tail: Promise.resolve() };
      edits.set(key, state);
      const mine = ++state.seq;
      // Skipped if a newer edit of this message was asked for while this one waited its turn.
      const run = () =>
        mine === state.seq ? applyEdit(ref, reply, editOptions.droppable) : Promise.resolve();
      const result = state.tail.then(run, run);
      state.tail = result.catch(() => undefined);
      void state.tail.then(() => {
        if (state.seq === mine && edits.get(key) === state) edits.delete(key);
      });
      return result;
    },

    async link(ref: MessageRef): Promise<string | undefined> {
      try {
        const client = await clientFor(ref.channelId);
        const res = await client.chat.getPermalink({
          channel: ref.channelId,
          message_ts: ref.messageId,
        });
        return res.permalink;
      } catch {
        return undefined; // a link is a nicety; the message still says where to look
      }
    },
  };
}
