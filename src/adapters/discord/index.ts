/**
 * The Discord adapter: a discord.js v14 gateway client (Guilds intent only — interactions
 * need no privileged intents) that answers slash commands, autocomplete and button clicks
 * with the same command modules as every other platform.
 *
 * Deadlines: Discord wants a first response within 3 s and the token lives 15 minutes. Chart
 * commands defer before doing anything, then edit the reply in; if that edit fails (token
 * expired, message deleted) the answer is posted in the channel instead, so it is never lost.
 */
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type RepliableInteraction,
  type RESTOptions,
} from 'discord.js';
import { createRequire } from 'node:module';
import type { ActionContext, AnyCommand, CommandContext } from '../../../commands/define.js';
import { commands as allCommands } from '../../../commands/index.js';
import { optionSpecs } from '../../../commands/schema.js';
import { logger } from '../../logger.js';
import { errorReply, type Reply } from '../../reply.js';
import { renderReplyChart, type ChartRenderer } from '../shared/chart.js';
import { Cooldown, cooldownMessage } from '../shared/cooldown.js';
import { newRef, runAction, runCommand } from '../shared/dispatch.js';
import { trackInFlight } from '../shared/inflight.js';
import { createDiscordMessenger, type DiscordMessenger } from './messenger.js';
import { discordName } from './register.js';
import {
  LIMITS,
  NO_MENTIONS,
  permissionNotice,
  renderReply,
  renderText,
  type DiscordMessage,
  type RenderedReply,
} from './render.js';
import { truncate } from './text.js';
import type { Services } from '../../services.js';

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

const EPHEMERAL = MessageFlags.Ephemeral;

export async function startDiscord(options: DiscordOptions): Promise<DiscordBot> {
  const commands = options.commands ?? allCommands;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Belt and braces: render.ts sets this on every message too.
    allowedMentions: NO_MENTIONS,
    rest: { agent: restAgent(), ...(options.apiUrl ? { api: options.apiUrl } : {}) },
  });
  const messenger = createDiscordMessenger(client, { renderChart: options.renderChart });
  const handler = new InteractionHandler(client, commands, options, messenger);
  client.on(
    Events.InteractionCreate,
    (interaction) => void trackInFlight(handler.handle(interaction)),
  );
  // Without an 'error' listener an EventEmitter error would crash the process.
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardError, (error, shardId) =>
    logger.warn({ err: error, shardId }, 'discord gateway error'),
  );
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord warning'));

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
    { user: client.user?.tag, guilds: client.guilds.cache.size },
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

const isApiError = (error: unknown, ...codes: number[]): boolean =>
  error instanceof DiscordAPIError && codes.includes(Number(error.code));
const isMissingPermissions = (error: unknown): boolean =>
  isApiError(error, RESTJSONErrorCodes.MissingPermissions) ||
  (error instanceof DiscordAPIError && error.status === 403);

/** How the answer's first message reaches Discord for this interaction. */
type FirstSend = (message: DiscordMessage) => Promise<unknown>;

class InteractionHandler {
  private readonly cooldown: Cooldown;
  private readonly deferAfterMs: number;

  constructor(
    private readonly client: Client,
    private readonly commands: readonly AnyCommand[],
    private readonly options: DiscordOptions,
    private readonly messenger: DiscordMessenger,
  ) {
    this.cooldown = options.cooldown ?? new Cooldown();
    this.deferAfterMs = options.deferAfterMs ?? 1000;
  }

  /** Every interaction passes here; nothing thrown below may take the bot down. */
  async handle(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isChatInputCommand()) await this.onCommand(interaction);
      else if (interaction.isAutocomplete()) await this.onAutocomplete(interaction);
      else if (interaction.isButton()) await this.onButton(interaction);
    } catch (error) {
      await this.onFailure(interaction, error);
    }
  }

  private find(name: string): AnyCommand | undefined {
    return this.commands.find((c) => discordName(c.name) === name);
  }

  private context(interaction: Interaction): CommandContext {
    const member = interaction.member;
    const name =
      member && 'displayName' in member
        ? member.displayName
        : (member?.nick ?? interaction.user.globalName ?? interaction.user.username);
    return {
      platform: 'discord',
      messenger: this.messenger,
      user: { id: interaction.user.id, name },
      channel: { id: interaction.channelId ?? interaction.user.id },
      ...(interaction.guildId ? { server: { id: interaction.guildId } } : {}),
      // Moderators may stop anyone's quiz. Outside a server there is nobody to moderate.
      // Discord sends the member's permissions with every interaction, so the answer is free.
      isModerator: () =>
        Promise.resolve(
          interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
        ),
      commands: this.commands,
      ...(this.options.services ? { services: this.options.services } : {}),
    };
  }

  /** What the bot may post here (`app_permissions` arrives with every interaction). */
  private permissions(interaction: Interaction): { canEmbed: boolean; canAttach: boolean } {
    const perms = interaction.appPermissions;
    return {
      canEmbed: perms?.has(PermissionFlagsBits.EmbedLinks) ?? true,
      canAttach: perms?.has(PermissionFlagsBits.AttachFiles) ?? true,
    };
  }

  // ── slash commands ─────────────────────────────────────────────────────────

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = this.find(interaction.commandName);
    if (!command) {
      await interaction.reply({
        content: `I don't know /${interaction.commandName} any more; try /help.`,
        flags: EPHEMERAL,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    // Channel games draw a chart only for leaderboards and stats; starting, answering and
    // stopping must never be refused as "drawing charts too quickly".
    if (command.policy.chart && !command.policy.channelGame) {
      const wait = this.cooldown.take(interaction.user.id);
      if (wait > 0) {
        await interaction.reply({
          content: cooldownMessage(wait),
          flags: EPHEMERAL,
          allowedMentions: NO_MENTIONS,
        });
        return;
      }
    }
    const byName = new Map(optionSpecs(command).map((s) => [discordName(s.name), s.name]));
    const raw = Object.fromEntries(
      interaction.options.data.map((o) => [byName.get(o.name) ?? o.name, o.value]),
    );
    const privately = command.policy.visibility === 'private';

    // Charts are slow to draw: acknowledge first. Anything else gets a guard timer instead.
    let deferred = false;
    let guard: Guard | undefined;
    if (command.policy.chart) {
      await interaction.deferReply(privately ? { flags: EPHEMERAL } : {});
      deferred = true;
    } else {
      guard = this.guard(() => interaction.deferReply(privately ? { flags: EPHEMERAL } : {}));
    }
    const reply = await runCommand(command, raw, this.context(interaction));
    if (guard) deferred = await guard.settle();
    const ephemeral = reply.visibility === 'private' || reply.tone === 'error';

    if (deferred && ephemeral && !privately) {
      // The public "thinking…" cannot turn private: remove it and answer privately.
      await interaction
        .deleteReply()
        .catch((error: unknown) => logger.debug({ err: error }, 'deleteReply failed'));
      await this.deliver(
        interaction,
        reply,
        (m) => interaction.followUp({ ...m, flags: EPHEMERAL }),
        command.name,
      );
      return;
    }
    if (!deferred && reply.chart) {
      await interaction.deferReply(ephemeral ? { flags: EPHEMERAL } : {});
      deferred = true;
    }
    const first: FirstSend = deferred
      ? (m) => interaction.editReply({ ...m, attachments: [] })
      : (m) => interaction.reply({ ...m, flags: ephemeral ? EPHEMERAL : undefined });
    await this.deliver(interaction, reply, first, command.name, deferred);
  }

  /**
   * Render (with the chart, if any) and send: the first message through `first`, the rest as
   * follow-ups. A 50013 Missing Permissions is retried as text; a failed edit of a deferred
   * reply falls back to a new message in the channel (or a DM for private answers).
   */
  private async deliver(
    interaction: RepliableInteraction,
    reply: Reply,
    first: FirstSend,
    commandName: string,
    canFallBack = true,
  ): Promise<void> {
    const { reply: final, chart } = await renderReplyChart(reply, this.options.renderChart);
    let rendered = renderReply(final, { chart, ...this.permissions(interaction) });
    const asText = (): RenderedReply =>
      renderText(
        final,
        permissionNotice(chart ? ['Embed Links', 'Attach Files'] : ['Embed Links']),
      );
    try {
      try {
        await first(rendered.messages[0]);
      } catch (error) {
        if (!isMissingPermissions(error)) throw error;
        logger.warn({ err: error, command: commandName }, 'missing permissions; answering in text');
        rendered = asText();
        await first(rendered.messages[0]);
      }
    } catch (error) {
      if (!canFallBack) throw error;
      logger.warn(
        { err: error, command: commandName },
        'could not edit the interaction reply; posting a new message',
      );
      await this.fallback(interaction, rendered, asText, commandName);
      return;
    }
    for (const [i, message] of rendered.messages.slice(1).entries()) {
      try {
        await interaction.followUp({
          ...message,
          flags: rendered.ephemeral ? EPHEMERAL : undefined,
        });
      } catch (error) {
        logger.warn(
          { err: error, command: commandName },
          'follow-up failed; posting the rest as new messages',
        );
        await this.fallback(
          interaction,
          { ...rendered, messages: [message, ...rendered.messages.slice(i + 2)] },
          asText,
          commandName,
        );
        return;
      }
    }
  }

  /** Post an answer without the interaction token: in the channel, or by DM if it is private. */
  private async fallback(
    interaction: RepliableInteraction,
    rendered: RenderedReply,
    asText: () => RenderedReply,
    commandName: string,
  ): Promise<void> {
    const channel = rendered.ephemeral
      ? await interaction.user.createDM().catch(() => null)
      : (interaction.channel ??
        (await this.client.channels.fetch(interaction.channelId ?? '').catch(() => null)));
    if (!channel?.isSendable()) {
      logger.error(
        { command: commandName, channel: interaction.channelId },
        'answer could not be delivered anywhere',
      );
      return;
    }
    const lead = `↪ The answer to <@${interaction.user.id}>'s /${commandName}:`;
    const send = async (messages: DiscordMessage[]) => {
      for (const [i, message] of messages.entries()) {
        const content =
          i === 0
            ? truncate([lead, message.content].filter(Boolean).join('\n'), LIMITS.content)
            : message.content;
        await channel.send({ ...message, content });
      }
    };
    try {
      await send(rendered.messages);
    } catch (error) {
      if (!isMissingPermissions(error)) throw error;
      await send(asText().messages);
    }
  }

  // ── autocomplete ───────────────────────────────────────────────────────────

  private async onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = this.find(interaction.commandName);
    const focused = interaction.options.getFocused(true);
    const spec = command && optionSpecs(command).find((s) => discordName(s.name) === focused.name);
    let suggestions: { name: string; value: string }[] = [];
    if (command && spec) {
      const suggest = command.suggest?.[spec.name];
      const typed = String(focused.value ?? '');
      suggestions = suggest
        ? suggest(typed)
        : (spec.choices ?? [])
            .filter((c) => c.includes(typed.toLowerCase()))
            .map((c) => ({ name: c, value: c }));
    }
    await interaction.respond(
      suggestions
        .filter((s) => s.value.length > 0 && s.value.length <= 100)
        .slice(0, 25)
        .map((s) => ({ name: truncate(s.name.trim() || s.value, 100), value: s.value })),
    );
  }

  // ── buttons ────────────────────────────────────────────────────────────────

  private async onButton(interaction: ButtonInteraction): Promise<void> {
    const ctx: ActionContext = {
      ...this.context(interaction),
      actionId: interaction.customId,
      messageId: interaction.message.id,
    };
    const guard = this.guard(() => interaction.deferUpdate());
    const result = await runAction(this.commands, ctx);
    let acked = await guard.settle();
    const name = interaction.customId.split(':', 1)[0] ?? 'button';

    if (result.update) {
      if (!acked && result.update.chart) {
        await interaction.deferUpdate();
        acked = true;
      }
      // After deferUpdate, editReply edits the message the button was on.
      const first: FirstSend = acked
        ? (m) => interaction.editReply({ ...m, attachments: [] })
        : (m) => interaction.update({ ...m, attachments: [] });
      await this.deliver(
        interaction,
        { ...result.update, visibility: 'public' },
        first,
        name,
        false,
      );
      acked = true;
    }
    if (result.reply) {
      const ephemeral = result.reply.visibility === 'private' || result.reply.tone === 'error';
      const flags = ephemeral ? EPHEMERAL : undefined;
      const first: FirstSend = acked
        ? (m) => interaction.followUp({ ...m, flags })
        : (m) => interaction.reply({ ...m, flags });
      await this.deliver(interaction, result.reply, first, name, acked);
      acked = true;
    }
    if (!acked) await interaction.deferUpdate();
  }

  // ── failures ───────────────────────────────────────────────────────────────

  /** The adapter's own failures: log with a ref, tell the user privately, keep running. */
  private async onFailure(interaction: Interaction, error: unknown): Promise<void> {
    const ref = newRef();
    logger.error(
      { err: error, ref, interaction: interaction.id, type: interaction.type },
      'discord interaction failed',
    );
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (!interaction.isRepliable()) return;
      const reply = errorReply(
        'Something went wrong',
        `Something went wrong on our side (ref ${ref}). It has been logged; please try again.`,
      );
      const [message] = renderReply(reply, this.permissions(interaction)).messages;
      const options = { ...message, flags: EPHEMERAL } as const;
      if (interaction.deferred || interaction.replied) await interaction.followUp(options);
      else {
        // The acknowledgement may have reached Discord even though its call failed here.
        await interaction.reply(options).catch(async (error: unknown) => {
          if (!isApiError(error, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged))
            throw error;
          await interaction.followUp(options);
        });
      }
    } catch (inner) {
      logger.warn({ err: inner, ref }, 'could not tell the user about the failure');
    }
  }

  /** Acknowledge via `ack` if the work is still running after `deferAfterMs`. */
  private guard(ack: () => Promise<unknown>): Guard {
    let sent: Promise<boolean> | undefined;
    const timer = setTimeout(() => {
      sent = ack().then(
        () => true,
        (error: unknown) => {
          logger.warn({ err: error }, 'deferring a slow interaction failed');
          return false;
        },
      );
    }, this.deferAfterMs);
    return {
      async settle() {
        clearTimeout(timer);
        return sent ? await sent : false;
      },
    };
  }
}

interface Guard {
  /** Stop the timer; true when the deferral went out. */
  settle(): Promise<boolean>;
}
