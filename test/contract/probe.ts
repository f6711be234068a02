/**
 * The contract suites' own command: one reply of each shape an adapter must get right (public,
 * private, too long for one message, with buttons, slow, failing), so the suites check the
 * adapters and not the behaviour of some real command.
 */
import { z } from 'zod';
import { defineCommand } from '../../commands/define.js';
import type { Reply } from '../../src/reply.js';

export const SECRET = 'only-the-asker-sees-this';
export const SLOW_MS = 1500;
export const BOOM = 'probe exploded on purpose';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** About 60k characters in every part of a reply: no platform takes that in one message. */
export const HUGE: Reply = {
  title: `A very long **title** ${'T'.repeat(400)}`,
  summary: 'S '.repeat(3000),
  body: Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(500)}`),
  steps: Array.from({ length: 30 }, (_, i) => ({
    title: `Step ${i}`,
    formula: 'L = E + A/N^α + B/D^β '.repeat(20),
    substitution: 'x = 1; '.repeat(300),
    result: `**${i}** nats`,
  })),
  fields: Array.from({ length: 40 }, (_, i) => ({ label: `Field ${i}`, value: 'v'.repeat(1500) })),
  notes: Array.from({ length: 20 }, (_, i) => `Note ${i} `.repeat(60)),
  citations: ['Hoffmann et al. 2022, arXiv:2203.15556'],
  actions: [Array.from({ length: 7 }, (_, i) => ({ id: `probe:long:${i}`, label: `B${i}` }))],
  visibility: 'public',
};

export const pressed = (name: string): Reply => ({
  title: 'Pressed',
  summary: `Pressed by ${name}.`,
  actions: [[{ id: 'probe:press', label: 'Press again' }]],
  visibility: 'public',
});

export const probe = defineCommand({
  name: 'probe',
  description: 'Contract test replies',
  options: z.object({ what: z.enum(['public', 'private', 'long', 'buttons', 'slow', 'fail']) }),
  positional: ['what'],
  examples: ['/probe public'],
  policy: { visibility: 'public', chart: false },
  async run({ what }) {
    switch (what) {
      case 'public':
        return { title: 'Probe', summary: 'Everyone sees this.', visibility: 'public' };
      case 'private':
        return { title: 'Probe', summary: `Secret: ${SECRET}.`, visibility: 'private' };
      case 'long':
        return HUGE;
      case 'buttons':
        return {
          title: 'Probe buttons',
          summary: 'Press it.',
          actions: [[{ id: 'probe:press', label: 'Press', style: 'primary' }]],
          visibility: 'public',
        };
      case 'slow':
        await sleep(SLOW_MS);
        return { title: 'Probe', summary: 'Slow answer done.', visibility: 'public' };
      case 'fail':
        throw new Error(BOOM);
    }
  },
  onAction(ctx) {
    return {
      update: pressed(ctx.user.name),
      reply: { title: 'Noted', summary: `Your press counted. ${SECRET}`, visibility: 'private' },
    };
  },
});
