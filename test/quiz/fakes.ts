/** Test doubles for the quiz: a manual clock with timers, and a Messenger that remembers. */
import type {
  ActionContext,
  CommandContext,
  MessageRef,
  Messenger,
  Platform,
} from '../../commands/define.js';
import { commands } from '../../commands/index.js';
import type { DeliveryError } from '../../src/delivery.js';
import type { EditOptions, PostOptions, ThreadRef } from '../../src/interaction.js';
import type { FlashcardEngine } from '../../src/flashcards/engine.js';
import type { QuizEngine } from '../../src/quiz/engine.js';
import type { Reply } from '../../src/reply.js';
import type { Services } from '../../src/services.js';

export class FakeClock {
  private seq = 0;
  private timers: { id: number; at: number; fn: () => void }[] = [];
  constructor(public t = Date.UTC(2026, 0, 7, 12)) {}

  now = (): number => this.t;
  setTimer = (fn: () => void, ms: number): number => {
    const id = ++this.seq;
    this.timers.push({ id, at: this.t + ms, fn });
    return id;
  };
  clearTimer = (id: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  /** What an engine under test takes from this clock: its time and its timers. */
  get deps(): {
    now: () => number;
    setTimer: FakeClock['setTimer'];
    clearTimer: FakeClock['clearTimer'];
  } {
    return { now: this.now, setTimer: this.setTimer, clearTimer: this.clearTimer };
  }
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Move time forward, firing due timers in order and letting their work finish. */
  async advance(ms: number, idle: () => Promise<void>): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
      await idle();
    }
    this.t = end;
    await idle();
  }
}

/** A channel that keeps every message: posting, editing, and the history of edits. */
export class MemoryMessenger implements Messenger {
  readonly messages = new Map<string, Reply>();
  readonly posts: { ref: MessageRef; reply: Reply; options?: PostOptions }[] = [];
  /** Threads started, by the message they were started from. */
  readonly threads: { from: MessageRef; name: string; thread: ThreadRef }[] = [];
  /** What starting a thread throws, when set (a missing permission). */
  threadError?: () => Error;
  readonly edits: { ref: MessageRef; reply: Reply; at: number; droppable: boolean }[] = [];
  private seq = 0;
  /** Posts to refuse, counting down (a channel the bot was removed from mid-round). */
  failPosts = 0;
  /** What a refused post throws (a plain Error by default; a messenger throws DeliveryError). */
  postError: () => Error = () => new Error('Missing Access');
  /** The platform's remedy for a failed delivery, when set (Messenger.hint). */
  hint?: (error: DeliveryError) => string;
  constructor(
    readonly platform: Platform = 'discord',
    private readonly clock?: FakeClock,
  ) {}

  async post(channelId: string, reply: Reply, options?: PostOptions): Promise<MessageRef> {
    if (this.failPosts > 0) {
      this.failPosts--;
      throw this.postError();
    }
    const ref = { platform: this.platform, channelId, messageId: `msg${++this.seq}` };
    this.messages.set(ref.messageId, reply);
    this.posts.push({ ref, reply, ...(options ? { options } : {}) });
    return ref;
  }

  async startThread(from: MessageRef, name: string): Promise<ThreadRef> {
    if (this.threadError) throw this.threadError();
    const thread = {
      platform: this.platform,
      channelId: from.channelId,
      threadId: `t-${from.messageId}`,
    };
    this.threads.push({ from, name, thread });
    return thread;
  }

  async edit(ref: MessageRef, reply: Reply, options?: EditOptions): Promise<void> {
    this.messages.set(ref.messageId, reply);
    const at = this.clock?.now() ?? Date.now();
    this.edits.push({ ref, reply, at, droppable: options?.droppable === true });
  }

  last(): { ref: MessageRef; reply: Reply; options?: PostOptions } {
    return this.posts[this.posts.length - 1]!;
  }
}

export function context(
  user: string,
  opts: {
    messenger?: Messenger;
    channel?: string;
    server?: string;
    isModerator?: boolean;
    platform?: Platform;
    services?: Services;
  } = {},
): CommandContext {
  return {
    platform: opts.platform ?? 'discord',
    messenger: opts.messenger,
    user: { id: user, name: user[0]!.toUpperCase() + user.slice(1) },
    channel: { id: opts.channel ?? 'general' },
    server: { id: opts.server ?? 'guild1' },
    isModerator: () => Promise.resolve(opts.isModerator === true),
    commands,
    ...(opts.services ? { services: opts.services } : {}),
  };
}

/** Services handing out whichever engines the test holds at the time of each command. */
export const servicesFrom = (
  get: () => { quiz?: QuizEngine; flashcards?: FlashcardEngine },
): Services => ({
  quiz: () => Promise.resolve(get().quiz),
  flashcards: () => Promise.resolve(get().flashcards),
});

export const click = (
  ctx: CommandContext,
  actionId: string,
  messageId?: string,
): ActionContext => ({
  ...ctx,
  actionId,
  messageId,
});
