/** A context's server settings: the defaults without a settings service or while the store is down. */
import type { InteractionContext } from '../interaction.js';
import type { Services } from '../services.js';
import { DEFAULT_SETTINGS, type ServerSettings } from './schema.js';

export async function settingsFor(
  ctx: Pick<InteractionContext, 'platform' | 'server'> & { services?: Services },
): Promise<ServerSettings> {
  try {
    const service = await ctx.services?.settings?.();
    return service ? await service.for(ctx) : DEFAULT_SETTINGS;
  } catch {
    // A store that is down must not stop the math commands: they answer with the defaults.
    return DEFAULT_SETTINGS;
  }
}
