/**
 * Which Web API client (which token) a call uses. With one SLACK_BOT_TOKEN there is one client
 * for everything. With OAuth distribution each workspace has its own token, from its
 * installation: a request uses the token Bolt's authorize found for it, and a channel message
 * outside a request (a quiz reveal, possibly on another instance) looks up the channel's
 * workspace, stored when a request first came from that channel.
 *
 * Clients are cached per installation (their rate-limit state is per workspace, as Slack's
 * limits are), a few hundred at most: an evicted one is rebuilt from the database.
 */
import type { InstallationKey, SlackInstallationRepo } from '../../store/slack-installations.js';
import { installationId } from '../../store/slack-installations.js';
import { logger } from '../../logger.js';
import { SlackWebClient, type SlackClientOptions } from './client.js';

/** What a Bolt context or request body says about where it came from. */
export interface RequestSource extends InstallationKey {
  /** The bot token Bolt's authorize found for it (OAuth). */
  botToken?: string;
}

export interface SlackClients {
  /** The client for the workspace a request came from; remembers the channel's workspace. */
  forRequest(source: RequestSource, channelId?: string): Promise<SlackWebClient>;
  /** The client for a channel's workspace, outside any request. */
  forChannel(channelId: string): Promise<SlackWebClient>;
  /** Drop a workspace's cached client (it uninstalled, or its tokens were revoked). */
  forget(key: InstallationKey): void;
  /** The per-attempt timeout, for messages ("did not answer within 10 s"). */
  readonly timeoutMs: number;
}

/** One workspace, one token (SLACK_BOT_TOKEN). */
export function singleWorkspace(client: SlackWebClient): SlackClients {
  return {
    forRequest: () => Promise.resolve(client),
    forChannel: () => Promise.resolve(client),
    forget: () => undefined,
    timeoutMs: client.timeoutMs,
  };
}

/** Cached clients per installation. */
const MAX_CLIENTS = 500;
/** Channels whose workspace this process has already stored. */
const MAX_CHANNELS = 10_000;

/** The workspace is not installed (any more): nothing can be posted there. */
export class NotInstalledError extends Error {
  /** Read like a Web API error by failures.ts: Slack's own code for a revoked token. */
  readonly data = { ok: false, error: 'not_installed' };
  constructor(what: string) {
    super(`slack: no installation for ${what}`);
  }
}

type Installed = { bot?: { token?: string } } | undefined;

export function manyWorkspaces(
  repo: SlackInstallationRepo,
  options: SlackClientOptions,
): SlackClients {
  const clients = new Map<string, { token: string; client: SlackWebClient }>();
  const channels = new Map<string, InstallationKey>();
  const timeoutMs = new SlackWebClient(undefined, options).timeoutMs;

  const cached = (id: string, token: string): SlackWebClient => {
    const hit = clients.get(id);
    clients.delete(id);
    // A reinstall brings a new token: a new client (its rate-limit state is stale anyway).
    const entry =
      hit && hit.token === token ? hit : { token, client: new SlackWebClient(token, options) };
    clients.set(id, entry);
    if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value!);
    return entry.client;
  };

  const fromStore = async (key: InstallationKey, what: string): Promise<SlackWebClient> => {
    const id = installationId(key);
    const hit = id ? clients.get(id) : undefined;
    if (hit) return hit.client;
    const installation = (await repo.find(key)) as Installed;
    const token = installation?.bot?.token;
    if (!id || !token) throw new NotInstalledError(what);
    return cached(id, token);
  };

  return {
    async forRequest(source, channelId) {
      if (channelId && source.teamId && channels.get(channelId)?.teamId !== source.teamId) {
        channels.set(channelId, { teamId: source.teamId, enterpriseId: source.enterpriseId });
        if (channels.size > MAX_CHANNELS) channels.delete(channels.keys().next().value!);
        // Best effort: the answer to this request does not depend on it.
        await repo
          .noteChannel(channelId, source)
          .catch((error: unknown) =>
            logger.warn({ err: error, channelId }, 'slack: could not store the channel workspace'),
          );
      }
      const id = installationId(source);
      if (id && source.botToken) return cached(id, source.botToken);
      return fromStore(source, `team ${source.teamId ?? source.enterpriseId ?? '(none)'}`);
    },
    async forChannel(channelId) {
      const key = channels.get(channelId) ?? (await repo.channelTeam(channelId));
      if (!key) throw new NotInstalledError(`channel ${channelId} (no request seen from it)`);
      return fromStore(key, `the workspace of channel ${channelId}`);
    },
    forget(key) {
      const id = installationId(key);
      if (id) clients.delete(id);
      for (const [channel, k] of channels) if (k.teamId === key.teamId) channels.delete(channel);
    },
    timeoutMs,
  };
}
