/**
 * Slack installations for OAuth distribution (many workspaces): one row per workspace, or per
 * Enterprise Grid org for an org-wide install, holding the installation JSON Bolt hands over
 * (the bot token in it is a secret: nothing here logs it). Plus which workspace each channel
 * belongs to, so a quiz round's later posts (a reveal, possibly on another instance) use the
 * right workspace's token. Plain rows: the Slack adapter turns them into Bolt's
 * InstallationStore (core code imports no chat SDK).
 */
import type { Kysely } from 'kysely';
import type { Migration } from './migrations.js';
import type { Database } from './schema.js';

export const SLACK_INSTALLATIONS_MIGRATION: Migration = {
  version: 10,
  name: 'slack installations (OAuth) and channel workspaces',
  async up(db) {
    await db.schema
      .createTable('slack_installations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text')
      .addColumn('enterprise_id', 'text')
      .addColumn('is_enterprise_install', 'integer', (c) => c.notNull())
      .addColumn('installation', 'text', (c) => c.notNull())
      .addColumn('installed_at', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('slack_channel_teams')
      .addColumn('channel_id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('enterprise_id', 'text')
      .addColumn('seen_at', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('slack_channel_teams_team')
      .on('slack_channel_teams')
      .column('team_id')
      .execute();
  },
};

/** Which installation: a workspace, or an org for org-wide installs. */
export interface InstallationKey {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

/** The row id: `E…` for an org-wide install, else the team id. */
export function installationId(key: InstallationKey): string | undefined {
  if (key.isEnterpriseInstall) return key.enterpriseId ?? undefined;
  return key.teamId ?? undefined;
}

export class SlackInstallationRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async save(key: InstallationKey, installation: unknown): Promise<void> {
    const id = installationId(key);
    if (!id) throw new Error('slack installation: neither a team nor an enterprise id');
    const at = this.now();
    const json = JSON.stringify(installation);
    await this.db
      .insertInto('slack_installations')
      .values({
        id,
        team_id: key.teamId ?? null,
        enterprise_id: key.enterpriseId ?? null,
        is_enterprise_install: key.isEnterpriseInstall ? 1 : 0,
        installation: json,
        installed_at: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          team_id: key.teamId ?? null,
          enterprise_id: key.enterpriseId ?? null,
          is_enterprise_install: key.isEnterpriseInstall ? 1 : 0,
          installation: json,
          updated_at: at,
        }),
      )
      .execute();
  }

  /**
   * The installation for a request: the workspace's own, else its org's org-wide install.
   * Undefined when there is none (never installed, or uninstalled).
   */
  async find(key: InstallationKey): Promise<unknown> {
    const ids = key.isEnterpriseInstall
      ? [key.enterpriseId]
      : [key.teamId, key.enterpriseId && `org:${key.enterpriseId}`];
    for (const id of ids) {
      if (!id) continue;
      const row = id.startsWith('org:')
        ? await this.db
            .selectFrom('slack_installations')
            .select('installation')
            .where('id', '=', id.slice(4))
            .where('is_enterprise_install', '=', 1)
            .executeTakeFirst()
        : await this.db
            .selectFrom('slack_installations')
            .select('installation')
            .where('id', '=', id)
            .executeTakeFirst();
      if (row) return JSON.parse(row.installation) as unknown;
    }
    return undefined;
  }

  /** Delete an installation (app_uninstalled, tokens_revoked); true if there was one. */
  async delete(key: InstallationKey): Promise<boolean> {
    const id = installationId(key);
    if (!id) return false;
    const result = await this.db
      .deleteFrom('slack_installations')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('slack_installations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Remember (or move) a channel's workspace. */
  async noteChannel(channelId: string, key: InstallationKey): Promise<void> {
    if (!key.teamId) return;
    const row = {
      team_id: key.teamId,
      enterprise_id: key.enterpriseId ?? null,
      seen_at: this.now(),
    };
    await this.db
      .insertInto('slack_channel_teams')
      .values({ channel_id: channelId, ...row })
      .onConflict((oc) => oc.column('channel_id').doUpdateSet(row))
      .execute();
  }

  async channelTeam(channelId: string): Promise<InstallationKey | undefined> {
    const row = await this.db
      .selectFrom('slack_channel_teams')
      .select(['team_id', 'enterprise_id'])
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    return row
      ? { teamId: row.team_id, ...(row.enterprise_id ? { enterpriseId: row.enterprise_id } : {}) }
      : undefined;
  }

  /** Forget a workspace's channels (it uninstalled the app). */
  async forgetChannels(teamId: string): Promise<void> {
    await this.db.deleteFrom('slack_channel_teams').where('team_id', '=', teamId).execute();
  }
}
