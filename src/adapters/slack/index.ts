/**
 * The Slack adapter. HTTP mode mounts Bolt's own HTTPReceiver on the bot's one HTTP server at
 * POST /slack/events (slash commands and interactivity on one URL), so Bolt's signature check
 * stays on: a missing, wrong or >5-minute-old signature gets 401 before any listener runs.
 * With an app-level token it uses Socket Mode instead and needs no public URL.
 *
 * OAuth distribution (`oauth`): no bot token; Bolt's installer serves GET /slack/install and
 * GET /slack/oauth_redirect on the same server, stores each workspace's installation in the
 * database, and its authorize gives every event its workspace's token (oauth.ts, workspaces.ts).
 */
import { App, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { AnyCommand } from '../../../commands/define.js';
import { commands as registry } from '../../../commands/index.js';
import type { HttpServer } from '../../http/server.js';
import { logger } from '../../logger.js';
import type { ChartRenderer } from '../shared/chart.js';
import { createRuntime, type Cooldown } from '../../runtime/index.js';
import { trackInFlight } from '../shared/inflight.js';
import { asRequest } from '../../metrics/index.js';
import { boltLogger } from './bolt-logger.js';
import { DEFAULT_TIMEOUT_MS, slackClientOptions, SlackWebClient } from './client.js';
import { guardSlackRequests, MAX_BODY_BYTES } from './ingress.js';
import { registerActions, registerCommand } from './listeners.js';
import { registerModalSubmissions } from './modals.js';
import { BOT_SCOPES } from './manifest.js';
import { registerUploads } from './uploads.js';
import { createSlackMessenger, type SlackMessenger } from './messenger.js';
import { SlackModerators } from './moderators.js';
import { SlackNames, type NameOptions } from './names.js';
import type { Services } from '../../services.js';
import {
  databaseInstallationStore,
  INSTALL_PATH,
  REDIRECT_PATH,
  registerUninstall,
} from './oauth.js';
import { manyWorkspaces, singleWorkspace, type SlackClients } from './workspaces.js';
import type { ServerLifecycle } from '../contract.js';
import type { SlackInstallationRepo } from '../../store/slack-installations.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Retries for Web API calls: a couple, quickly. An answer minutes late helps nobody, and
 *  Bolt's default (ten retries over ~30 minutes) would keep a failed post alive that long. */
export const DEFAULT_RETRY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 };

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Where installations are kept (the bot's database). */
  installations: SlackInstallationRepo;
}

export interface SlackOptions {
  /** One workspace's token (SLACK_BOT_TOKEN); absent with `oauth`. */
  botToken?: string;
  /** Many workspaces: each one's token comes from its installation. */
  oauth?: SlackOAuthOptions;
  /** Told when a workspace uninstalls the app or revokes its token. */
  lifecycle?: ServerLifecycle;
  signingSecret: string;
  /** `xapp-…`: use Socket Mode instead of HTTP. */
  appToken?: string;
  /** Web API base (SLACK_API_URL), e.g. `http://127.0.0.1:4010/api/`. */
  apiUrl?: string;
  /** The shared HTTP server (HTTP mode). */
  http?: HttpServer;
  renderChart: ChartRenderer;
  commands?: readonly AnyCommand[];
  /** The store-backed services commands reach through their context (quiz, flashcards). */
  services?: Services;
  cooldown?: Cooldown;
  /** Web API retry policy (tests pass `{ retries: 0 }`). */
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number };
  /** Per-attempt Web API timeout in ms (default DEFAULT_TIMEOUT_MS; tests pass less). */
  timeoutMs?: number;
  /** Display-name lookups for boards: rate bound and per-board budget (tests shorten them). */
  names?: NameOptions;
}

export interface SlackAdapter {
  app: App;
  mode: 'http' | 'socket';
  /** Posts and edits channel messages (quiz rounds): give it to the quiz service. */
  messenger: SlackMessenger;
  stop(): Promise<void>;
}

export async function startSlack(options: SlackOptions): Promise<SlackAdapter> {
  const commands = options.commands ?? registry;
  const boltLog = boltLogger();
  // A fresh object per client: the Socket Mode client writes defaults into the one it gets.
  const clientOptions = () =>
    slackClientOptions({
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      retryConfig: options.retryConfig ?? DEFAULT_RETRY,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  const mode = options.appToken ? 'socket' : 'http';
  const { oauth } = options;
  if (!oauth && !options.botToken) throw new Error('Slack needs a bot token or OAuth options');
  if (oauth && options.appToken) throw new Error('Slack OAuth runs in HTTP mode, not Socket Mode');
  let receiver: Receiver;
  let stopped = false;
  if (options.appToken) {
    receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger: boltLog,
      // apps.connections.open goes through this client: honour SLACK_API_URL there too.
      installerOptions: { clientOptions: clientOptions() },
    });
  } else {
    if (!options.http)
      throw new Error('Slack HTTP mode needs the shared HTTP server (options.http)');
    const http = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger: boltLog,
      bodyLimit: MAX_BODY_BYTES,
      ...(oauth
        ? {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: [...BOT_SCOPES],
            installationStore: databaseInstallationStore(oauth.installations, options.lifecycle),
            installerOptions: {
              installPath: INSTALL_PATH,
              redirectUriPath: REDIRECT_PATH,
              // oauth.v2.access goes through this client: honour SLACK_API_URL there too.
              clientOptions: clientOptions(),
            },
          }
        : {}),
    });
    const guarded = guardSlackRequests(http.requestListener, {
      signingSecret: options.signingSecret,
    });
    const unlessStopped =
      (handler: typeof http.requestListener): typeof http.requestListener =>
      (req, res) => {
        if (stopped) res.writeHead(503).end();
        else handler(req, res);
      };
    options.http.route('POST', SLACK_EVENTS_PATH, unlessStopped(guarded));
    if (oauth) {
      // Browsers reach these under the bot's public name, like Slack's events; the redirect is
      // protected by the signed state (and its cookie), not by a Slack signature.
      for (const path of [INSTALL_PATH, REDIRECT_PATH])
        options.http.route('GET', path, unlessStopped(http.requestListener), { anyHost: true });
    }
    receiver = http;
  }
  const app = new App({
    ...(oauth ? {} : { token: options.botToken }),
    receiver,
    logger: boltLog,
    clientOptions: clientOptions(),
    // Run auth.test now, so a bad token stops start-up with a clear error instead of every request.
    deferInitialization: true,
  });
  // Count every event's listeners as in flight until they finish (graceful shutdown waits).
  // Each is a request (its id on every log line) timed as Slack's answer.
  app.use(({ next }) => asRequest('slack', () => trackInFlight(next())));
  app.error(async (error) => {
    logger.error({ err: error }, 'slack: unhandled error in a listener');
  });
  // Ours, not Bolt's: rate limits per channel, timeouts (client.ts), one client per workspace.
  // Bolt's clients only run auth.test (and the Socket Mode connection).
  const ourOptions = {
    ...clientOptions(),
    logger: boltLog,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const clients: SlackClients = oauth
    ? manyWorkspaces(oauth.installations, ourOptions)
    : singleWorkspace(new SlackWebClient(options.botToken, ourOptions));
  const messenger = createSlackMessenger({
    clientFor: (channel) => clients.forChannel(channel),
    timeoutMs: clients.timeoutMs,
    renderChart: options.renderChart,
  });
  const deps = {
    commands,
    services: options.services,
    renderChart: options.renderChart,
    runtime: createRuntime({ commands, cooldown: options.cooldown }),
    messenger,
    moderators: new SlackModerators((teamId) => clients.forRequest(teamId ? { teamId } : {})),
    names: new SlackNames((teamId) => clients.forRequest(teamId ? { teamId } : {}), options.names),
    clients,
  };
  for (const command of commands) registerCommand(app, command, deps);
  registerActions(app, deps);
  registerModalSubmissions(app, deps);
  if (oauth) {
    registerUninstall(app, {
      repo: oauth.installations,
      clients,
      ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}),
    });
  }
  registerUploads(app, deps);
  try {
    await app.init();
  } catch (error) {
    throw slackStartError(error);
  }
  if (mode === 'socket') await app.start();
  logger.info(
    {
      mode,
      workspaces: oauth ? `oauth (${await oauth.installations.count()} installed)` : 'one',
      commands: commands.map((c) => c.name),
    },
    'slack: adapter ready',
  );
  return {
    app,
    mode,
    messenger,
    async stop() {
      if (stopped) return;
      stopped = true;
      // The HTTP receiver was never started (the shared server owns the socket): nothing to stop.
      if (mode === 'socket') await app.stop();
    },
  };
}

/** auth.test failures in terms of the variable to fix (the raw error names no variable). */
function slackStartError(error: unknown): Error {
  const code = (error as { data?: { error?: unknown } })?.data?.error;
  if (
    typeof code === 'string' &&
    ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired'].includes(
      code,
    )
  ) {
    return new Error(
      `Slack rejected SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions and set SLACK_BOT_TOKEN.`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
