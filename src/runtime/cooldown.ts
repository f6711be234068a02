/**
 * The per-user limit a command declares (`policy.cooldown`), e.g. charts: 5 per 30 s, so one
 * person cannot queue a hundred renders. Enforced by the runtime before the command runs, the
 * same on every platform. In memory: a restart forgives everyone, which is fine.
 */
import type { AnyCommand, CommandContext, CooldownRule } from '../../commands/define.js';
import { CHART_COOLDOWN } from '../../commands/define.js';
import { settingsFor } from '../settings/read.js';

/**
 * The rule that holds for `command` here: chart commands follow the server's chartUses and
 * chartSeconds settings (read only for commands that have a cooldown at all).
 */
export async function cooldownRuleFor(
  command: AnyCommand,
  ctx: CommandContext,
): Promise<CooldownRule | undefined> {
  const rule = command.policy.cooldown;
  if (!rule || rule.bucket !== CHART_COOLDOWN.bucket || !ctx.server) return rule;
  const s = await settingsFor(ctx);
  return { ...rule, uses: s.chartUses, perSeconds: s.chartSeconds };
}
import type { Reply } from '../reply.js';

/** A window that replaces every command's declared one (tests and benches use it). */
export interface CooldownOptions {
  limit: number;
  windowMs: number;
}

export class Cooldown {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly override?: CooldownOptions) {}

  /**
   * Record a use of `command` by whoever `ctx` names; 0 when allowed, else the seconds until
   * the next use is. Commands that name the same `bucket` share one budget.
   */
  take(
    command: AnyCommand,
    ctx: CommandContext,
    now = Date.now(),
    rule: CooldownRule | undefined = command.policy.cooldown,
  ): number {
    if (!rule) return 0;
    const limit = this.override?.limit ?? rule.uses;
    const windowMs = this.override?.windowMs ?? rule.perSeconds * 1000;
    const who = `${ctx.platform}:${ctx.server?.id ?? ''}:${ctx.user.id}`;
    const key = `${rule.bucket ?? command.name}|${who}`;
    const since = now - windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    return 0;
  }
}

/** The one answer to a user over their limit, on every platform: private, not an error. */
export function cooldownReply(
  command: AnyCommand,
  seconds: number,
  rule: CooldownRule | undefined = command.policy.cooldown,
): Reply {
  const what = rule?.bucket ?? `/${command.name}`;
  const limit = rule
    ? `: ${what} allow ${rule.uses} uses per person every ${rule.perSeconds} s`
    : '';
  return {
    title: 'One moment',
    summary: `Slow down a little${limit}, so try again in ${seconds} s.`,
    visibility: 'private',
    tone: 'info',
  };
}
