/** Slack in the adapter registry; Bolt loads only when SLACK_BOT_TOKEN or SLACK_CLIENT_ID is set. */
import { slackOAuth } from '../../config.js';
import { platformName } from '../../interaction.js';
import type { ChatAdapter } from '../contract.js';

export const SLACK = platformName('slack');

export const slackAdapter: ChatAdapter = {
  name: SLACK,
  enabled: (config) => config.slack,
  async start({ config, http, renderChart, commands, services, lifecycle }) {
    const { startSlack } = await import('./index.js');
    // OAuth keeps each workspace's installation in the bot's database: a connection of its own
    // (the games' store is opened after the adapters, and may come and go on its own).
    const installations = slackOAuth(config)
      ? await openInstallations(config.DATABASE_URL)
      : undefined;
    try {
      const slack = await startSlack({
        ...(installations
          ? {
              oauth: {
                clientId: config.SLACK_CLIENT_ID!,
                clientSecret: config.SLACK_CLIENT_SECRET!,
                stateSecret: config.SLACK_STATE_SECRET!,
                installations: installations.repo,
              },
            }
          : { botToken: config.SLACK_BOT_TOKEN! }),
        signingSecret: config.SLACK_SIGNING_SECRET!,
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: config.SLACK_API_URL,
        http,
        renderChart,
        commands,
        services,
        ...(lifecycle ? { lifecycle } : {}),
      });
      return {
        messenger: slack.messenger,
        async stop() {
          await slack.stop();
          await installations?.store.close();
        },
        ...(config.SLACK_APP_TOKEN ? { label: 'slack-socket' } : {}),
      };
    } catch (error) {
      await installations?.store.close();
      throw error;
    }
  },
};

async function openInstallations(url: string | undefined) {
  const [{ openStore }, { SlackInstallationRepo }] = await Promise.all([
    import('../../store/index.js'),
    import('../../store/slack-installations.js'),
  ]);
  try {
    const store = await openStore(url);
    return { store, repo: new SlackInstallationRepo(store.db) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Slack OAuth (SLACK_CLIENT_ID) keeps installations in the database, which could not be opened (DATABASE_URL): ${why}`,
    );
  }
}
