/**
 * Well-formed Discord API v10 objects for the fake: users, the test guild and channel,
 * messages, and the three interaction payloads the bot handles (chat input, autocomplete,
 * button). Shapes follow discord-api-types so discord.js builds its real structures from them.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
  type APIChannel,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIUser,
} from 'discord.js';

let counter = 0n;
/** Increasing snowflakes (timestamp-shaped so discord.js's date maths stays sane). */
export function snowflake(): string {
  counter += 1n;
  return ((BigInt(Date.now() - 1420070400000) << 22n) + counter).toString();
}

export const IDS = {
  application: '1100000000000000001',
  bot: '1100000000000000001',
  guild: '1200000000000000002',
  channel: '1300000000000000003',
  user: '1400000000000000004',
  role: '1200000000000000002',
  /** A course's TA role, as a server that made one has it. */
  taRole: '1500000000000000005',
};

/** Everything the bot needs, and what the tests take away to provoke 50013. */
export const DEFAULT_APP_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.UseApplicationCommands;

/** An ordinary member: may use the bot, but not moderate (no Manage Messages). */
export const MEMBER_PERMISSIONS = DEFAULT_APP_PERMISSIONS;

/** A moderator: an ordinary member who may also manage (delete, pin) others' messages. */
export const MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | PermissionFlagsBits.ManageMessages;

export function user(id: string, username: string, bot = false): APIUser {
  return {
    id,
    username,
    global_name: bot ? null : `${username[0]?.toUpperCase()}${username.slice(1)}`,
    discriminator: '0',
    avatar: null,
    ...(bot ? { bot: true } : {}),
  };
}

export const botUser = (): APIUser => user(IDS.bot, 'scaling-tutor', true);
export const testUser = (id = IDS.user): APIUser => user(id, `student${id.slice(-2)}`);

export function textChannel(id = IDS.channel, guildId = IDS.guild): APIChannel {
  return {
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: 'study-group',
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
  } as APIChannel;
}

export function guildCreate(guildId = IDS.guild, channelId = IDS.channel) {
  const joined = new Date().toISOString();
  return {
    id: guildId,
    name: 'Scaling Study Group',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: IDS.user,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: guildId,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: String(DEFAULT_APP_PERMISSIONS),
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: IDS.taRole,
        name: 'TA',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 1,
        permissions: '0',
        managed: false,
        mentionable: true,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    joined_at: joined,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: [textChannel(channelId, guildId)],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

function member(
  u: APIUser,
  permissions: bigint,
  extra: { roles?: string[]; nick?: string } = {},
): APIInteractionGuildMember {
  return {
    user: u,
    nick: extra.nick ?? null,
    avatar: null,
    roles: extra.roles ?? [],
    joined_at: new Date().toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions: String(permissions),
  } as unknown as APIInteractionGuildMember;
}

export interface MessageInit {
  id?: string;
  channelId?: string;
  author?: APIUser;
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: {
    id: string;
    filename: string;
    description?: string;
    size: number;
    content_type?: string;
  }[];
  flags?: number;
  type?: number;
  interaction?: { id: string; name: string; user: APIUser };
}

export function message(init: MessageInit): APIMessage {
  const id = init.id ?? snowflake();
  const channelId = init.channelId ?? IDS.channel;
  return {
    id,
    channel_id: channelId,
    author: init.author ?? botUser(),
    content: init.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: (init.attachments ?? []).map((a) => ({
      ...a,
      url: `https://cdn.example.invalid/attachments/${channelId}/${a.id}/${a.filename}`,
      proxy_url: `https://media.example.invalid/attachments/${channelId}/${a.id}/${a.filename}`,
    })),
    embeds: (init.embeds ?? []) as APIMessage['embeds'],
    components: (init.components ?? []) as APIMessage['components'],
    pinned: false,
    type: init.type ?? 0,
    flags: init.flags ?? 0,
    ...(init.type === 20 ? { application_id: IDS.application, webhook_id: IDS.application } : {}),
  } as APIMessage;
}

interface InteractionBase {
  id: string;
  token: string;
  userId?: string;
  appPermissions?: bigint;
  /** The member's own permissions in the channel (default: an ordinary member's). */
  memberPermissions?: bigint;
  /** The member's role ids and server nickname, as the interaction carries them. */
  roles?: string[];
  nick?: string;
  channelId?: string;
  guildId?: string;
}

function base(init: InteractionBase) {
  const u = testUser(init.userId);
  const guildId = init.guildId ?? IDS.guild;
  const channelId = init.channelId ?? IDS.channel;
  const app = init.appPermissions ?? DEFAULT_APP_PERMISSIONS;
  return {
    id: init.id,
    application_id: IDS.application,
    token: init.token,
    version: 1,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel_id: channelId,
    channel: { ...textChannel(channelId, guildId) },
    member: member(u, init.memberPermissions ?? MEMBER_PERMISSIONS, {
      roles: init.roles,
      nick: init.nick,
    }),
    app_permissions: String(app),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

export type OptionValue = string | number | boolean;

/** A slash-command option as Discord sends it: strings stay strings, whole numbers INTEGER. */
function optionPayload(name: string, value: OptionValue, focused = false) {
  const type =
    typeof value === 'boolean'
      ? ApplicationCommandOptionType.Boolean
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? ApplicationCommandOptionType.Integer
          : ApplicationCommandOptionType.Number
        : ApplicationCommandOptionType.String;
  return { name, type, value, ...(focused ? { focused: true } : {}) };
}

/** A file on a slash command's attachment option, as Discord resolves it. */
export interface AttachmentInit {
  filename: string;
  size: number;
  url: string;
  contentType?: string;
}

export function chatInput(
  init: InteractionBase & {
    name: string;
    options?: Record<string, OptionValue>;
    attachments?: Record<string, AttachmentInit>;
  },
) {
  const files = Object.entries(init.attachments ?? {}).map(([n, a]) => ({ n, a, id: snowflake() }));
  return {
    ...base(init),
    type: InteractionType.ApplicationCommand,
    data: {
      id: snowflake(),
      name: init.name,
      type: ApplicationCommandType.ChatInput,
      guild_id: init.guildId ?? IDS.guild,
      options: [
        ...Object.entries(init.options ?? {}).map(([n, v]) => optionPayload(n, v)),
        ...files.map((f) => ({
          name: f.n,
          type: ApplicationCommandOptionType.Attachment,
          value: f.id,
        })),
      ],
      ...(files.length
        ? {
            resolved: {
              attachments: Object.fromEntries(
                files.map((f) => [
                  f.id,
                  {
                    id: f.id,
                    filename: f.a.filename,
                    size: f.a.size,
                    url: f.a.url,
                    proxy_url: f.a.url,
                    content_type: f.a.contentType ?? 'text/plain',
                  },
                ]),
              ),
            },
          }
        : {}),
    },
  };
}

export function autocomplete(
  init: InteractionBase & {
    name: string;
    focused: string;
    value: string;
    options?: Record<string, OptionValue>;
  },
) {
  const others = Object.entries(init.options ?? {}).map(([n, v]) => optionPayload(n, v));
  return {
    ...base(init),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: snowflake(),
      name: init.name,
      type: ApplicationCommandType.ChatInput,
      options: [...others, optionPayload(init.focused, init.value, true)],
    },
  };
}

export function button(init: InteractionBase & { customId: string; message: APIMessage }) {
  return {
    ...base(init),
    type: InteractionType.MessageComponent,
    message: init.message,
    data: { custom_id: init.customId, component_type: ComponentType.Button },
  };
}

/**
 * A modal's submission (INTERACTION type 5) as Discord sends it for a modal opened from a
 * button on `message`: each text input inside its label component (type 18), with its value.
 */
export function modalSubmit(
  init: InteractionBase & {
    customId: string;
    message?: APIMessage;
    values: Record<string, string>;
  },
) {
  return {
    ...base(init),
    type: InteractionType.ModalSubmit,
    ...(init.message ? { message: init.message } : {}),
    data: {
      custom_id: init.customId,
      components: Object.entries(init.values).map(([customId, value], i) => ({
        type: ComponentType.Label,
        id: i + 1,
        component: { type: ComponentType.TextInput, id: i + 100, custom_id: customId, value },
      })),
    },
  };
}
