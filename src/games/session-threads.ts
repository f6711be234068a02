/**
 * Channel sessions in a thread (issue 17), for every session kind that names its thread:
 * the session's first message goes to the channel, a public thread is started from it, and
 * every later message (the steps, whose reveals are edits of them, and the summary) goes into
 * the thread. The thread is kept with the session (`sessions.thread_id`), so after a restart
 * the next step still goes there. When the platform refuses the thread (Discord: no Create
 * Public Threads or Send Messages in Threads), the channel is told which permission is
 * missing and the session carries on in the channel: nothing is lost.
 */
import { genericHint, isDeliveryError } from '../delivery.js';
import type { MessageRef, Messenger, Platform, ThreadRef } from '../interaction.js';
import { logger } from '../logger.js';
import type { Reply } from '../reply.js';
import { isStoreFailure } from '../store/failure.js';
import type { SessionRepo } from '../store/session-repo.js';
import type { GameRow } from './channel-game.js';

export class SessionThreads {
  /** Without a store (a bare engine in tests): this process's memory. */
  private readonly memory = new Map<string, string | null>();

  constructor(
    private readonly repo: SessionRepo | undefined,
    private readonly messengerFor: (game: GameRow) => Messenger,
    private readonly names: { label: string; noun: string },
  ) {}

  /** The thread a session plays in, or undefined for its channel. */
  async of(session: GameRow): Promise<ThreadRef | undefined> {
    const id = this.repo ? await this.repo.thread(session.id) : this.memory.get(session.id);
    if (!id) return undefined;
    return { platform: session.platform as Platform, channelId: session.channel_id, threadId: id };
  }

  /**
   * The running session whose thread is `channelId` (a command run inside the thread), when
   * the platform's threads are channels; `get` reads it as its kind (undefined: another's).
   */
  async runningIn<S extends { status: string }>(
    platform: string,
    channelId: string,
    get: (id: string) => Promise<S | undefined>,
  ): Promise<S | undefined> {
    const ids = this.repo
      ? await this.repo.runningInThread(platform, channelId)
      : [...this.memory].filter(([, thread]) => thread === channelId).map(([id]) => id);
    for (const id of ids) {
      const session = await get(id);
      if (session?.status === 'running') return session;
    }
    return undefined;
  }

  /**
   * Post the session's opening message in its channel and start the thread from it. Throws
   * only when the opener could not be posted (nothing was started); a refused thread is
   * explained in the channel and the session stays there.
   */
  async open(session: GameRow, name: string, step: string): Promise<void> {
    const messenger = this.messengerFor(session);
    const first = await messenger.post(session.channel_id, {
      title: name,
      summary: `${session.starter_name} started a ${this.names.noun}. It plays in this message’s thread: the ${step}s, the answers and the summary are posted there.`,
      visibility: 'public',
      tone: 'info',
    });
    let thread: ThreadRef;
    try {
      thread = await messenger.startThread(first, name);
    } catch (error) {
      if (isStoreFailure(error)) throw error;
      await this.fallBack(session, error);
      return;
    }
    await this.keep(session.id, thread.threadId);
  }

  /**
   * Post in the session's thread, or its channel. A post the thread refuses (a missing
   * permission, a deleted thread) moves the session back to its channel, says why, and is
   * posted there. `broadcast`: the channel should see it too (the summary, on Slack).
   */
  async post(session: GameRow, reply: Reply, broadcast = false): Promise<MessageRef> {
    const messenger = this.messengerFor(session);
    const thread = await this.of(session);
    if (!thread) return messenger.post(session.channel_id, reply);
    try {
      return await messenger.post(session.channel_id, reply, { thread, broadcast });
    } catch (error) {
      if (isStoreFailure(error)) throw error;
      await this.fallBack(session, error);
      return messenger.post(session.channel_id, reply);
    }
  }

  private async keep(id: string, threadId: string | null): Promise<void> {
    if (this.repo) await this.repo.setThread(id, threadId);
    else this.memory.set(id, threadId);
  }

  /** Play in the channel from now on, and tell it why (the hint names the permission). */
  private async fallBack(session: GameRow, error: unknown): Promise<void> {
    const { label, noun } = this.names;
    logger.warn({ err: error, session: session.id }, `${label}: no thread; playing in the channel`);
    await this.keep(session.id, null);
    const messenger = this.messengerFor(session);
    const why = isDeliveryError(error)
      ? (messenger.hint?.(error) ?? genericHint(error))
      : 'The platform refused it.';
    try {
      await messenger.post(session.channel_id, {
        title: 'Playing here instead of in a thread',
        summary: `I could not use a thread for this ${noun}, so it carries on here in the channel. ${why}`,
        visibility: 'public',
        tone: 'info',
      });
    } catch (e) {
      logger.warn({ err: e, session: session.id }, `${label}: could not post the thread notice`);
    }
  }
}
