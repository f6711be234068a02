/**
 * Display names for Slack boards. A slash command carries only the member's handle, so a board
 * asks `users.info` for the names it shows (profile.display_name, else real_name), with:
 * - a cache (names change rarely): a board shown twice costs no second lookup;
 * - a rate bound: at most `perMinute` lookups per rolling minute for the whole process
 *   (users.info is Tier 4, about 100 a minute), and at most `budgetMs` of waiting per board.
 * What is not found in time is shown with the stored name, and the lookups still running fill
 * the cache for the next board: one board never takes minutes because of names.
 */
import { logger } from '../../logger.js';
import type { SlackClient } from './deliver.js';

export const NAME_TTL_MS = 60 * 60_000;

export interface NameOptions {
  now?: () => number;
  perMinute?: number;
  budgetMs?: number;
}

export class SlackNames {
  private readonly cache = new Map<string, { name: string | undefined; until: number }>();
  private readonly inFlight = new Map<string, Promise<string | undefined>>();
  private readonly started: number[] = [];
  private readonly now: () => number;
  readonly perMinute: number;
  readonly budgetMs: number;

  constructor(
    /** The Web API client of a workspace (one token, or one per workspace with OAuth). */
    private readonly clientFor: (teamId: string | undefined) => Promise<SlackClient>,
    options: NameOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.perMinute = options.perMinute ?? 50;
    this.budgetMs = options.budgetMs ?? 1500;
  }

  /** A name already known (no call): the context's user name when there is one. */
  cached(teamId: string | undefined, userId: string): string | undefined {
    const hit = this.cache.get(`${teamId ?? ''}:${userId}`);
    return hit && hit.until > this.now() ? hit.name : undefined;
  }

  /** Names for `userIds`, within the rate bound and the time budget; missing ones are left out. */
  async lookup(
    teamId: string | undefined,
    userIds: readonly string[],
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const waits: Promise<void>[] = [];
    for (const id of new Set(userIds)) {
      const key = `${teamId ?? ''}:${id}`;
      const hit = this.cache.get(key);
      if (hit && hit.until > this.now()) {
        if (hit.name) out.set(id, hit.name);
        continue;
      }
      const running = this.inFlight.get(key) ?? this.start(key, teamId, id);
      if (!running) continue; // over the rate bound: the stored name is shown
      waits.push(
        running.then((name) => {
          if (name) out.set(id, name);
        }),
      );
    }
    if (waits.length > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all(waits),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.budgetMs))),
      ]);
      clearTimeout(timer);
    }
    return new Map(out);
  }

  private start(
    key: string,
    teamId: string | undefined,
    userId: string,
  ): Promise<string | undefined> | undefined {
    const now = this.now();
    while (this.started.length > 0 && this.started[0]! <= now - 60_000) this.started.shift();
    if (this.started.length >= this.perMinute) return undefined;
    this.started.push(now);
    const call = this.fetch(key, teamId, userId).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, call);
    return call;
  }

  private async fetch(
    key: string,
    teamId: string | undefined,
    userId: string,
  ): Promise<string | undefined> {
    try {
      const client = await this.clientFor(teamId);
      const res = await client.users.info({ user: userId });
      const user = res.user as
        { name?: string; profile?: { display_name?: string; real_name?: string } } | undefined;
      const name = user?.profile?.display_name || user?.profile?.real_name || user?.name;
      this.cache.set(key, { name: name || undefined, until: this.now() + NAME_TTL_MS });
      return name || undefined;
    } catch (error) {
      logger.debug({ err: error }, 'slack: users.info for a display name failed');
      // Remembered briefly, so a failing member is not asked for on every board.
      this.cache.set(key, { name: undefined, until: this.now() + 60_000 });
      return undefined;
    }
  }
}
