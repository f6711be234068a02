/**
 * A local fake of the Slack Web API, on 127.0.0.1: the bot points `apiUrl` at `${url}/api/`.
 * It records every call (method, parsed body, token), serves the file-upload URL it hands out,
 * receives response_url posts, and runs a Socket Mode WebSocket server that
 * apps.connections.open points at. Failures can be scripted per method.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeViews } from './views.js';

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  token?: string;
  at: number;
  /** What the fake answered (e.g. chat.postMessage's `ts`), when it answered ok. */
  response?: Record<string, unknown>;
}

export interface ResponseUrlHit {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Failure {
  /** Slack error code answered with HTTP 200 `{ ok: false, error }`, e.g. `not_in_channel`. */
  error?: string;
  /** An HTTP status instead (429 for rate limits, 500…). */
  status?: number;
  /** Seconds, sent as Retry-After with a 429. */
  retryAfter?: number;
  /** How many calls fail before the method works again (default: all). */
  times?: number;
  /** Only calls to this channel (`channel` or `channel_id`) fail. */
  channel?: string;
  /** Never answer (the request stays open until the fake closes). */
  hang?: boolean;
}

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export const BOT = { userId: 'UBOT0001', botId: 'BBOT0001', teamId: 'T0000001' };

/** A workspace that will install the app: oauth.v2.access exchanges `code` for `token`. */
export interface FakeWorkspace {
  code: string;
  teamId: string;
  teamName?: string;
  /** The bot token the workspace's installation gets (`xoxb-…`). */
  token: string;
  /** The installing user. */
  userId?: string;
}

/** The app's credentials oauth.v2.access checks. */
export const OAUTH_APP = { clientId: '1111111111.2222222222', clientSecret: 'fake-client-secret' };

/** A workspace member as users.info describes one. */
export interface FakeUser {
  name?: string;
  /** profile.display_name (what Slack shows; empty when the member set none). */
  display_name?: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

/** `blocks` and `files` arrive as JSON strings inside form bodies: parse what parses. */
function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        /* keep the string */
      }
    }
    out[key] = value;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlHit[] = [];
  /** Uploaded bytes by file id. */
  readonly uploads = new Map<string, Buffer>();
  /** Everything the bot sent over the Socket Mode WebSocket. */
  readonly socketMessages: SocketAck[] = [];
  /** Members users.info knows; anyone else is an ordinary member. */
  readonly users = new Map<string, FakeUser>();
  /** Workspaces whose OAuth codes oauth.v2.access accepts (each code once, as on Slack). */
  readonly workspaces = new Map<string, FakeWorkspace>();
  /** Tokens Slack no longer accepts (uninstalled, revoked): calls get `token_revoked`. */
  readonly revoked = new Set<string>();
  /** Modals opened with views.open (views.ts). */
  readonly views = new FakeViews();
  private readonly failures = new Map<string, Failure & { left: number }>();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly ackWaiters = new Map<string, (ack: SocketAck) => void>();
  private seq = 0;
  url = '';

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => this.onSocket(ws));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url on this server; hits are recorded under `id`. */
  responseUrl(id: string): string {
    return `${this.url}/response/${encodeURIComponent(id)}`;
  }

  fail(method: string, failure: Failure): void {
    this.failures.set(method, { ...failure, left: failure.times ?? Infinity });
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.uploads.clear();
    this.socketMessages.length = 0;
    this.failures.clear();
    this.users.clear();
  }

  /** Wait for the first post to a response_url id. */
  waitForResponse(id: string, timeoutMs = 5000): Promise<ResponseUrlHit> {
    return this.waitFor(() => this.responsesTo(id)[0], timeoutMs, `a response_url post to ${id}`);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): ResponseUrlHit[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Poll until `check` returns something truthy (or throw after `timeoutMs`). */
  async waitFor<T>(
    check: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs = 5000,
    what = 'condition',
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Send a Socket Mode envelope to every connected client; resolves with the bot's ack. */
  sendEnvelope(envelope: {
    envelope_id: string;
    type: string;
    payload: unknown;
    accepts_response_payload?: boolean;
  }): Promise<SocketAck> {
    const acked = new Promise<SocketAck>((resolve) =>
      this.ackWaiters.set(envelope.envelope_id, resolve),
    );
    if (this.sockets.size === 0) throw new Error('no Socket Mode client is connected');
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
    return acked;
  }

  get socketClients(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as SocketAck;
      this.socketMessages.push(message);
      this.ackWaiters.get(message.envelope_id)?.(message);
      this.ackWaiters.delete(message.envelope_id);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A0000001' },
        debug_info: { host: 'fake' },
      }),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = await readBody(req);
    if (path.startsWith('/response/')) {
      const id = decodeURIComponent(path.slice('/response/'.length));
      this.responses.push({
        id,
        body: JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>,
        at: Date.now(),
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (path.startsWith('/upload/')) {
      this.uploads.set(path.slice('/upload/'.length), await uploadedBytes(req, raw));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - 1');
      return;
    }
    if (!path.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = path.slice('/api/'.length);
    const type = req.headers['content-type'] ?? '';
    const body = type.includes('json')
      ? (JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>)
      : parseForm(raw.toString('utf8'));
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = auth ?? (typeof body.token === 'string' ? body.token : undefined);
    const call: ApiCall = { method, body, token, at: Date.now() };
    this.calls.push(call);
    if (method === 'oauth.v2.access') return json(res, 200, this.exchange(req, body));
    if (token && this.revoked.has(token))
      return json(res, 200, { ok: false, error: 'token_revoked' });

    const failure = this.failures.get(method);
    const applies =
      failure &&
      failure.left > 0 &&
      (!failure.channel || body.channel === failure.channel || body.channel_id === failure.channel);
    if (failure && applies) {
      failure.left -= 1;
      if (failure.hang) return;
      if (failure.status === 429) {
        return json(
          res,
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(failure.retryAfter ?? 1) },
        );
      }
      if (failure.status) {
        res.writeHead(failure.status, { 'content-type': 'text/plain' }).end('fake failure');
        return;
      }
      return json(res, 200, { ok: false, error: failure.error ?? 'fatal_error' });
    }
    call.response = this.answer(method, body);
    json(res, 200, call.response);
  }

  /** Register a workspace that can install the app with `code`. */
  addWorkspace(workspace: FakeWorkspace): FakeWorkspace {
    this.workspaces.set(workspace.code, workspace);
    return workspace;
  }

  /** oauth.v2.access: the app's credentials (form fields or Basic auth) and a one-time code. */
  private exchange(req: IncomingMessage, body: Record<string, unknown>): Record<string, unknown> {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString().split(':')
      : [body.client_id, body.client_secret];
    if (id !== OAUTH_APP.clientId) return { ok: false, error: 'invalid_client_id' };
    if (secret !== OAUTH_APP.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const ws = this.workspaces.get(String(body.code ?? ''));
    if (!ws) return { ok: false, error: 'invalid_code' };
    this.workspaces.delete(ws.code);
    return {
      ok: true,
      app_id: 'A0000001',
      authed_user: { id: ws.userId ?? 'U0000001' },
      scope: 'commands,chat:write,files:write,users:read',
      token_type: 'bot',
      access_token: ws.token,
      bot_user_id: BOT.userId,
      team: { id: ws.teamId, name: ws.teamName ?? ws.teamId },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const ts = () => `1700000000.${String(++this.seq).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'scaling-tutor',
          team_id: BOT.teamId,
          user_id: BOT.userId,
          bot_id: BOT.botId,
        };
      case 'chat.postMessage': {
        const posted = ts();
        return {
          ok: true,
          channel: body.channel,
          ts: posted,
          message: { text: body.text, ts: posted },
        };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.seq).padStart(8, '0')}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files)
          ? (body.files as { id: string; title?: string }[])
          : [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      case 'conversations.open': {
        // A DM with one member: the same channel each time (as Slack answers for an open IM).
        const users = String(body.users ?? '');
        if (!users) return { ok: false, error: 'users_list_not_supplied' };
        if (users.includes(','))
          return { ok: true, channel: { id: `G${users.replace(/,/g, '')}` } };
        return { ok: true, channel: { id: `D${users}` } };
      }
      case 'users.info': {
        const id = String(body.user ?? '');
        if (!id) return { ok: false, error: 'user_not_found' };
        const user = this.users.get(id) ?? {};
        return {
          ok: true,
          user: {
            id,
            team_id: BOT.teamId,
            name: user.name ?? id.toLowerCase(),
            deleted: false,
            is_admin: user.is_admin ?? false,
            is_owner: user.is_owner ?? false,
            is_primary_owner: user.is_primary_owner ?? false,
            is_bot: false,
            profile: {
              display_name: user.display_name ?? '',
              real_name: user.real_name ?? user.name ?? id.toLowerCase(),
            },
          },
        };
      }
      case 'views.open':
        return this.views.open(body);
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace(/^http/, 'ws')}/socket?ticket=fake` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The Node SDK posts upload bytes as multipart form data; take the file part (or the raw body). */
async function uploadedBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return raw;
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': type },
  }).formData();
  let file: Blob | undefined;
  form.forEach((value) => {
    if (typeof value !== 'string') file ??= value;
  });
  return file ? Buffer.from(await file.arrayBuffer()) : raw;
}
