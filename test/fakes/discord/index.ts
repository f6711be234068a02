/**
 * A local fake Discord (API v10) on 127.0.0.1 for end-to-end tests of the real discord.js
 * client: REST under `/api/v10/…` plus the gateway WebSocket advertised by GET /gateway/bot.
 * It records every REST call, enforces the interaction rules tests care about (3 s for the
 * first response, one acknowledgement, 15-minute tokens) and can be told to misbehave:
 * reject the token, answer 429 / 500 / 404 a given number of times, or deny permissions.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageFlags, PermissionFlagsBits, type APIMessage } from 'discord.js';
import { FakeGateway } from './gateway.js';
import { parseBody, type UploadedFile } from './multipart.js';
import * as payloads from './payloads.js';
import { botUser, IDS, message, snowflake, testUser, textChannel } from './payloads.js';
import { FakeThreads } from './threads.js';

export { payloads, IDS };
export { isPng } from './multipart.js';

export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  status: number;
  /** What the fake answered (e.g. the message it created, with its id). */
  response?: unknown;
  /** ms since the fake started. */
  at: number;
  authorized: boolean;
}

export interface FailureRule {
  method?: string;
  path: RegExp;
  status: number;
  /** How many matching calls fail (default 1; Infinity for all). */
  times?: number;
  /** Discord JSON error code, e.g. 50013 Missing Permissions, 10015 Unknown Webhook. */
  code?: number;
  message?: string;
  /** For 429: seconds to wait (also sent as the Retry-After header). */
  retryAfter?: number;
}

interface InteractionState {
  id: string;
  token: string;
  dispatchedAt: number;
  respondedAt?: number;
  callbackType?: number;
  ephemeral: boolean;
  expired: boolean;
  /** The message a component was on (type 7 updates it). */
  messageId?: string;
  /** The modal a MODAL callback (type 9) opened: what the user would see and submit. */
  modal?: FakeModal;
  /** A modal submission (type 5), which may not answer with another modal. */
  submitted: boolean;
}

/** A modal as the bot sent it in a type 9 callback: its id, title and text inputs. */
export interface FakeModal {
  customId: string;
  title: string;
  inputs: { customId: string; label: string; placeholder?: string; style: number }[];
}

export interface FakeDiscordOptions {
  token?: string;
  /** Enforce Discord's 3-second rule for the first response (default true). */
  enforceDeadline?: boolean;
}

const API_PREFIX = /^\/api(?:\/v\d+)?|^\/v\d+/;

export class FakeDiscord extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, APIMessage>();
  readonly registered = new Map<string, unknown[]>();
  readonly interactions = new Map<string, InteractionState>();
  /** Change at run time: a different token makes REST 401 and IDENTIFY 4004. */
  token: string;
  /** IDENTIFY is closed with 4004 even though REST accepts the token. */
  rejectIdentify = false;
  /** Permissions the bot lacks in the channel: posts needing them get 403 / 50013. */
  denied = 0n;
  /** The guilds the bot is in, each sent to its shard's connection. */
  guilds: string[] = [IDS.guild];
  /** What GET /gateway/bot recommends (`DISCORD_SHARDS=auto` runs this many). */
  recommendedShards = 1;
  /** session_start_limit.max_concurrency: shards identifying at once (discord.js waits 5 s otherwise). */
  maxConcurrency = 1;
  readonly gateway: FakeGateway;
  /** Public threads started from messages (test/fakes/discord/threads.ts). */
  readonly threads = new FakeThreads(this.messages, () => this.denied);
  private readonly failures: (FailureRule & { left: number })[] = [];
  private readonly originals = new Map<string, string>();
  private readonly started = Date.now();
  private server!: Server;
  private port = 0;

  constructor(private readonly options: FakeDiscordOptions = {}) {
    super();
    this.token = options.token ?? 'fake-bot-token';
    this.gateway = new FakeGateway({
      token: () => this.token,
      rejectIdentify: () => this.rejectIdentify,
      url: () => this.gatewayUrl,
      guilds: () => this.guilds,
    });
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async listen(): Promise<this> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Make the next matching call(s) fail. */
  fail(rule: FailureRule): void {
    this.failures.push({ ...rule, left: rule.times ?? 1 });
  }
  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Make an interaction's token invalid, as after 15 minutes. */
  expire(interactionId: string): void {
    const state = this.interactions.get(interactionId);
    if (state) state.expired = true;
  }

  // ── dispatching interactions ───────────────────────────────────────────────

  private track(payload: { id: string; token: string; type?: number; message?: APIMessage }): void {
    this.interactions.set(payload.id, {
      id: payload.id,
      token: payload.token,
      dispatchedAt: Date.now(),
      ephemeral: false,
      expired: false,
      submitted: payload.type === 5,
      ...(payload.message ? { messageId: payload.message.id } : {}),
    });
  }

  private fresh(): { id: string; token: string } {
    return { id: snowflake(), token: `itok-${snowflake()}` };
  }

  /** Dispatch a slash command, e.g. `command('optimal', { compute: '6e22' })`; returns the id. */
  command(
    name: string,
    options: Record<string, payloads.OptionValue> = {},
    extra: Partial<payloads.MessageInit> & {
      userId?: string;
      appPermissions?: bigint;
      memberPermissions?: bigint;
      guildId?: string;
      roles?: string[];
      nick?: string;
      /** Files on attachment options, by option name. */
      files?: Record<string, payloads.AttachmentInit>;
    } = {},
  ): string {
    const payload = payloads.chatInput({
      ...this.fresh(),
      name,
      options,
      attachments: extra.files,
      userId: extra.userId,
      ...(extra.guildId ? { guildId: extra.guildId } : {}),
      ...(extra.channelId ? { channelId: extra.channelId } : {}),
      appPermissions: extra.appPermissions,
      memberPermissions: extra.memberPermissions,
      roles: extra.roles,
      nick: extra.nick,
    });
    this.track(payload);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload.id;
  }

  autocomplete(
    name: string,
    focused: string,
    value: string,
    options: Record<string, payloads.OptionValue> = {},
  ): string {
    const payload = payloads.autocomplete({ ...this.fresh(), name, focused, value, options });
    this.track(payload);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload.id;
  }

  /** Click a button; `messageId` must be a message the fake knows (one the bot posted). */
  click(
    customId: string,
    messageId?: string,
    userId?: string,
    extra: { memberPermissions?: bigint } = {},
  ): string {
    const msg =
      (messageId && this.messages.get(messageId)) ||
      message({
        components: [
          { type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: customId }] },
        ],
      });
    this.messages.set(msg.id, msg);
    const payload = payloads.button({
      ...this.fresh(),
      customId,
      message: msg,
      // A click in a thread comes from the thread's channel, as on Discord.
      ...(this.threads.byId.has(msg.channel_id) ? { channelId: msg.channel_id } : {}),
      userId,
      memberPermissions: extra.memberPermissions,
    });
    this.track(payload);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload.id;
  }

  /** The modal an interaction's type 9 callback opened (undefined: none was). */
  modalOf(interactionId: string): FakeModal | undefined {
    return this.interactions.get(interactionId)?.modal;
  }

  /**
   * Submit the modal `interactionId` opened with these values by text input id, as the
   * clicker pressing Submit: a type 5 interaction carrying the button's message.
   */
  submitModal(interactionId: string, values: Record<string, string>, userId?: string): string {
    const state = this.interactions.get(interactionId);
    if (!state?.modal)
      throw new Error(`fake Discord: interaction ${interactionId} opened no modal`);
    const known = new Set(state.modal.inputs.map((i) => i.customId));
    for (const id of Object.keys(values))
      if (!known.has(id)) throw new Error(`fake Discord: the modal has no input ${id}`);
    const msg = state.messageId ? this.messages.get(state.messageId) : undefined;
    const payload = payloads.modalSubmit({
      ...this.fresh(),
      customId: state.modal.customId,
      values,
      userId,
      ...(msg ? { message: msg } : {}),
    });
    this.track(payload);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload.id;
  }

  dispatch(t: string, d: unknown): void {
    if (this.gateway.dispatch(t, d) === 0)
      throw new Error(`fake Discord: no identified gateway connection for ${t}`);
  }

  // ── assertions ─────────────────────────────────────────────────────────────

  callsFor(interactionId: string): RecordedCall[] {
    const state = this.interactions.get(interactionId);
    if (!state) return [];
    return this.calls.filter((c) => c.path.includes(`/${state.token}`));
  }

  /** The message id of an interaction's @original response, once there is one. */
  originalOf(interactionId: string): string | undefined {
    const state = this.interactions.get(interactionId);
    return state && this.originals.get(state.token);
  }

  /** ms from dispatch to the interaction's first callback. */
  firstResponseMs(interactionId: string): number | undefined {
    const s = this.interactions.get(interactionId);
    return s?.respondedAt === undefined ? undefined : s.respondedAt - s.dispatchedAt;
  }

  /** Resolves with the first recorded call (past or future) matching `predicate`. */
  waitFor(
    predicate: (call: RecordedCall) => boolean,
    timeoutMs = 10_000,
    what = 'a matching call',
  ): Promise<RecordedCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('call', listener);
        reject(
          new Error(
            `fake Discord: timed out waiting for ${what}; calls: ${this.calls.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ')}`,
          ),
        );
      }, timeoutMs);
      const listener = (call: RecordedCall) => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.off('call', listener);
        resolve(call);
      };
      this.on('call', listener);
    });
  }

  // ── REST ───────────────────────────────────────────────────────────────────

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(API_PREFIX, '') || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const call: RecordedCall = {
      method,
      path,
      query: url.searchParams,
      body: undefined,
      files: [],
      status: 0,
      at: Date.now() - this.started,
      authorized: req.headers.authorization === `Bot ${this.token}`,
    };
    let status = 500;
    let body: unknown = { message: 'fake Discord error', code: 0 };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    try {
      const parsed = await parseBody(Buffer.concat(chunks), req.headers['content-type']);
      call.body = parsed.json;
      call.files = parsed.files;
      [status, body] = this.route(method, path, call, headers);
    } catch (error) {
      [status, body] = [500, { message: `fake Discord: ${(error as Error).message}`, code: 0 }];
    }
    call.status = status;
    call.response = body;
    this.calls.push(call);
    // Discord's 204s carry no body and no content type (a JSON type would make clients parse "").
    if (status === 204) delete headers['content-type'];
    res.writeHead(status, headers);
    res.end(status === 204 ? undefined : JSON.stringify(body));
    this.emit('call', call);
  }

  private route(
    method: string,
    path: string,
    call: RecordedCall,
    headers: Record<string, string>,
  ): [number, unknown] {
    const rule = this.failures.find(
      (r) => r.left > 0 && r.path.test(path) && (!r.method || r.method === method),
    );
    if (rule) {
      rule.left -= 1;
      if (rule.status === 429) {
        const after = rule.retryAfter ?? 0.05;
        Object.assign(headers, {
          'retry-after': String(after),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(after),
          'x-ratelimit-bucket': 'fakebucket',
          'x-ratelimit-scope': 'user',
        });
        return [429, { message: 'You are being rate limited.', retry_after: after, global: false }];
      }
      return [
        rule.status,
        { message: rule.message ?? `fake failure ${rule.status}`, code: rule.code ?? 0 },
      ];
    }

    const seg = path.split('/').filter(Boolean);
    const unauthorized: [number, unknown] = [401, { message: '401: Unauthorized', code: 0 }];
    const notFound: [number, unknown] = [404, { message: '404: Not Found', code: 0 }];

    // Interaction endpoints authenticate by the interaction token, not the bot token.
    if (seg[0] === 'interactions' && seg[3] === 'callback' && method === 'POST') {
      return this.callback(seg[1]!, seg[2]!, call);
    }
    if (seg[0] === 'webhooks' && seg[1] === IDS.application && seg[2])
      return this.webhook(method, seg.slice(2), call);

    if (!call.authorized) return unauthorized;
    const route = `${method} /${seg.map((s, i) => (i % 2 === 1 && s !== '@me' && seg[i - 1] !== 'gateway' ? ':id' : s)).join('/')}`;
    switch (route) {
      case 'GET /gateway/bot':
        return [
          200,
          {
            url: this.gatewayUrl,
            shards: this.recommendedShards,
            session_start_limit: {
              total: 1000,
              remaining: 999,
              reset_after: 0,
              max_concurrency: this.maxConcurrency,
            },
          },
        ];
      case 'GET /gateway':
        return [200, { url: this.gatewayUrl }];
      case 'GET /users/@me':
        return [200, botUser()];
      case 'GET /applications/@me':
        return [
          200,
          {
            id: IDS.application,
            name: 'Scaling Tutor',
            description: '',
            flags: 0,
            bot_public: true,
            bot_require_code_grant: false,
            verify_key: '0'.repeat(64),
          },
        ];
      case 'POST /users/@me/channels':
        return [
          200,
          {
            id: `9${(call.body as { recipient_id: string }).recipient_id.slice(1)}`,
            type: 1,
            last_message_id: null,
            recipients: [testUser((call.body as { recipient_id: string }).recipient_id)],
          },
        ];
      case 'GET /channels/:id': {
        const thread = this.threads.byId.get(seg[1]!);
        if (thread) return [200, this.threads.channel(thread)];
        return seg[1] === IDS.channel ? [200, textChannel()] : notFound;
      }
      case 'POST /channels/:id/messages/:id/threads':
        return this.threads.start(seg[1]!, seg[3]!, call.body);
      case 'POST /channels/:id/messages':
        return this.post(seg[1]!, call, 0);
      case 'PATCH /channels/:id/messages/:id':
        return this.patchMessage(seg[1]!, seg[3]!, call);
      case 'GET /channels/:id/messages/:id': {
        const found = this.messages.get(seg[3]!);
        return found && found.channel_id === seg[1]
          ? [200, found]
          : [404, { message: 'Unknown Message', code: 10008 }];
      }
      case 'PUT /applications/:id/commands':
      case 'PUT /applications/:id/guilds/:id/commands':
        return this.putCommands(seg, call);
      case 'GET /applications/:id/commands':
      case 'GET /applications/:id/guilds/:id/commands':
        return [200, this.registered.get(seg.slice(0, -1).join('/')) ?? []];
      default:
        return notFound;
    }
  }

  private putCommands(seg: string[], call: RecordedCall): [number, unknown] {
    if (seg[1] !== IDS.application) return [403, { message: 'Missing Access', code: 50001 }];
    const list = (Array.isArray(call.body) ? call.body : []).map((c: Record<string, unknown>) => ({
      id: snowflake(),
      application_id: IDS.application,
      version: snowflake(),
      default_member_permissions: null,
      type: 1,
      ...c,
    }));
    this.registered.set(seg.slice(0, -1).join('/'), list);
    return [200, list];
  }

  /** A 403 when the body needs a permission the bot lacks here. */
  private permissionProblem(call: RecordedCall): [number, unknown] | undefined {
    const body = (call.body ?? {}) as { embeds?: unknown[] };
    const needsEmbeds =
      (body.embeds?.length ?? 0) > 0 && (this.denied & PermissionFlagsBits.EmbedLinks) !== 0n;
    const needsFiles =
      call.files.length > 0 && (this.denied & PermissionFlagsBits.AttachFiles) !== 0n;
    return needsEmbeds || needsFiles
      ? [403, { message: 'Missing Permissions', code: 50013 }]
      : undefined;
  }

  private store(call: RecordedCall, init: Partial<payloads.MessageInit>): APIMessage {
    const body = (call.body ?? {}) as {
      content?: string;
      embeds?: unknown[];
      components?: unknown[];
      flags?: number;
    };
    const msg = message({
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      flags: body.flags ?? 0,
      attachments: call.files.map((f) => ({
        id: snowflake(),
        filename: f.filename,
        size: f.data.length,
        content_type: f.contentType,
        ...(f.description !== undefined ? { description: f.description } : {}),
      })),
      ...init,
    });
    this.messages.set(msg.id, msg);
    return msg;
  }

  private post(channelId: string, call: RecordedCall, type: number): [number, unknown] {
    if (
      channelId !== IDS.channel &&
      !channelId.startsWith('9') &&
      !this.threads.byId.has(channelId)
    )
      return [404, { message: 'Unknown Channel', code: 10003 }];
    const problem = this.threads.postProblem(channelId) ?? this.permissionProblem(call);
    if (problem) return problem;
    return [200, this.store(call, { channelId, type })];
  }

  /** A channel message has been posted by this bot (not an interaction response). */
  channelMessages(channelId = IDS.channel): APIMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && m.type === 0);
  }

  /**
   * PATCH /channels/{id}/messages/{id}: only the bot's own messages; omitted fields keep their
   * value, as on Discord; `attachments` lists the old ones to keep (new files are added).
   */
  private patchMessage(
    channelId: string,
    messageId: string,
    call: RecordedCall,
  ): [number, unknown] {
    const old = this.messages.get(messageId);
    if (!old || old.channel_id !== channelId)
      return [404, { message: 'Unknown Message', code: 10008 }];
    if (old.author.id !== IDS.bot)
      return [403, { message: 'Cannot edit a message authored by another user', code: 50005 }];
    const problem = this.permissionProblem(call);
    if (problem) return problem;
    const body = (call.body ?? {}) as {
      content?: string;
      embeds?: unknown[];
      components?: unknown[];
      attachments?: { id: string | number }[];
    };
    const keep = body.attachments
      ? old.attachments.filter((a) => body.attachments!.some((k) => String(k.id) === a.id))
      : old.attachments;
    const next = this.store(
      { ...call, body: {} },
      {
        id: messageId,
        channelId,
        type: old.type,
        flags: old.flags ?? 0,
        content: body.content ?? old.content,
        embeds: body.embeds ?? old.embeds,
        components: body.components ?? old.components,
      },
    );
    next.attachments = [...keep, ...next.attachments];
    next.edited_timestamp = new Date().toISOString();
    return [200, next];
  }

  private callback(id: string, token: string, call: RecordedCall): [number, unknown] {
    const state = this.interactions.get(id);
    if (!state || state.token !== token || state.expired)
      return [404, { message: 'Unknown interaction', code: 10062 }];
    if (state.respondedAt !== undefined)
      return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
    const now = Date.now();
    if ((this.options.enforceDeadline ?? true) && now - state.dispatchedAt > 3000) {
      return [404, { message: 'Unknown interaction', code: 10062 }];
    }
    const body = (call.body ?? {}) as { type: number; data?: { flags?: number } };
    state.respondedAt = now;
    state.callbackType = body.type;
    state.ephemeral = ((body.data?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    let resource: APIMessage | undefined;
    if (body.type === 4 || body.type === 5) {
      if (body.type === 4) {
        const problem = this.permissionProblem(call);
        if (problem) {
          state.respondedAt = undefined;
          return problem;
        }
      }
      const flags = (body.data?.flags ?? 0) | (body.type === 5 ? MessageFlags.Loading : 0);
      resource = this.store({ ...call, body: { ...(body.data ?? {}), flags } }, { type: 20 });
      this.originals.set(token, resource.id);
    } else if (body.type === 7 && state.messageId) {
      resource = this.update(state.messageId, { ...call, body: body.data });
      this.originals.set(token, state.messageId);
    } else if (body.type === 6 && state.messageId) {
      this.originals.set(token, state.messageId);
    } else if (body.type === 9) {
      // MODAL: only a component or command interaction may open one (not a modal submit).
      if (state.submitted) {
        state.respondedAt = undefined;
        return [400, { message: 'Invalid Form Body', code: 50035 }];
      }
      const modal = readModal(body.data);
      if (typeof modal === 'string') {
        state.respondedAt = undefined;
        return [400, { message: `Invalid Form Body: ${modal}`, code: 50035 }];
      }
      state.modal = modal;
    }
    if (call.query.get('with_response') === 'true') {
      return [
        200,
        {
          interaction: { id, type: 2 },
          ...(resource ? { resource: { type: body.type, message: resource } } : {}),
        },
      ];
    }
    return [204, undefined];
  }

  private update(messageId: string, call: RecordedCall): APIMessage {
    const old = this.messages.get(messageId);
    const next = this.store(call, { id: messageId, channelId: old?.channel_id, type: old?.type });
    return next;
  }

  /** /webhooks/{app}/{token}[/messages/{id}] — followups and edits of interaction replies. */
  private webhook(method: string, rest: string[], call: RecordedCall): [number, unknown] {
    const [token, sub, which] = rest;
    const state = [...this.interactions.values()].find((s) => s.token === token);
    if (!state || state.expired) return [401, { message: 'Invalid Webhook Token', code: 50027 }];
    if (state.respondedAt === undefined) return [404, { message: 'Unknown Webhook', code: 10015 }];
    if (sub === undefined && method === 'POST') {
      const problem = this.permissionProblem(call);
      if (problem) return problem;
      const body = (call.body ?? {}) as { flags?: number };
      return [200, this.store(call, { type: 19, flags: body.flags ?? 0 })];
    }
    if (sub !== 'messages' || !which) return [404, { message: 'Unknown Webhook', code: 10015 }];
    const id = which === '@original' ? this.originals.get(token!) : which;
    const existing = id ? this.messages.get(id) : undefined;
    if (!id || !existing) return [404, { message: 'Unknown Message', code: 10008 }];
    if (method === 'GET') return [200, existing];
    if (method === 'DELETE') {
      this.messages.delete(id);
      if (which === '@original') this.originals.delete(token!);
      return [204, undefined];
    }
    if (method === 'PATCH') {
      const problem = this.permissionProblem(call);
      if (problem) return problem;
      const keepFlags = existing.flags ?? 0;
      const body = { ...((call.body ?? {}) as object), flags: keepFlags & ~MessageFlags.Loading };
      return [
        200,
        this.store({ ...call, body }, { id, channelId: existing.channel_id, type: existing.type }),
      ];
    }
    return [405, { message: '405: Method Not Allowed', code: 0 }];
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).listen();
}

/** Convenience for assertions: the JSON body of a call, typed loosely. */
export const bodyOf = (call: RecordedCall): Record<string, unknown> =>
  (call.body ?? {}) as Record<string, unknown>;

export { snowflake };
export type { UploadedFile };

interface RawModal {
  custom_id?: string;
  title?: string;
  components?: {
    type: number;
    label?: string;
    component?: { type: number; custom_id: string; placeholder?: string; style: number };
  }[];
}

/** A type 9 callback's data: text inputs inside label components (type 18), as Discord takes them. */
function readModal(data: unknown): FakeModal | string {
  const m = (data ?? {}) as RawModal;
  if (!m.custom_id || !m.title || !m.components?.length)
    return 'a modal needs custom_id, title and components';
  if (m.title.length > 45 || m.custom_id.length > 100)
    return 'modal title over 45 or custom_id over 100 characters';
  const bad = m.components.find((c) => c.type !== 18 || c.component?.type !== 4 || !c.label);
  if (bad) return `component ${JSON.stringify(bad)} is not a labelled text input`;
  return {
    customId: m.custom_id,
    title: m.title,
    inputs: m.components.map((c) => {
      if (!c.component || !c.label) throw new Error('unreachable');
      return {
        customId: c.component.custom_id,
        label: c.label,
        style: c.component.style,
        ...(c.component.placeholder ? { placeholder: c.component.placeholder } : {}),
      };
    }),
  };
}
export const EPHEMERAL = MessageFlags.Ephemeral;
export const ownerId = IDS.user;
export const fakeChannelId = IDS.channel;
