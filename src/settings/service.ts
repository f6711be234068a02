/**
 * The one settings service every command reads (through `ctx.services.settings()`): a server's
 * settings with their defaults, changed only by its staff, values checked against their range.
 * Reads are cached briefly (a few per command), and a write refreshes its own server at once.
 */
import type { InteractionContext } from '../interaction.js';
import type { Store } from '../store/index.js';
import { SettingsRepo, type MemberPrefs } from '../store/settings-repo.js';
import {
  DEFAULT_SETTINGS,
  fromStored,
  parseSetting,
  type ServerSettings,
  type SettingKey,
} from './schema.js';

/** How long a read is trusted (another process's change shows within this). */
export const SETTINGS_TTL_MS = 30_000;

export type Ctx = Pick<InteractionContext, 'platform' | 'server' | 'user' | 'isStaff'>;

export class SettingsService {
  readonly repo: SettingsRepo;
  private readonly cache = new Map<string, { value: ServerSettings; until: number }>();

  constructor(
    readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new SettingsRepo(store.db);
  }

  /** The settings of a server (the defaults outside one). */
  async get(platform: string, serverId: string | undefined): Promise<ServerSettings> {
    if (!serverId) return DEFAULT_SETTINGS;
    const key = `${platform}:${serverId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    const value = fromStored(await this.repo.getSettings(platform, serverId));
    this.cache.set(key, { value, until: this.now() + SETTINGS_TTL_MS });
    return value;
  }

  for(ctx: Pick<InteractionContext, 'platform' | 'server'>): Promise<ServerSettings> {
    return this.get(ctx.platform, ctx.server?.id);
  }

  /**
   * Change one setting; the caller has checked the person is staff. Returns the new value, or
   * the refusal sentence with the allowed range.
   */
  async set<K extends SettingKey>(
    ctx: Ctx,
    key: K,
    text: string,
  ): Promise<{ value: ServerSettings[K] } | { error: string }> {
    if (!ctx.server) return { error: 'Settings belong to a server; run this in one.' };
    const parsed = parseSetting(key, text);
    if ('error' in parsed) return parsed;
    await this.write(ctx, (stored) => ({ ...stored, [key]: parsed.value }));
    return parsed;
  }

  /** Back to the default (the stored value is dropped). */
  async reset(ctx: Ctx, key: SettingKey): Promise<void> {
    if (!ctx.server) return;
    await this.write(ctx, (stored) => {
      const { [key]: _dropped, ...rest } = stored;
      return rest;
    });
  }

  private async write(
    ctx: Ctx,
    change: (stored: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<void> {
    const serverId = ctx.server!.id;
    const json = await this.repo.getSettings(ctx.platform, serverId);
    let stored: Record<string, unknown> = {};
    try {
      stored = json ? (JSON.parse(json) as Record<string, unknown>) : {};
    } catch {
      stored = {};
    }
    const next = JSON.stringify(change(stored));
    await this.repo.putSettings(ctx.platform, serverId, next, ctx.user.id, this.now());
    this.cache.delete(`${ctx.platform}:${serverId}`);
  }

  /** Whether a settings row exists (shown as "changed" vs "default" per key). */
  async changedKeys(platform: string, serverId: string): Promise<Set<string>> {
    const json = await this.repo.getSettings(platform, serverId);
    try {
      return new Set(Object.keys(json ? (JSON.parse(json) as object) : {}));
    } catch {
      return new Set();
    }
  }

  forget(platform: string, serverId: string): void {
    this.cache.delete(`${platform}:${serverId}`);
  }

  /** Drop every cached server of a platform (a member left every TA list there). */
  forgetPlatform(platform: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${platform}:`)) this.cache.delete(key);
  }

  /** Every member's board choices in a server, by user id. */
  async prefs(platform: string, serverId: string): Promise<Map<string, MemberPrefs>> {
    const rows = await this.repo.prefsIn(platform, serverId);
    return new Map(rows.map((r) => [r.user_id, r]));
  }

  async setPrefs(
    ctx: Ctx,
    change: { board?: 'hide' | 'show'; nickname?: string | null },
  ): Promise<void> {
    await this.repo.putPrefs(
      { platform: ctx.platform, serverId: ctx.server?.id ?? '', userId: ctx.user.id },
      change,
      this.now(),
    );
  }
}

/**
 * `ctx.isStaff` extended with the server's TA role and TA list, lazy and asked once per
 * interaction: adapters build their context's `isStaff` with this. `roles` are the member's
 * role ids where the interaction carries them (Discord).
 */
export function staffCheck(options: {
  platform: string;
  serverId: string | undefined;
  userId: string;
  base: () => Promise<boolean>;
  roles?: () => readonly string[];
  settings?: () => Promise<SettingsService | undefined>;
}): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  const ask = async (): Promise<boolean> => {
    if (options.serverId && options.settings) {
      const service = await options.settings().catch(() => undefined);
      const s = await service?.get(options.platform, options.serverId).catch(() => undefined);
      if (s?.taUsers.includes(options.userId)) return true;
      if (s?.taRole && (options.roles?.() ?? []).includes(s.taRole)) return true;
    }
    return options.base();
  };
  return () => (answer ??= ask().catch(() => false));
}
