/**
 * Requests signed like Slack signs them: `v0=` + HMAC-SHA256(secret, `v0:${ts}:${body}`) in
 * x-slack-signature, the Unix time in x-slack-request-timestamp. Slash commands are form
 * fields; interactivity is one form field, `payload`, holding JSON.
 */
import { createHmac } from 'node:crypto';

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature(secret, timestamp, body),
  };
}

export interface SlashCommandFields {
  command: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  response_url: string;
  trigger_id?: string;
}

/** The form fields Slack sends for a slash command, with plausible defaults. */
export function slashCommandFields(fields: SlashCommandFields): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0000001',
    team_domain: 'course',
    channel_id: 'C0000001',
    channel_name: 'scaling-laws',
    user_id: 'U0000001',
    user_name: 'ada',
    api_app_id: 'A0000001',
    is_enterprise_install: 'false',
    trigger_id: `${Date.now()}.trigger`,
    text: '',
    ...fields,
  } as Record<string, string>;
}

export const slashCommandBody = (fields: SlashCommandFields): string =>
  new URLSearchParams(slashCommandFields(fields)).toString();

export interface BlockActionFields {
  actionId: string;
  userId?: string;
  /** The clicker's handle (default `ada`). */
  userName?: string;
  channelId?: string;
  messageTs: string;
  responseUrl: string;
  ephemeral?: boolean;
}

/** A `block_actions` payload for a button click on a message. */
export function blockActionsPayload(f: BlockActionFields): Record<string, unknown> {
  const channel = f.channelId ?? 'C0000001';
  return {
    type: 'block_actions',
    user: {
      id: f.userId ?? 'U0000001',
      username: f.userName ?? 'ada',
      name: f.userName ?? 'ada',
      team_id: 'T0000001',
    },
    api_app_id: 'A0000001',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: f.messageTs,
      channel_id: channel,
      is_ephemeral: f.ephemeral ?? false,
    },
    trigger_id: `${Date.now()}.trigger`,
    team: { id: 'T0000001', domain: 'course' },
    channel: { id: channel, name: 'scaling-laws' },
    message: { type: 'message', ts: f.messageTs, text: 'a message with buttons', user: 'UBOT0001' },
    response_url: f.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: f.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Button', emoji: true },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

export const blockActionsBody = (f: BlockActionFields): string =>
  new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(f)) }).toString();

export interface PostResult {
  status: number;
  text: string;
  ms: number;
  /** The `x-request-id` the bot answered with (what its logs and failure refs name). */
  requestId?: string;
}

/** POST a form body to the bot, signed with `secret` (or with the headers given). */
export async function postSigned(
  url: string,
  body: string,
  opts: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {},
): Promise<PostResult> {
  const started = performance.now();
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    ...(opts.secret ? signedHeaders(opts.secret, body, opts.timestamp) : {}),
    ...opts.headers,
  };
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  const requestId = res.headers.get('x-request-id') ?? undefined;
  return { status: res.status, text, ms: performance.now() - started, requestId };
}
