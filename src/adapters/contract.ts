/**
 * What every chat adapter is to the rest of the bot. main.ts knows adapters only through this:
 * it asks each registered adapter whether the configuration enables it, starts the enabled
 * ones with the same dependencies, hands their messengers to the channel games and stops them
 * in reverse order. An adapter module is loaded (with its SDK) only inside `start`.
 *
 * A new adapter is done when test/contract/ passes with its harness (see src/adapters/README.md).
 */
import type { AnyCommand } from '../../commands/define.js';
import type { Config } from '../config.js';
import type { HttpServer } from '../http/server.js';
import type { Messenger, Platform } from '../interaction.js';
import type { Services } from '../services.js';
import type { ChartRenderer } from './shared/chart.js';

/** What main.ts gives every adapter it starts. */
export interface AdapterDeps {
  config: Config;
  /** The one HTTP server (Slack events, the playground, /healthz); adapters mount routes on it. */
  http: HttpServer;
  renderChart: ChartRenderer;
  commands: readonly AnyCommand[];
  /** The store-backed services (quiz, flashcards) that commands reach through their context. */
  services?: Services;
  /**
   * The platform says the bot left a server (a Discord guild it was removed from, a Slack
   * workspace that uninstalled it or revoked its tokens). The server's data is deleted after a
   * grace period (issue 16); `returned` cancels that when the bot is added back.
   */
  lifecycle?: ServerLifecycle;
}

export interface ServerLifecycle {
  removed(platform: Platform, serverId: string): Promise<void>;
  returned(platform: Platform, serverId: string): Promise<void>;
}

export interface RunningAdapter {
  /** Posts and edits channel messages outside one interaction (quiz rounds, drills). */
  messenger: Messenger;
  stop(): Promise<void> | void;
  /** How /healthz names it when that differs from the adapter's name ('slack-socket'). */
  label?: string;
}

export interface ChatAdapter {
  /** The platform name it puts in every context and MessageRef. */
  readonly name: Platform;
  /** Does this configuration ask for it (its credentials are set)? */
  enabled(config: Config): boolean;
  /** Also started when no other adapter is enabled, so `npm start` always serves something. */
  readonly fallback?: boolean;
  start(deps: AdapterDeps): Promise<RunningAdapter>;
}

/** The adapters this configuration starts, in registry order. */
export function enabledAdapters(
  registry: readonly ChatAdapter[],
  config: Config,
): readonly ChatAdapter[] {
  const asked = registry.filter((a) => a.enabled(config));
  const others = asked.some((a) => !a.fallback);
  return registry.filter((a) => asked.includes(a) || (a.fallback === true && !others));
}
