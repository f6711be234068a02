/**
 * A per-user sliding-window limit on expensive commands (chart rendering), so one person
 * cannot queue a hundred charts. In memory: a restart forgives everyone, which is fine.
 */
export interface CooldownOptions {
  limit: number;
  windowMs: number;
}

export const CHART_COOLDOWN: CooldownOptions = { limit: 5, windowMs: 30_000 };

export class Cooldown {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly options: CooldownOptions = CHART_COOLDOWN) {}

  /** Record a use; returns 0 when allowed, else the seconds until the next use is. */
  take(key: string, now = Date.now()): number {
    const since = now - this.options.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.options.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.options.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    return 0;
  }
}

export const cooldownMessage = (seconds: number): string =>
  `You're drawing charts quickly: try again in ${seconds} s.`;
