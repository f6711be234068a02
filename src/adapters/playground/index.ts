/**
 * The local playground: the whole bot in a browser page that behaves like a chat channel,
 * with no platform credentials. It mounts on the one shared HttpServer:
 *
 *   GET  /                    the page            GET  /assets/<file>    its CSS and JS
 *   GET  /api/commands        completion data     GET  /api/events       server-sent events
 *   POST /api/command         run `/name text`    POST /api/action       click a button
 *   POST /api/submit          a modal's form     POST /api/upload       a file for a command
 *   GET  /charts/<id>.png     rendered charts    GET  /index.html       the page again
 *
 * Routes are exact paths except `/assets/` and `/charts/` (prefixes), so mount order does not
 * matter. The server answers only requests that name its own host (DNS rebinding).
 */
import { staffCheck } from '../../settings/service.js';
import type { Services } from '../../services.js';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { commands as registry } from '../../../commands/index.js';
import type { AnyCommand, CommandContext, Messenger } from '../../../commands/define.js';
import { optionSpecs, usage } from '../../../commands/schema.js';
import type { HttpServer } from '../../http/server.js';
import { logger } from '../../logger.js';
import type { ModalRequest } from '../../interaction.js';
import type { Reply } from '../../reply.js';
import {
  createRuntime,
  isPrivateReply,
  reportFailure,
  type Cooldown,
} from '../../runtime/index.js';
import { renderReplyChart, type ChartRenderer } from '../shared/chart.js';
import { sizeText } from '../shared/upload.js';
import { ChartCache } from './chart-cache.js';
import { HttpError, hasToken, isSameOrigin, readJson, sendError, sendJson } from './http.js';
import { createPlaygroundMessenger } from './messenger.js';
import { PendingModals } from './modals.js';
import { toWireReply, type WireContext } from './render.js';
import { mountStatic } from './static-routes.js';
import { Channel, visibleTo, type StoredMessage } from './store.js';
import { PLAYGROUND } from './adapter.js';

export interface PlaygroundOptions {
  renderChart: ChartRenderer;
  commands?: readonly AnyCommand[];
  /** The store-backed services commands reach through their context (quiz, flashcards). */
  services?: Services;
  /** The per-command cooldowns' book (tests pass a wider window). */
  cooldown?: Cooldown;
}

export interface Playground {
  stop(): void;
  messenger: Messenger;
}

/** The simulated classmates one person can switch between; Ada is the course's TA. */
export const CLASSMATES = [
  { id: 'ada', name: 'Ada', staff: true },
  { id: 'ben', name: 'Ben' },
  { id: 'chen', name: 'Chen' },
  { id: 'dee', name: 'Dee' },
] as const;
type Classmate = (typeof CLASSMATES)[number];

export const CHANNEL_ID = 'playground';
const MAX_TEXT = 2000;
/** The largest file the picker sends (commands declare their own, smaller or equal, caps). */
const UPLOAD_LIMIT = 1024 * 1024;
const COMMAND_EXAMPLE = '{"user":"ada","text":"/optimal 6e22"}';

export function mountPlayground(http: HttpServer, options: PlaygroundOptions): Playground {
  const commands = options.commands ?? registry;
  const channel = new Channel();
  const charts = new ChartCache();
  const runtime = createRuntime({ commands, cooldown: options.cooldown });
  const token = randomBytes(16).toString('hex');
  const modals = new PendingModals();

  /** Show a reply in a message: the text at once, then the chart when the pool has drawn it. */
  async function show(message: StoredMessage, reply: Reply): Promise<void> {
    const version = ++message.version;
    message.thinking = false;
    message.reply = toWireReply(reply);
    message.chart = reply.chart ? { state: 'pending' } : undefined;
    channel.changed(message);
    if (!message.chart) return;
    const rendered = await renderReplyChart(reply, options.renderChart);
    if (message.version !== version) return; // edited again while drawing
    if (rendered.chart) {
      const { alt, width, height } = rendered.chart;
      const url = `/charts/${charts.put(rendered.chart)}.png`;
      message.chart = { state: 'ready', url, alt, width, height };
    } else {
      message.chart = undefined;
      message.reply = toWireReply(rendered.reply);
    }
    channel.changed(message);
  }

  /** Post a reply as a new message; private replies go to `user` only. */
  function post(reply: Reply, user?: Classmate, context?: WireContext): StoredMessage {
    const hidden = isPrivateReply(reply) && user !== undefined;
    const message = channel.add({
      channelId: CHANNEL_ID,
      visibility: hidden ? 'private' : 'public',
      forUser: hidden ? user.id : undefined,
      context,
      thinking: true,
    });
    void show(message, reply).catch(logFailure);
    return message;
  }

  const messenger = createPlaygroundMessenger(channel, show, logFailure);

  const contextFor = (user: Classmate): CommandContext => ({
    platform: PLAYGROUND,
    messenger,
    user: { id: user.id, name: user.name },
    channel: { id: CHANNEL_ID },
    server: { id: CHANNEL_ID },
    // Ada, or a classmate on the playground's TA list (/settings set taUsers ben).
    isStaff: staffCheck({
      platform: PLAYGROUND,
      serverId: CHANNEL_ID,
      userId: user.id,
      base: () => Promise.resolve('staff' in user && user.staff),
      settings: () => options.services?.settings?.() ?? Promise.resolve(undefined),
    }),
    commands,
    uploadHint: (command) => `type /${command} and pick the file with 📎`,
    ...(options.services ? { services: options.services } : {}),
  });

  /** `/name text` typed by a classmate: a "thinking…" message now, the answer when ready. */
  function runLine(
    user: Classmate,
    line: string,
    upload?: { option: string; name: string; content: string },
  ): string {
    const context: WireContext = { user: user.name, kind: 'command', text: line.trim() };
    const found = runtime.resolve(line);
    if (!found.command) return post(found.reply, user, context).id;
    const { command } = found;
    const placeholder = channel.add({
      channelId: CHANNEL_ID,
      visibility: command.policy.visibility,
      forUser: command.policy.visibility === 'private' ? user.id : undefined,
      context,
      thinking: true,
    });
    void (async () => {
      let reply: Reply;
      try {
        const files = upload ? { [upload.option]: upload.content } : undefined;
        const ctx = contextFor(user);
        if (upload) ctx.upload = { name: upload.name };
        reply = await runtime.invoke(command, { text: found.text, files }, ctx);
      } catch (error) {
        reply = reportFailure(error, { command: command.name }, 'playground command failed');
      }
      if (placeholder.visibility === 'public' && isPrivateReply(reply)) {
        // A public "thinking…" cannot become private in place: swap it for a private message.
        channel.remove(placeholder);
        post(reply, user, context);
      } else {
        await show(placeholder, reply);
      }
    })().catch(logFailure);
    return placeholder.id;
  }

  async function click(
    user: Classmate,
    actionId: string,
    messageId: string,
  ): Promise<ModalRequest | undefined> {
    const message = channel.get(messageId);
    if (!message || !visibleTo(message, user.id)) throw new HttpError(404, 'No such message.');
    const button = message.reply?.actions?.flat().find((a) => a.id === actionId);
    // Only buttons the message shows can be pressed, as on the real platforms.
    if (!button || button.disabled) throw new HttpError(409, 'That button is not on the message.');
    const result = await runtime.act({ ...contextFor(user), actionId, messageId });
    if (result.modal) {
      modals.remember(user.id, messageId, result.modal);
      return result.modal;
    }
    if (result.update) await show(message, result.update);
    if (result.reply)
      post(result.reply, user, { user: user.name, kind: 'click', text: button.label });
    return undefined;
  }

  /** An in-page form's submission: refused fields come back for the form to show. */
  async function submit(
    user: Classmate,
    actionId: string,
    fields: unknown,
  ): Promise<Record<string, string> | undefined> {
    const { messageId } = modals.check(user.id, actionId, fields);
    const typed = fields as Record<string, string>;
    const result = await runtime.act({ ...contextFor(user), actionId, messageId, fields: typed });
    if (result.errors && Object.keys(result.errors).length > 0) return result.errors;
    modals.close(user.id, actionId);
    const message = channel.get(messageId);
    if (result.update && message) await show(message, result.update);
    const update = result.update && !message ? result.update : undefined;
    const reply = result.reply ?? update;
    if (reply)
      post(reply, user, { user: user.name, kind: 'typed', text: Object.values(typed).join(' ') });
    return undefined;
  }

  // --- routes -------------------------------------------------------------------------

  /** Wrap an API handler: same-origin only, token on writes, HttpErrors as JSON. */
  const api =
    (write: boolean, handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      try {
        if (!isSameOrigin(req)) throw new HttpError(403, 'Cross-site requests are not accepted.');
        if (write && !hasToken(req, token)) {
          throw new HttpError(403, 'Missing or stale page token: reload the page.');
        }
        await handler(req, res);
      } catch (error) {
        sendError(req, res, error);
      }
    };

  http.route(
    'GET',
    '/api/commands',
    api(false, async (_req, res) => {
      sendJson(res, 200, {
        classmates: CLASSMATES,
        commands: await Promise.all(commands.map(describe)),
      });
    }),
  );

  http.route(
    'GET',
    '/api/events',
    api(false, async (req, res) => {
      const user = classmate(new URL(req.url ?? '/', 'http://x').searchParams.get('user'));
      const address = req.socket.remoteAddress ?? '';
      const refusal = channel.refuse(user.id, address);
      if (refusal) throw new HttpError(refusal.status, refusal.message);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      res.write('retry: 1500\n\n');
      channel.subscribe(user.id, res, address);
    }),
  );

  http.route(
    'POST',
    '/api/command',
    api(true, async (req, res) => {
      const body = await readJson(req, COMMAND_EXAMPLE);
      const user = classmate(body.user);
      if (typeof body.text !== 'string' || body.text.trim() === '') {
        throw new HttpError(400, `Send {"user", "text"}, e.g. ${COMMAND_EXAMPLE}.`);
      }
      if (body.text.length > MAX_TEXT) throw new HttpError(413, 'That message is too long.');
      sendJson(res, 202, { messageId: runLine(user, body.text) });
    }),
  );

  // The file picker: the command line and the chosen file's text, for an attachment option.
  http.route(
    'POST',
    '/api/upload',
    api(true, async (req, res) => {
      const example =
        '{"user":"ada","text":"/course import","filename":"week-3.csv","content":"id,type,…"}';
      const body = await readJson(req, example, UPLOAD_LIMIT + 64 * 1024);
      const user = classmate(body.user);
      const { text, filename, content } = body;
      if (typeof text !== 'string' || typeof filename !== 'string' || typeof content !== 'string')
        throw new HttpError(400, `Send {"user", "text", "filename", "content"}, e.g. ${example}.`);
      if (text.length > MAX_TEXT) throw new HttpError(413, 'That message is too long.');
      const found = runtime.resolve(text);
      const option =
        found.command && optionSpecs(found.command).find((s) => s.type === 'attachment');
      if (!found.command || !option)
        throw new HttpError(400, `${text.slice(0, 60)} takes no file; try /fit or /course import.`);
      const cap = option.maxBytes ?? UPLOAD_LIMIT;
      if (Buffer.byteLength(content) > cap)
        throw new HttpError(
          413,
          `${filename.slice(0, 80)} is larger than ${sizeText(cap)}; split it into several files.`,
        );
      const name = filename.slice(0, 200);
      sendJson(res, 202, {
        messageId: runLine(user, text, { option: option.name, name, content }),
      });
    }),
  );

  http.route(
    'POST',
    '/api/action',
    api(true, async (req, res) => {
      const body = await readJson(req, '{"user":"ada","actionId":"…","messageId":"m1"}');
      const user = classmate(body.user);
      const { actionId, messageId } = body;
      if (typeof actionId !== 'string' || typeof messageId !== 'string') {
        throw new HttpError(400, 'Send {"user", "actionId", "messageId"}.');
      }
      const modal = await click(user, actionId, messageId);
      sendJson(res, 200, modal ? { ok: true, modal } : { ok: true });
    }),
  );

  // A modal's form, submitted: 422 with the fields' errors when a value is refused.
  http.route(
    'POST',
    '/api/submit',
    api(true, async (req, res) => {
      const example = '{"user":"ada","actionId":"…","fields":{"value":"22.4B"}}';
      const body = await readJson(req, example);
      const user = classmate(body.user);
      if (typeof body.actionId !== 'string')
        throw new HttpError(400, `Send {"user", "actionId", "fields"}, e.g. ${example}.`);
      const errors = await submit(user, body.actionId, body.fields);
      sendJson(res, errors ? 422 : 200, errors ? { ok: false, errors } : { ok: true });
    }),
  );

  mountStatic(http, charts, token);

  return {
    messenger,
    stop: () => channel.close(),
  };
}

function classmate(id: unknown): Classmate {
  const found = CLASSMATES.find((c) => c.id === id);
  if (!found) {
    const ids = CLASSMATES.map((c) => c.id).join(', ');
    throw new HttpError(400, `user must be one of ${ids}.`);
  }
  return found;
}

/** A command as the page's completion needs it, with static suggestions where there are any. */
async function describe(command: AnyCommand) {
  const options = await Promise.all(
    optionSpecs(command).map(async (spec) => {
      const suggest = command.suggest?.[spec.name];
      // Suggesters may be async (saved fits, course decks); without a server they offer the
      // built-in choices, which is what the page completes from.
      const offered = await suggest?.('');
      const suggestions = Array.isArray(offered) ? offered.slice(0, 25) : undefined;
      return suggestions ? { ...spec, suggestions } : spec;
    }),
  );
  return {
    name: command.name,
    description: command.description,
    usage: usage(command),
    examples: command.examples,
    options,
  };
}

function logFailure(error: unknown): void {
  logger.error({ err: error }, 'playground: could not deliver a reply');
}
