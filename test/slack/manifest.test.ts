/** The Slack app manifest is generated from commands/, within Slack's manifest limits. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { usage } from '../../commands/schema.js';
import {
  BOT_SCOPES,
  buildSlackManifest,
  MANIFEST_LIMITS,
  parseManifestArgs,
} from '../../src/adapters/slack/manifest.js';

const dir = mkdtempSync(join(tmpdir(), 'slack-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildSlackManifest', () => {
  it('HTTP mode: every command, with usage hints and the events URL; interactivity on the same URL', () => {
    const m = buildSlackManifest({ baseUrl: 'https://tutor.example.edu/' });
    const url = 'https://tutor.example.edu/slack/events';
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(
      commands.map((c) => `/${c.name}`),
    );
    for (const sc of m.features.slash_commands) {
      const command = commands.find((c) => `/${c.name}` === sc.command)!;
      expect(sc.url).toBe(url);
      expect(sc.should_escape).toBe(false);
      expect(sc.description).toBe(command.description);
      expect(sc.command.length).toBeLessThanOrEqual(MANIFEST_LIMITS.command);
      expect(sc.description.length).toBeLessThanOrEqual(MANIFEST_LIMITS.commandDescription);
      if (sc.usage_hint !== undefined) {
        expect(`${sc.command} ${sc.usage_hint}`).toBe(usage(command));
        expect(sc.usage_hint.length).toBeLessThanOrEqual(MANIFEST_LIMITS.usageHint);
      }
    }
    expect(m.features.slash_commands.find((c) => c.command === '/loss')?.usage_hint).toMatch(
      /^<params> <tokens>/,
    );
    expect(m.settings).toMatchObject({
      interactivity: { is_enabled: true, request_url: url },
      // Course files shared with the bot in a DM (src/adapters/slack/uploads.ts).
      event_subscriptions: { bot_events: ['message.im'], request_url: url },
      socket_mode_enabled: false,
    });
    expect(m.oauth_config.scopes.bot.sort()).toEqual([
      'chat:write',
      'commands',
      'files:read',
      'files:write',
      'im:history',
      'im:write',
      'users:read',
    ]);
    expect(m.oauth_config.scopes.bot).not.toContain('chat:write.public');
    const d = m.display_information;
    expect(d.name.length).toBeLessThanOrEqual(MANIFEST_LIMITS.name);
    expect(d.description.length).toBeLessThanOrEqual(MANIFEST_LIMITS.description);
    expect(d.long_description.length).toBeGreaterThanOrEqual(MANIFEST_LIMITS.longDescription[0]);
    expect(m.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  it('OAuth: the redirect URL and the uninstall events on the events URL', () => {
    const m = buildSlackManifest({ baseUrl: 'https://tutor.example.edu', oauth: true });
    expect(m.oauth_config.redirect_urls).toEqual([
      'https://tutor.example.edu/slack/oauth_redirect',
    ]);
    expect(m.settings.event_subscriptions).toEqual({
      request_url: 'https://tutor.example.edu/slack/events',
      bot_events: ['message.im', 'app_uninstalled', 'tokens_revoked'],
    });
    // Without OAuth only course files shared in a DM are heard (uploads.ts).
    expect(
      buildSlackManifest({ baseUrl: 'https://x.example' }).settings.event_subscriptions,
    ).toEqual({ bot_events: ['message.im'], request_url: 'https://x.example/slack/events' });
    expect(() => buildSlackManifest({ socketMode: true, oauth: true })).toThrow(/HTTP mode/);
    expect(parseManifestArgs(['--url', 'https://x.example', '--oauth'], {}).oauth).toBe(true);
    expect(parseManifestArgs([], { SLACK_CLIENT_ID: '1.2' }).oauth).toBe(true);
  });

  it('Socket Mode: no request URLs anywhere, socket_mode_enabled', () => {
    const m = buildSlackManifest({ socketMode: true });
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.interactivity).toEqual({ is_enabled: true });
    expect(m.features.slash_commands.every((c) => c.url === undefined)).toBe(true);
    expect([...m.oauth_config.scopes.bot]).toEqual([...BOT_SCOPES]);
  });

  it('refuses HTTP mode without a base URL, and a non-http one', () => {
    expect(() => buildSlackManifest({})).toThrow(/--url or PUBLIC_URL/);
    expect(() => buildSlackManifest({ baseUrl: 'tutor.example.edu' })).toThrow(/https:\/\//);
  });

  it('reads --url, --url=, --socket, --out and PUBLIC_URL', () => {
    expect(parseManifestArgs([], { PUBLIC_URL: 'https://a.example' })).toMatchObject({
      url: 'https://a.example',
      socket: false,
    });
    expect(parseManifestArgs(['--url=https://b.example', '--out', 'x.json'], {})).toEqual({
      url: 'https://b.example',
      socket: false,
      oauth: false,
      out: 'x.json',
    });
    expect(parseManifestArgs(['--socket'], {}).socket).toBe(true);
    expect(() => parseManifestArgs(['--nope'], {})).toThrow(/Unknown argument/);
  });

  it('the CLI writes the file and prints the same JSON', async () => {
    const out = join(dir, 'slack-manifest.json');
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'src/adapters/slack/manifest.ts',
      '--url',
      'https://tutor.example.edu',
      '--out',
      out,
    ]);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(out, 'utf8')));
    expect(JSON.parse(stdout).features.slash_commands.length).toBe(commands.length);
  });
});
