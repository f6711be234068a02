/**
 * Modal submissions (`view_submission`, Bolt's `app.view`): the view's callback_id is the
 * action id, its input values become the action's `fields`, and the command runtime answers.
 * A submission stores something (an answer), so like a storeBeforeAck click it is acked once
 * the answer is written — within ACK_BUDGET_MS, then acked regardless — and a refused field
 * comes back on the open modal with `response_action: 'errors'`. Anything else closes the
 * modal; the result then updates the button's message or answers the submitter privately.
 */
import type { App, RespondArguments, RespondFn, ViewSubmitAction } from '@slack/bolt';
import { logger } from '../../logger.js';
import type { ActionResult } from '../../interaction.js';
import { reportFailure } from '../../runtime/index.js';
import { respondPrivately } from './deliver.js';
import {
  ACK_BUDGET_MS,
  clickerContext,
  deliverResult,
  clientFor,
  type ListenerDeps,
} from './listeners.js';
import { originOf } from './modal-view.js';

/**
 * A response_url (from our own private_metadata, round-tripped in a signed request) as Bolt's
 * respond function; only awaited, so Node's fetch Response stands in for Bolt's.
 */
const respondVia = (url: string | undefined): RespondFn | undefined =>
  url
    ? (((message: string | RespondArguments) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
          signal: AbortSignal.timeout(10_000),
        })) as unknown as RespondFn)
    : undefined;

const LATE = Symbol('late');

export function registerModalSubmissions(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(
    { type: 'view_submission', callback_id: /^[A-Za-z0-9_.-]+:/ },
    async ({ ack, body, view, context }) => {
      const actionId = view.callback_id;
      const origin = originOf(view.private_metadata);
      const fields: Record<string, string> = {};
      for (const block of Object.values(view.state.values))
        for (const [id, input] of Object.entries(block))
          if (input.type === 'plain_text_input') fields[id] = input.value ?? '';
      const teamId = body.team?.id ?? body.user.team_id;
      const ctx = clickerContext(deps, {
        user: body.user,
        teamId,
        channel: origin.channel,
        actionId,
        fields,
        ...(origin.ts ? { messageId: origin.ts } : {}),
      });
      const respond = respondVia(origin.url);
      let acked = false;
      const ackOnce = async (errors?: Record<string, string>) => {
        if (acked) return;
        acked = true;
        await (errors ? ack({ response_action: 'errors', errors }) : ack()).catch(
          (error: unknown) => logger.warn({ err: error }, 'slack: view ack failed'),
        );
      };
      let budget: NodeJS.Timeout | undefined;
      try {
        const running = deps.runtime.act(ctx);
        const first = await Promise.race([
          running,
          new Promise<typeof LATE>((r) => (budget = setTimeout(() => r(LATE), ACK_BUDGET_MS))),
        ]);
        let result: ActionResult;
        if (first === LATE) {
          // Too slow to point at the field: close the modal; the reply says what happened.
          await ackOnce();
          result = await running;
        } else {
          const errors =
            first.errors && Object.keys(first.errors).length > 0 ? first.errors : undefined;
          await ackOnce(errors);
          // The open modal shows what was wrong with the field; nothing was stored.
          if (errors) return;
          result = first;
        }
        const client = await clientFor(deps, context, origin.channel);
        await deliverResult(
          { client, respond, channel: origin.channel, ts: origin.ts, ephemeral: origin.ephemeral },
          body.user.id,
          result,
          deps,
        );
      } catch (error) {
        await ackOnce();
        await respondPrivately(
          respond,
          reportFailure(error, { action: actionId }, 'slack: modal submission failed'),
        );
      } finally {
        clearTimeout(budget);
      }
    },
  );
}
