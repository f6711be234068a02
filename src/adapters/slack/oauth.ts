/**
 * Slack OAuth distribution: Bolt's installer (install page, redirect, state check, the
 * oauth.v2.access exchange) with its installationStore backed by the bot's database, and the
 * two events after which a workspace's token is gone for good. Bolt does nothing about those
 * by itself: here the installation is deleted, the cached client dropped, and the lifecycle
 * hook told, which deletes the workspace's data after a grace period (issue 16).
 */
import type { App, Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { logger } from '../../logger.js';
import type { InstallationKey, SlackInstallationRepo } from '../../store/slack-installations.js';
import type { ServerLifecycle } from '../contract.js';
import type { SlackClients } from './workspaces.js';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

const keyOf = (i: Installation): InstallationKey => ({
  ...(i.team?.id ? { teamId: i.team.id } : {}),
  ...(i.enterprise?.id ? { enterpriseId: i.enterprise.id } : {}),
  isEnterpriseInstall: i.isEnterpriseInstall === true,
});

const queryKey = (q: InstallationQuery<boolean>): InstallationKey => ({
  ...(q.teamId ? { teamId: q.teamId } : {}),
  ...(q.enterpriseId ? { enterpriseId: q.enterpriseId } : {}),
  isEnterpriseInstall: q.isEnterpriseInstall,
});

/**
 * Bolt's InstallationStore on the database (tokens are stored, never logged). An install tells
 * the lifecycle hook `returned`: a workspace that uninstalled and comes back keeps its data.
 */
export function databaseInstallationStore(
  repo: SlackInstallationRepo,
  lifecycle?: ServerLifecycle,
): InstallationStore {
  return {
    async storeInstallation(installation) {
      const key = keyOf(installation as Installation);
      await repo.save(key, installation);
      logger.info(
        { team: key.teamId, enterprise: key.enterpriseId },
        'slack: workspace installed the app',
      );
      const serverId = key.isEnterpriseInstall ? key.enterpriseId : key.teamId;
      if (serverId) await lifecycle?.returned('slack', serverId);
    },
    async fetchInstallation(query) {
      const found = await repo.find(queryKey(query));
      if (!found)
        throw new Error(
          `no installation for team ${query.teamId ?? '-'} / enterprise ${query.enterpriseId ?? '-'}`,
        );
      return found as Installation;
    },
    async deleteInstallation(query) {
      await repo.delete(queryKey(query));
    },
  };
}

interface UninstallDeps {
  repo: SlackInstallationRepo;
  clients: SlackClients;
  lifecycle?: ServerLifecycle;
}

/** app_uninstalled, and tokens_revoked for the bot's token: the workspace is gone. */
export function registerUninstall(app: App, deps: UninstallDeps): void {
  const gone = async (
    why: string,
    context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
  ) => {
    const key: InstallationKey = {
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      isEnterpriseInstall: context.isEnterpriseInstall === true,
    };
    const serverId = key.isEnterpriseInstall ? key.enterpriseId : key.teamId;
    if (!serverId) {
      logger.warn({ why }, 'slack: an uninstall event without a team or enterprise id; ignored');
      return;
    }
    deps.clients.forget(key);
    const deleted = await deps.repo.delete(key);
    if (key.teamId) await deps.repo.forgetChannels(key.teamId);
    logger.info({ team: serverId, why, deleted }, 'slack: workspace removed the app');
    await deps.lifecycle?.removed('slack', serverId);
  };
  app.event('app_uninstalled', async ({ context }) => gone('app_uninstalled', context));
  app.event('tokens_revoked', async ({ event, context }) => {
    // Only the bot's token matters here: a user revoking their own token leaves the bot in.
    if ((event.tokens.bot ?? []).length === 0) {
      logger.info({ team: context.teamId }, 'slack: user tokens revoked; the bot stays');
      return;
    }
    await gone('tokens_revoked', context);
  });
}
