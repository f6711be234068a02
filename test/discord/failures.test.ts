/** Discord API errors → DeliveryError kinds, and the hint that names the permission to grant. */
import { DiscordAPIError, PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  discordHint,
  missingPermissions,
  toDeliveryError,
} from '../../src/adapters/discord/failures.js';

const apiError = (code: number, status: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', '/channels/1/messages', {});

describe('Discord delivery failures', () => {
  it('maps REST codes to kinds', () => {
    expect(toDeliveryError(apiError(50001, 403, 'Missing Access')).kind).toBe('not_in_channel');
    expect(toDeliveryError(apiError(10003, 404, 'Unknown Channel')).kind).toBe('not_in_channel');
    expect(toDeliveryError(apiError(50013, 403, 'Missing Permissions')).kind).toBe(
      'missing_permission',
    );
    expect(toDeliveryError(apiError(10008, 404, 'Unknown Message')).kind).toBe('message_gone');
    expect(toDeliveryError(apiError(0, 500, 'Internal Server Error')).kind).toBe('platform_error');
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toDeliveryError(abort).kind).toBe('timeout');
  });

  it('the hint names the channel permissions the bot lacks', () => {
    const granted = new PermissionsBitField([
      PermissionFlagsBits.ViewChannel,
      PermissionFlagsBits.ReadMessageHistory,
      PermissionFlagsBits.AttachFiles,
    ]);
    const missing = missingPermissions(granted);
    expect(missing).toEqual(['Send Messages', 'Embed Links']);
    const error = toDeliveryError(apiError(50013, 403, 'Missing Permissions'), missing);
    expect(discordHint(error)).toMatch(/lack the Send Messages, Embed Links permissions/);
    expect(discordHint(toDeliveryError(apiError(50013, 403, 'x')))).toMatch(/a permission I need/);
    expect(discordHint(toDeliveryError(apiError(50001, 403, 'x')))).toMatch(/View Channel/);
  });
});
