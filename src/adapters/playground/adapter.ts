/** The playground in the adapter registry: asked for with PLAYGROUND, or when nothing else runs. */
import { platformName } from '../../interaction.js';
import type { ChatAdapter } from '../contract.js';

export const PLAYGROUND = platformName('playground');

export const playgroundAdapter: ChatAdapter = {
  name: PLAYGROUND,
  enabled: (config) => Boolean(config.PLAYGROUND),
  fallback: true,
  async start({ http, renderChart, commands, services }) {
    const { mountPlayground } = await import('./index.js');
    const playground = mountPlayground(http, { renderChart, commands, services });
    return { messenger: playground.messenger, stop: playground.stop };
  },
};
