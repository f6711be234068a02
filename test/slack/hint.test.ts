import { describe, expect, it } from 'vitest';
import { DeliveryError, genericHint } from '../../src/delivery.js';
import { createSlackMessenger } from '../../src/adapters/slack/messenger.js';
import type { SlackClient } from '../../src/adapters/slack/deliver.js';

const messenger = createSlackMessenger({
  client: {} as SlackClient,
  renderChart: () => Promise.reject(new Error('no charts here')),
});

describe('the Slack messenger says how to fix a failed delivery', () => {
  it('not in the channel: the /invite remedy, naming no command', () => {
    const hint = messenger.hint!(new DeliveryError('not_in_channel', 'not_in_channel'));
    expect(hint).toContain('Run `/invite @Scaling Tutor` in this channel, then try again.');
    expect(hint).not.toContain('/quiz');
  });

  it('a refused permission names Slack’s code; other kinds use the shared words', () => {
    expect(messenger.hint!(new DeliveryError('missing_permission', 'restricted_action'))).toContain(
      '`restricted_action`',
    );
    const limited = new DeliveryError('rate_limited', 'HTTP 429', { retryAfterMs: 3000 });
    expect(messenger.hint!(limited)).toBe(genericHint(limited));
  });
});
