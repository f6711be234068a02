/**
 * `npm run manifest:slack -- --url https://tutor.example.edu` (or PUBLIC_URL=…), or `-- --socket`:
 * writes slack-manifest.json, generated from commands/, to paste into Slack's "Create an app →
 * From a manifest". Scopes are the least the adapter needs:
 *   commands      slash commands;
 *   chat:write    post answers and chat.update quiz/flashcard messages in conversations the bot is in;
 *   files:write   upload charts (files.getUploadURLExternal / completeUploadExternal);
 *   users:read    users.info → is_admin/is_owner, so a workspace admin can stop or reveal anyone's
 *                 quiz (issue 6). Read-only profile data, no e-mail (that is users:read.email);
 *                 asked only for `/quiz stop` and a round's Reveal/Stop buttons, cached 10 min.
 *                 Without it (an install from an older manifest) only the starter can stop.
 *   files:read, im:history   a member shares a file (a TA's course file, runs for /fit) with the
 *                 bot in a DM (the message.im event) and the bot downloads it: see uploads.ts.
 *   im:write      conversations.open: a TA's /course export goes to their DM with the bot, as
 *                 Slack's private replies cannot carry files.
 * Not chat:write.public: it would let the bot post in public channels it has not joined, but the
 * chart upload still needs membership, so answers would arrive half-complete; instead, where the
 * bot is not a member it answers privately through the response_url and says how to invite it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyCommand } from '../../../commands/define.js';
import { commands as registry } from '../../../commands/index.js';
import { usage } from '../../../commands/schema.js';

export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'files:write',
  'users:read',
  'files:read',
  'im:history',
  'im:write',
] as const;

/** Slack's manifest limits (web-api types/request/manifest.d.ts). */
export const MANIFEST_LIMITS = {
  name: 35,
  description: 140,
  longDescription: [174, 4000],
  command: 32,
  commandDescription: 2000,
  usageHint: 1000,
  botDisplayName: 80,
} as const;

export interface ManifestOptions {
  /** Public https base URL for HTTP mode, e.g. `https://tutor.example.edu`. */
  baseUrl?: string;
  socketMode?: boolean;
  /** OAuth distribution (SLACK_CLIENT_ID): the redirect URL, and the uninstall events. */
  oauth?: boolean;
  commands?: readonly AnyCommand[];
  name?: string;
}

export interface SlackManifest {
  _metadata: { major_version: number; minor_version: number };
  display_information: {
    name: string;
    description: string;
    long_description: string;
    background_color: string;
  };
  features: {
    bot_user: { display_name: string; always_online: boolean };
    app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    slash_commands: {
      command: string;
      description: string;
      usage_hint?: string;
      should_escape: boolean;
      url?: string;
    }[];
  };
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: {
    interactivity: { is_enabled: boolean; request_url?: string };
    event_subscriptions: { bot_events: string[]; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

const LONG_DESCRIPTION =
  'Scaling Tutor answers questions about LLM scaling laws with worked solutions: compute-optimal ' +
  'model size and token count for a budget (/optimal 6e22), predicted loss for a model size and ' +
  'dataset (/loss 70B 1.4T), where published models sit (/models chinchilla), with charts, the ' +
  'formulas, the numbers substituted in, and the papers they come from.';

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export function buildSlackManifest(options: ManifestOptions = {}): SlackManifest {
  const socket = options.socketMode ?? false;
  const base = options.baseUrl?.replace(/\/+$/, '');
  if (!socket && !base)
    throw new Error('HTTP mode needs the public base URL (--url or PUBLIC_URL), or use --socket');
  if (base && !/^https?:\/\//.test(base))
    throw new Error(`The base URL must start with https:// (got ${base})`);
  if (options.oauth && socket)
    throw new Error('OAuth distribution runs in HTTP mode: use --url, not --socket');
  const eventsUrl = socket ? undefined : `${base}/slack/events`;
  const commands = options.commands ?? registry;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: clip(options.name ?? 'Scaling Tutor', MANIFEST_LIMITS.name),
      description: clip(
        'Worked answers and charts about LLM scaling laws (Chinchilla, Kaplan and after).',
        MANIFEST_LIMITS.description,
      ),
      long_description: LONG_DESCRIPTION,
      background_color: '#1d3557',
    },
    features: {
      bot_user: { display_name: 'scaling-tutor', always_online: true },
      // The Messages tab: where members share files with the bot and TAs get exports.
      app_home: { messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      slash_commands: commands.map((c) => {
        // usage() starts with the command itself; Slack shows the hint after it.
        const hint = usage(c).replace(new RegExp(`^/${c.name}\\s*`), '');
        return {
          command: clip(`/${c.name}`, MANIFEST_LIMITS.command),
          description: clip(c.description, MANIFEST_LIMITS.commandDescription),
          ...(hint ? { usage_hint: clip(hint, MANIFEST_LIMITS.usageHint) } : {}),
          // Plain text in: the adapter escapes whatever it echoes.
          should_escape: false,
          ...(eventsUrl ? { url: eventsUrl } : {}),
        };
      }),
    },
    oauth_config: {
      scopes: { bot: [...BOT_SCOPES] },
      ...(options.oauth ? { redirect_urls: [`${base}/slack/oauth_redirect`] } : {}),
    },
    settings: {
      interactivity: { is_enabled: true, ...(eventsUrl ? { request_url: eventsUrl } : {}) },
      // DMs carry course files (uploads.ts); with many workspaces, also hear when one uninstalls
      // the app or revokes its token (oauth.ts).
      event_subscriptions: {
        bot_events: ['message.im', ...(options.oauth ? ['app_uninstalled', 'tokens_revoked'] : [])],
        ...(eventsUrl ? { request_url: eventsUrl } : {}),
      },
      org_deploy_enabled: false,
      socket_mode_enabled: socket,
      token_rotation_enabled: false,
    },
  };
}

interface CliArgs {
  url?: string;
  socket: boolean;
  oauth: boolean;
  out: string;
}

export function parseManifestArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): CliArgs {
  const args: CliArgs = {
    url: env.PUBLIC_URL || undefined,
    socket: false,
    oauth: Boolean(env.SLACK_CLIENT_ID),
    out: 'slack-manifest.json',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--socket') args.socket = true;
    else if (flag === '--oauth') args.oauth = true;
    else if (flag === '--url') args.url = value();
    else if (flag === '--out') args.out = value() ?? args.out;
    else
      throw new Error(
        `Unknown argument ${flag}. Usage: manifest:slack -- [--url https://host [--oauth] | --socket] [--out file]`,
      );
  }
  return args;
}

function main(): void {
  try {
    const args = parseManifestArgs(process.argv.slice(2));
    const manifest = buildSlackManifest({
      baseUrl: args.url,
      socketMode: args.socket,
      oauth: args.oauth,
    });
    const json = `${JSON.stringify(manifest, null, 2)}\n`;
    writeFileSync(resolve(args.out), json);
    process.stdout.write(json);
    process.stderr.write(
      `Wrote ${args.out}. Paste it into https://api.slack.com/apps → Create New App → From a manifest.\n`,
    );
  } catch (error) {
    process.stderr.write(`manifest:slack: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
