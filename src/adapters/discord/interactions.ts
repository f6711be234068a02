/**
 * Routing one interaction: slash commands, autocomplete and buttons run through the command
 * runtime (src/runtime/: parsing, cooldowns, failures) and hand their replies to deliver.ts.
 * Each interaction runs under a request id of its own, which failure replies quote. Slow work
 * is deferred by a guard timer so Discord's 3 s acknowledgement deadline is never missed.
 */
import {
  ApplicationCommandOptionType,
  ComponentType,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type ModalMessageModalSubmitInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type {
  ActionContext,
  ActionResult,
  AnyCommand,
  CommandContext,
} from '../../../commands/define.js';
import { optionSpecs } from '../../../commands/schema.js';
import { actionCommand } from '../../actions.js';
import type { Reply } from '../../reply.js';
import { logger } from '../../logger.js';
import {
  createRuntime,
  failureReply,
  inRequestScope,
  isPrivateReply,
  referenceId,
  type CommandRuntime,
} from '../../runtime/index.js';
import { staffCheck } from '../../settings/service.js';
import { readUpload, staffOnlyFile, UploadRefused } from '../shared/upload.js';
import { answerAutocomplete } from './autocomplete.js';
import { deliver, EPHEMERAL, permissions, type DeliverDeps, type FirstSend } from './deliver.js';
import { isApiError } from './failures.js';
import type { DiscordOptions } from './index.js';
import type { DiscordMessenger } from './messenger.js';
import { discordName } from './register.js';
import { modalBuilder } from './modal.js';
import { NO_MENTIONS, renderReply } from './render.js';
import { DISCORD } from './adapter.js';

export class InteractionHandler {
  private readonly runtime: CommandRuntime;
  private readonly deferAfterMs: number;
  private readonly deliverDeps: DeliverDeps;

  constructor(
    private readonly client: Client,
    private readonly commands: readonly AnyCommand[],
    private readonly options: DiscordOptions,
    private readonly messenger: DiscordMessenger,
  ) {
    this.runtime = createRuntime({ commands, cooldown: options.cooldown });
    this.deferAfterMs = options.deferAfterMs ?? 1000;
    this.deliverDeps = { client, renderChart: options.renderChart };
  }

  /** Every interaction passes here; nothing thrown below may take the bot down. */
  handle(interaction: Interaction): Promise<void> {
    return inRequestScope(async () => {
      try {
        if (interaction.isChatInputCommand()) await this.onCommand(interaction);
        else if (interaction.isAutocomplete())
          await answerAutocomplete(interaction, this.find(interaction.commandName), {
            platform: DISCORD,
            ...(interaction.guildId ? { server: { id: interaction.guildId } } : {}),
            ...(this.options.services ? { services: this.options.services } : {}),
          });
        else if (interaction.isButton()) await this.onButton(interaction);
        else if (interaction.isModalSubmit()) await this.onModalSubmit(interaction);
      } catch (error) {
        await this.onFailure(interaction, error);
      }
    });
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
      platform: DISCORD,
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
      // Manage Server, the server's TA role (the member's roles come with the interaction) or
      // its TA list: asked once per interaction, the settings read from their cache.
      isStaff: staffCheck({
        platform: DISCORD,
        serverId: interaction.guildId ?? undefined,
        userId: interaction.user.id,
        base: () =>
          Promise.resolve(
            interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
          ),
        roles: () => memberRoles(interaction),
        settings: () => this.options.services?.settings?.() ?? Promise.resolve(undefined),
      }),
      commands: this.commands,
      uploadHint: (command) => `attach it as the file option of /${command}`,
      ...(this.options.services ? { services: this.options.services } : {}),
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
    const specs = optionSpecs(command);
    const byName = new Map(specs.map((s) => [discordName(s.name), s.name]));
    const raw: Record<string, unknown> = Object.fromEntries(
      interaction.options.data.map((o) => [byName.get(o.name) ?? o.name, o.value]),
    );
    const privately = command.policy.visibility === 'private';
    const defer = () => interaction.deferReply(privately ? { flags: EPHEMERAL } : {});
    const ctx = this.context(interaction);

    // An attachment option carries the file's text: downloaded here within its declared cap,
    // acknowledged first (a download can take longer than Discord's 3 s). A file for TAs only
    // is refused to anyone else before a byte is fetched.
    const file = interaction.options.data.find(
      (o) => o.type === ApplicationCommandOptionType.Attachment && o.attachment,
    );
    if (file?.attachment) {
      const spec = specs.find((s) => discordName(s.name) === file.name);
      if (spec?.staff) {
        const guard = this.guard(defer);
        const allowed = (await ctx.isStaff?.()) === true;
        const acked = await guard.settle();
        if (!allowed)
          return this.answer(interaction, command, staffOnlyFile(command.name, spec.staff), acked);
      }
      if (!interaction.deferred) await defer();
      try {
        raw[spec?.name ?? file.name] = await readUpload(
          { name: file.attachment.name, size: file.attachment.size, url: file.attachment.url },
          spec?.maxBytes ?? 1024 * 1024,
        );
        ctx.upload = { name: file.attachment.name };
      } catch (error) {
        if (!(error instanceof UploadRefused)) throw error;
        return this.answer(interaction, command, error.reply, true);
      }
    }

    // Charts are slow to draw: acknowledge as soon as the runtime admits the command (valid
    // input, not cooled down). Anything else gets a guard timer instead.
    let deferred = interaction.deferred;
    let guard: Guard | undefined;
    const reply = await this.runtime.invoke(command, { options: raw }, ctx, {
      beforeRun: async () => {
        if (deferred) return;
        if (command.policy.chart) {
          await defer();
          deferred = true;
        } else guard = this.guard(defer);
      },
    });
    if (guard) deferred = await guard.settle();
    await this.answer(interaction, command, reply, deferred);
  }

  /** Deliver a command's reply, whether or not (and how) the interaction was deferred. */
  private async answer(
    interaction: ChatInputCommandInteraction,
    command: AnyCommand,
    reply: Reply,
    deferred: boolean,
  ): Promise<void> {
    const privately = command.policy.visibility === 'private';
    const ephemeral = isPrivateReply(reply);
    if (deferred && ephemeral && !privately) {
      // The public "thinking…" cannot turn private: remove it and answer privately.
      await interaction
        .deleteReply()
        .catch((error: unknown) => logger.debug({ err: error }, 'deleteReply failed'));
      await deliver(
        this.deliverDeps,
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
    await deliver(this.deliverDeps, interaction, reply, first, command.name, deferred);
  }

  // ── buttons ────────────────────────────────────────────────────────────────

  private async onButton(interaction: ButtonInteraction): Promise<void> {
    const ctx: ActionContext = {
      ...this.context(interaction),
      actionId: interaction.customId,
      messageId: interaction.message.id,
    };
    // A click that opens a modal must answer with the modal itself: no deferral first.
    if (this.runtime.actionPolicy(ctx.actionId).opensModal) {
      const result = await this.runtime.act(ctx);
      if (result.modal) {
        await interaction.showModal(modalBuilder(result.modal));
        return;
      }
      return this.answerClick(interaction, result);
    }
    await this.answerClick(interaction, ctx);
  }

  /**
   * A modal's submission (type 5): its text fields go back through the runtime as the
   * action's `fields`; the answer is acknowledged privately (and may update the message
   * whose button opened the modal).
   */
  private async onModalSubmit(interaction: ModalSubmitInteraction): Promise<void> {
    const fields: Record<string, string> = {};
    for (const [id, field] of interaction.fields.fields) {
      if (field.type === ComponentType.TextInput) fields[id] = field.value;
    }
    const ctx: ActionContext = {
      ...this.context(interaction),
      actionId: interaction.customId,
      fields,
      ...(interaction.message ? { messageId: interaction.message.id } : {}),
    };
    if (interaction.isFromMessage()) return this.answerClick(interaction, ctx);
    // Not from a message (no modal of ours is): only a private answer is possible.
    const result = await this.runtime.act(ctx);
    const reply = result.reply ?? result.update;
    if (!reply) return void (await interaction.deferUpdate().catch(() => undefined));
    const name = actionCommand(interaction.customId) || 'modal';
    await deliver(
      this.deliverDeps,
      interaction,
      { ...reply, visibility: 'private' },
      (m) => interaction.reply({ ...m, flags: EPHEMERAL }),
      name,
    );
  }

  /** Run a click (or take its result) and answer: update the message, reply, or just ack. */
  private async answerClick(
    interaction: ButtonInteraction | ModalMessageModalSubmitInteraction,
    run: ActionContext | ActionResult,
  ): Promise<void> {
    const guard = this.guard(() => interaction.deferUpdate());
    const result = 'actionId' in run ? await this.runtime.act(run) : run;
    let acked = await guard.settle();
    const name = actionCommand(interaction.customId) || 'button';

    if (result.update) {
      if (!acked && result.update.chart) {
        await interaction.deferUpdate();
        acked = true;
      }
      // After deferUpdate, editReply edits the message the button was on.
      const first: FirstSend = acked
        ? (m) => interaction.editReply({ ...m, attachments: [] })
        : (m) => interaction.update({ ...m, attachments: [] });
      await deliver(
        this.deliverDeps,
        interaction,
        { ...result.update, visibility: 'public' },
        first,
        name,
        false,
      );
      acked = true;
    }
    if (result.reply) {
      const flags = isPrivateReply(result.reply) ? EPHEMERAL : undefined;
      const first: FirstSend = acked
        ? (m) => interaction.followUp({ ...m, flags })
        : (m) => interaction.reply({ ...m, flags });
      await deliver(this.deliverDeps, interaction, result.reply, first, name, acked);
      acked = true;
    }
    if (!acked) await interaction.deferUpdate();
  }

  // ── failures ───────────────────────────────────────────────────────────────

  /** The adapter's own failures: log with a ref, tell the user privately, keep running. */
  private async onFailure(interaction: Interaction, error: unknown): Promise<void> {
    const ref = referenceId();
    logger.error(
      { err: error, ref, requestId: ref, interaction: interaction.id, type: interaction.type },
      'discord interaction failed',
    );
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (!interaction.isRepliable()) return;
      const [message] = renderReply(failureReply(ref), permissions(interaction)).messages;
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

/** The member's role ids: a cached GuildMember's role manager, or the raw API member's list. */
export function memberRoles(interaction: Interaction): readonly string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

interface Guard {
  /** Stop the timer; true when the deferral went out. */
  settle(): Promise<boolean>;
}
