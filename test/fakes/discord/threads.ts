/**
 * Threads on the fake Discord: `POST /channels/{channel}/messages/{message}/threads` starts a
 * public thread (a channel of type 11 whose parent is the channel), into which messages can be
 * posted and edited like any channel. Denying Create Public Threads or Send Messages in
 * Threads (`FakeDiscord.denied`) answers 403 / 50013, as Discord does.
 */
import { ChannelType, PermissionFlagsBits, type APIMessage } from 'discord.js';
import { IDS, snowflake } from './payloads.js';

export interface FakeThread {
  id: string;
  parentId: string;
  /** The message it was started from. */
  messageId: string;
  name: string;
  autoArchiveDuration: number;
}

const missingPermissions: [number, unknown] = [
  403,
  { message: 'Missing Permissions', code: 50013 },
];

export class FakeThreads {
  readonly byId = new Map<string, FakeThread>();

  constructor(
    private readonly messages: Map<string, APIMessage>,
    private readonly denied: () => bigint,
  ) {}

  /** POST /channels/{parentId}/messages/{messageId}/threads */
  start(parentId: string, messageId: string, body: unknown): [number, unknown] {
    const from = this.messages.get(messageId);
    if (!from || from.channel_id !== parentId)
      return [404, { message: 'Unknown Message', code: 10008 }];
    if (this.byId.has(parentId))
      return [400, { message: 'Cannot execute action on this channel type', code: 50024 }];
    if ((this.denied() & PermissionFlagsBits.CreatePublicThreads) !== 0n) return missingPermissions;
    if ([...this.byId.values()].some((t) => t.messageId === messageId))
      return [400, { message: 'A thread has already been created for this message', code: 160004 }];
    const { name, auto_archive_duration } = (body ?? {}) as {
      name?: string;
      auto_archive_duration?: number;
    };
    if (!name || name.length > 100)
      return [400, { message: 'Invalid Form Body', code: 50035, errors: { name: {} } }];
    const thread: FakeThread = {
      id: snowflake(),
      parentId,
      messageId,
      name,
      autoArchiveDuration: auto_archive_duration ?? 4320,
    };
    this.byId.set(thread.id, thread);
    return [200, this.channel(thread)];
  }

  /** A post into a thread: refused without Send Messages in Threads. */
  postProblem(channelId: string): [number, unknown] | undefined {
    if (!this.byId.has(channelId)) return undefined;
    return (this.denied() & PermissionFlagsBits.SendMessagesInThreads) !== 0n
      ? missingPermissions
      : undefined;
  }

  channel(thread: FakeThread) {
    return {
      id: thread.id,
      type: ChannelType.PublicThread,
      guild_id: IDS.guild,
      parent_id: thread.parentId,
      name: thread.name,
      owner_id: IDS.bot,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      thread_metadata: {
        archived: false,
        auto_archive_duration: thread.autoArchiveDuration,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
  }
}
