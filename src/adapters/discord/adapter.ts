/** Discord in the adapter registry; discord.js loads only when DISCORD_TOKEN is set. */
import { platformName } from '../../interaction.js';
import { discordSharding } from '../../config.js';
import type { ChatAdapter } from '../contract.js';

export const DISCORD = platformName('discord');

export const discordAdapter: ChatAdapter = {
  name: DISCORD,
  enabled: (config) => config.discord,
  async start({ config, renderChart, commands, services, lifecycle }) {
    const { startDiscord } = await import('./index.js');
    const bot = await startDiscord({
      token: config.DISCORD_TOKEN!,
      applicationId: config.DISCORD_APPLICATION_ID!,
      apiUrl: config.DISCORD_API_URL,
      renderChart,
      commands,
      services,
      ...discordSharding(config),
      ...(lifecycle ? { lifecycle } : {}),
    });
    return { messenger: bot.messenger, stop: bot.stop };
  },
};
