/** Slack in the adapter registry; Bolt loads only when SLACK_BOT_TOKEN is set. */
import { platformName } from '../../interaction.js';
import type { ChatAdapter } from '../contract.js';

export const SLACK = platformName('slack');

export const slackAdapter: ChatAdapter = {
  name: SLACK,
  enabled: (config) => config.slack,
  async start({ config, http, renderChart, commands, services }) {
    const { startSlack } = await import('./index.js');
    const slack = await startSlack({
      botToken: config.SLACK_BOT_TOKEN!,
      signingSecret: config.SLACK_SIGNING_SECRET!,
      appToken: config.SLACK_APP_TOKEN,
      apiUrl: config.SLACK_API_URL,
      http,
      renderChart,
      commands,
      services,
    });
    return {
      messenger: slack.messenger,
      stop: slack.stop,
      ...(config.SLACK_APP_TOKEN ? { label: 'slack-socket' } : {}),
    };
  },
};
