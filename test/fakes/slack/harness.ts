/**
 * The real Slack adapter (a real Bolt App in HTTP mode) on the shared HttpServer at 127.0.0.1,
 * talking to a FakeSlack. Tests send signed slash commands and clicks and read what the fake saw.
 */
import type { AnyCommand } from '../../../commands/define.js';
import { commands as registry } from '../../../commands/index.js';
import { startSlack, type SlackAdapter } from '../../../src/adapters/slack/index.js';
import type { ChartRenderer } from '../../../src/adapters/shared/chart.js';
import type { Cooldown } from '../../../src/runtime/index.js';
import { HttpServer } from '../../../src/http/server.js';
import { createLogger, setLogger } from '../../../src/logger.js';
import { FakeSlack } from './server.js';
import type { OpenedView } from './views.js';
import {
  blockActionsBody,
  postSigned,
  slashCommandBody,
  type PostResult,
  type SlashCommandFields,
} from './signing.js';
import type { Services } from '../../../src/services.js';
import type { NameOptions } from '../../../src/adapters/slack/names.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-bot-token';

/** Capture the process logger's JSON lines (quiet tests; assertions about refs and secrets). */
export function captureLogs(): string[] {
  const lines: string[] = [];
  setLogger(
    createLogger('debug', {
      write: (line: string) => void lines.push(line),
    }),
  );
  return lines;
}

export interface Harness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  eventsUrl: string;
  /** POST a signed slash command; the response_url id is returned with the HTTP result. */
  command(
    command: string,
    text: string,
    fields?: Partial<SlashCommandFields>,
  ): Promise<PostResult & { rid: string }>;
  /** POST a signed button click on a message. */
  click(
    actionId: string,
    messageTs: string,
    opts?: { userId?: string; userName?: string; channelId?: string; ephemeral?: boolean },
  ): Promise<PostResult & { rid: string }>;
  /** POST a signed view_submission of a modal the bot opened, with values by block id. */
  submitView(
    view: OpenedView,
    values: Record<string, string>,
    user?: { id: string; name: string },
  ): Promise<PostResult>;
  close(): Promise<void>;
}

let counter = 0;
/** A fresh response_url id per request, so tests never read each other's replies. */
export const nextId = (prefix = 'r'): string =>
  `${prefix}${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export async function startHarness(options: {
  renderChart: ChartRenderer;
  commands?: readonly AnyCommand[];
  cooldown?: Cooldown;
  /** Per-attempt Web API timeout (the adapter's default otherwise). */
  timeoutMs?: number;
  services?: Services;
  /** Display-name lookups: rate bound, per-board budget, clock. */
  names?: NameOptions;
}): Promise<Harness> {
  const fake = await new FakeSlack().start();
  const http = new HttpServer();
  const address = await http.listen(0, '127.0.0.1');
  const adapter = await startSlack({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    http,
    renderChart: options.renderChart,
    commands: options.commands ?? registry,
    cooldown: options.cooldown,
    services: options.services,
    names: options.names,
    // One quick retry: enough to see a 429's Retry-After honoured, short enough for 500s.
    retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 },
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const eventsUrl = `http://127.0.0.1:${address.port}/slack/events`;
  return {
    fake,
    adapter,
    eventsUrl,
    async command(command, text, fields = {}) {
      const rid = nextId();
      const body = slashCommandBody({
        command,
        text,
        response_url: fake.responseUrl(rid),
        ...fields,
      });
      return { ...(await postSigned(eventsUrl, body, { secret: SIGNING_SECRET })), rid };
    },
    async click(actionId, messageTs, opts = {}) {
      const rid = nextId('click');
      const body = blockActionsBody({
        actionId,
        messageTs,
        responseUrl: fake.responseUrl(rid),
        ...opts,
      });
      return { ...(await postSigned(eventsUrl, body, { secret: SIGNING_SECRET })), rid };
    },
    async submitView(view, values, user) {
      const payload = fake.views.submission(view, values, user);
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return postSigned(eventsUrl, body, { secret: SIGNING_SECRET });
    },
    async close() {
      await adapter.stop();
      await http.close();
      await fake.close();
    },
  };
}
