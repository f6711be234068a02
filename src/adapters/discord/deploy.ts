/**
 * `npm run deploy:discord`: register the slash commands generated from commands/ — to one
 * server when DISCORD_GUILD_ID is set (instant, for development), globally otherwise. A bulk
 * PUT replaces the whole set, so removed commands disappear too. Run it when commands change,
 * not on every start: command creation has a daily limit.
 */
import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { AnyCommand } from '../../../commands/define.js';
import { ConfigError, loadConfig } from '../../config.js';
import { registrationFor, validateRegistration, type CommandJSON } from './register.js';

export interface DeployOptions {
  token: string;
  applicationId: string;
  guildId?: string;
  apiUrl?: string;
  commands: readonly AnyCommand[];
}

export interface DeployResult {
  scope: 'guild' | 'global';
  route: string;
  registered: CommandJSON[];
}

export class DeployError extends Error {
  override readonly name = 'DeployError';
}

export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const body = registrationFor(options.commands);
  const problems = validateRegistration(body);
  if (problems.length > 0) {
    throw new DeployError(
      `The generated commands break Discord's rules:\n  ${problems.join('\n  ')}`,
    );
  }
  const rest = new REST(
    options.apiUrl ? { api: options.apiUrl, retries: 1 } : { retries: 1 },
  ).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  try {
    const registered = (await rest.put(route, { body })) as CommandJSON[];
    return { scope: options.guildId ? 'guild' : 'global', route, registered };
  } catch (error) {
    throw explain(error, options);
  }
}

/** Discord's refusals in terms of the variable to fix. */
function explain(error: unknown, options: DeployOptions): Error {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) {
      return new DeployError(
        'Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal (Bot → Reset Token).',
      );
    }
    if (error.status === 403 || error.code === 50001) {
      return new DeployError(
        options.guildId
          ? `Discord refused access to server DISCORD_GUILD_ID=${options.guildId}: invite the bot there with the applications.commands scope first (see src/adapters/discord/README.md).`
          : `Discord refused access (${error.message}): check that DISCORD_APPLICATION_ID is this bot's application id.`,
      );
    }
    if (error.status === 404 || error.code === 10002) {
      return new DeployError(
        `Unknown application: check DISCORD_APPLICATION_ID (${options.applicationId}).`,
      );
    }
    return new DeployError(`Discord rejected the commands (${error.status} ${error.message}).`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeployError(
    `Could not reach Discord${options.apiUrl ? ` at DISCORD_API_URL=${options.apiUrl}` : ''}: ${message}`,
  );
}

export function describeDeploy(result: DeployResult, guildId?: string): string {
  const where =
    result.scope === 'guild'
      ? `server ${guildId} (available now)`
      : 'every server (global commands can take up to an hour to appear)';
  const lines = result.registered.map((c) => {
    const options = 'options' in c ? (c.options ?? []) : [];
    const opts = options.map((o) => ('required' in o && o.required ? o.name : `[${o.name}]`));
    return `  /${c.name} ${opts.join(' ')}`.trimEnd();
  });
  return [`Registered ${result.registered.length} commands for ${where}:`, ...lines].join('\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  const missing = [
    ...(config.DISCORD_TOKEN ? [] : ['DISCORD_TOKEN']),
    ...(config.DISCORD_APPLICATION_ID ? [] : ['DISCORD_APPLICATION_ID']),
  ];
  if (missing.length > 0) {
    throw new ConfigError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: deploy:discord needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (optionally DISCORD_GUILD_ID for one server).`,
    );
  }
  const { commands } = await import('../../../commands/index.js');
  const result = await deployCommands({
    token: config.DISCORD_TOKEN!,
    applicationId: config.DISCORD_APPLICATION_ID!,
    guildId: config.DISCORD_GUILD_ID,
    apiUrl: config.DISCORD_API_URL,
    commands,
  });
  process.stdout.write(`${describeDeploy(result, config.DISCORD_GUILD_ID)}\n`);
}

// Run when executed (npm run deploy:discord), not when imported by tests.
if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    // Known failures print one clear message; anything else still gets no stack trace.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`deploy:discord: ${message}\n`);
    process.exitCode = 1;
  });
}
