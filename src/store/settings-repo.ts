/**
 * Rows of migration 20: a server's changed settings (JSON), members' board choices, and the
 * servers the bot was removed from. The settings service (src/settings/) is the only reader.
 */
import type { Kysely } from 'kysely';
import type { Database, MemberPrefsTable, ServerRemovalsTable } from './schema.js';

export type MemberPrefs = MemberPrefsTable;
export type ServerRemoval = ServerRemovalsTable;

export class SettingsRepo {
  constructor(readonly db: Kysely<Database>) {}

  async getSettings(platform: string, serverId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('server_settings')
      .select('settings')
      .where('platform', '=', platform)
      .where('server_id', '=', serverId)
      .executeTakeFirst();
    return row?.settings;
  }

  async putSettings(
    platform: string,
    serverId: string,
    settings: string,
    by: string,
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('server_settings')
      .values({ platform, server_id: serverId, settings, updated_by: by, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(['platform', 'server_id'])
          .doUpdateSet({ settings, updated_by: by, updated_at: now }),
      )
      .execute();
  }

  /** Every member's choices in a server (boards read them all at once). */
  async prefsIn(platform: string, serverId: string): Promise<MemberPrefs[]> {
    return this.db
      .selectFrom('member_prefs')
      .selectAll()
      .where('platform', '=', platform)
      .where('server_id', '=', serverId)
      .execute();
  }

  async putPrefs(
    key: { platform: string; serverId: string; userId: string },
    change: { board?: string; nickname?: string | null },
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('member_prefs')
      .values({
        platform: key.platform,
        server_id: key.serverId,
        user_id: key.userId,
        board: change.board ?? 'default',
        nickname: change.nickname ?? null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['platform', 'server_id', 'user_id']).doUpdateSet({
          ...(change.board !== undefined ? { board: change.board } : {}),
          ...(change.nickname !== undefined ? { nickname: change.nickname } : {}),
          updated_at: now,
        }),
      )
      .execute();
  }

  async markRemoved(platform: string, serverId: string, now: number, deleteAt: number) {
    await this.db
      .insertInto('server_removals')
      .values({ platform, server_id: serverId, removed_at: now, delete_at: deleteAt })
      .onConflict((oc) => oc.columns(['platform', 'server_id']).doNothing())
      .execute();
  }

  /** True when a pending deletion was cancelled. */
  async unmarkRemoved(platform: string, serverId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('server_removals')
      .where('platform', '=', platform)
      .where('server_id', '=', serverId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  dueRemovals(now: number): Promise<ServerRemoval[]> {
    return this.db
      .selectFrom('server_removals')
      .selectAll()
      .where('delete_at', '<=', now)
      .execute();
  }
}
