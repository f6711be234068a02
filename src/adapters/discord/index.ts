/**
 * The Discord adapter: a discord.js v14 gateway client (Guilds intent only — interactions
 * need no privileged intents) that answers slash commands, autocomplete and button clicks
 * with the same command modules as every other platform.
 *
 * Deadlines: Discord wants a first response within 3 s and the token lives 15 minutes. Chart
 * commands defer before doing anything, then edit the reply in; if that edit fails (token
 * expired, message deleted) the answer is posted in the channel instead, so it is never lost.
 *
 * Rooms: index.ts (start, stop, event routing), interactions.ts (commands and buttons),
 * autocomplete.ts, deliver.ts (interaction answers), messenger.ts (channel messages outside an
 * interaction), render.ts (Reply → payloads within limits), text.ts (markup, cuts),
 * failures.ts (API error codes), register.ts and deploy.ts (slash command registration).
 */
import type { Services } from '../../services.js';
import { Client, Events, GatewayIntentBits, RESTEvents, type RESTOptions } from 'discord.js';
import { createRequire } from 'node:module';
import type { AnyCommand } from '../../../commands/define.js';
import { commands as allCommands } from '../../../commands/index.js';
import { logger } from '../../logger.js';
import type { ServerLifecycle } from '../contract.js';
import type { ChartRenderer } from '../shared/chart.js';
import type { Cooldown } from '../../runtime/index.js';
import { trackInFlight } from '../shared/inflight.js';
import { asRequest, observeAck } from '../../metrics/index.js';
import { InteractionHandler } from './interactions.js';
import { createDiscordMessenger, type DiscordMessenger } from './messenger.js';
import { NO_MENTIONS } from './render.js';

export interface DiscordOptions {
  token: string;
  applicationId: string;
  /** REST base instead of https://discord.com/api (DISCORD_API_URL); the gateway URL comes from it. */
  apiUrl?: string;
  renderChart: ChartRenderer;
  commands?: readonly AnyCommand[];
  /** The store-backed services commands reach through their context (quiz, flashcards). */
  services?: Services;
  cooldown?: Cooldown;
  /** A command still running after this long is deferred anyway (default 1000 ms). */
  deferAfterMs?: number;
  /**
   * discord.js's own sharding (DISCORD_SHARDS, DISCORD_SHARD_COUNT): `auto` runs as many
   * shards as GET /gateway/bot recommends; ids out of `shardCount` run just those here, so the
   * other ids can run on other machines. Unset: one shard, [0, 1].
   */
  shards?: 'auto' | number[];
  shardCount?: number;
  /** Told when the bot is removed from a guild or added (back) to one. */
  lifecycle?: ServerLifecycle;
}

export interface DiscordBot {
  client: Client;
  /** Posts and edits channel messages outside interactions (quiz questions, reveals). */
  messenger: DiscordMessenger;
  stop(): Promise<void>;
}

/**
 * discord.js sends attachments as undici 6 FormData. @slack/bolt loads undici 7 (via
 * @slack/socket-mode), and whichever undici loads first installs its Agent as the process-wide
 * dispatcher: with Slack loaded first, every Discord upload failed in the undici 7 Agent
 * ("action is not a function"). Pin discord.js's REST to an Agent of its own undici.
 */
function restAgent(): RESTOptions['agent'] {
  const fromRest = createRequire(createRequire(import.meta.url).resolve('@discordjs/rest'));
  const { Agent } = fromRest('undici') as { Agent: new () => RESTOptions['agent'] };
  return new Agent();
}

/** A start-up failure with a message for the person running the bot (no stack trace needed). */
export class DiscordStartError extends Error {
  override readonly name = 'DiscordStartError';
}

export async function startDiscord(options: DiscordOptions): Promise<DiscordBot> {
  const commands = options.commands ?? allCommands;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Belt and braces: render.ts sets this on every message too.
    allowedMentions: NO_MENTIONS,
    rest: { agent: restAgent(), ...(options.apiUrl ? { api: options.apiUrl } : {}) },
    ...(options.shards ? { shards: options.shards } : {}),
    ...(options.shardCount ? { shardCount: options.shardCount } : {}),
  });
  const messenger = createDiscordMessenger(client, { renderChart: options.renderChart });
  const handler = new InteractionHandler(client, commands, options, messenger);
  client.on(
    Events.InteractionCreate,
    (interaction) => void asRequest('discord', () => trackInFlight(handler.handle(interaction))),
  );
  // The interaction's first callback (reply or deferral) is Discord's ack.
  client.rest.on(RESTEvents.Response, (request) => {
    if (request.method === 'POST' && request.path.endsWith('/callback')) observeAck();
  });
  // Without an 'error' listener an EventEmitter error would crash the process.
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardError, (error, shardId) =>
    logger.warn({ err: error, shardId }, 'discord gateway error'),
  );
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord warning'));
  client.on(Events.ShardReady, (shardId) =>
    logger.info({ shardId, of: client.options.shardCount }, 'discord shard ready'),
  );
  watchGuilds(client, options.lifecycle);

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy().catch(() => undefined);
    throw startError(error, options.apiUrl);
  }
  if (client.application?.id && client.application.id !== options.applicationId) {
    logger.warn(
      { expected: options.applicationId, actual: client.application.id },
      'DISCORD_APPLICATION_ID does not match the application of DISCORD_TOKEN; commands deployed with it will not reach this bot',
    );
  }
  logger.info(
    {
      user: client.user?.tag,
      guilds: client.guilds.cache.size,
      shards: client.options.shards,
      shardCount: client.options.shardCount,
    },
    'discord adapter ready',
  );
  return {
    client,
    messenger,
    async stop() {
      client.removeAllListeners(Events.InteractionCreate);
      await client.destroy();
    },
  };
}

/**
 * Removed from a guild (kicked, or the guild deleted) → `removed`; joined one → `returned`
 * (which cancels a pending deletion). discord.js emits GuildDelete only for a real removal:
 * an outage makes the guild unavailable (GuildUnavailable), which must not delete anything.
 * GuildCreate fires only for guilds joined while running, not for those streamed in at login.
 */
function watchGuilds(client: Client, lifecycle: ServerLifecycle | undefined): void {
  if (!lifecycle) return;
  const tell = (what: 'removed' | 'returned', guildId: string) =>
    void lifecycle[what]('discord', guildId).catch((error: unknown) =>
      logger.error({ err: error, guildId }, `discord: the ${what} hook failed`),
    );
  client.on(Events.GuildDelete, (guild) => tell('removed', guild.id));
  client.on(Events.GuildCreate, (guild) => tell('returned', guild.id));
}

/** Login failures in terms of the variable to fix. */
function startError(error: unknown, apiUrl: string | undefined): DiscordStartError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  if (code === 'TokenInvalid' || /authentication failed|invalid token|401|4004/i.test(message)) {
    return new DiscordStartError(
      'Discord rejected DISCORD_TOKEN: copy the bot token again from the developer portal (Bot → Reset Token) and set DISCORD_TOKEN.',
    );
  }
  if (code === 'DisallowedIntents' || /disallowed intent/i.test(message)) {
    return new DiscordStartError(`Discord refused the gateway intents: ${message}`);
  }
  const where = apiUrl ? ` at DISCORD_API_URL=${apiUrl}` : '';
  return new DiscordStartError(`Could not connect to Discord${where}: ${message}`);
}
