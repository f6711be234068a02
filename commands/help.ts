import { z } from 'zod';
import { defineCommand } from './define.js';
import { usage } from './schema.js';

export default defineCommand({
  name: 'help',
  description: 'What Scaling Tutor can do, with an example of every command',
  options: z.object({}),
  positional: [],
  examples: ['/help'],
  policy: { visibility: 'private', chart: false },
  run(_options, ctx) {
    return {
      title: 'Scaling Tutor',
      summary:
        'I answer questions about LLM scaling laws (Kaplan 2020, Chinchilla 2022 and after) with worked solutions and charts.',
      fields: ctx.commands
        .filter((c) => c.name !== 'help')
        .map((c) => ({
          label: `/${c.name}`,
          value: `${c.description}\n\`${usage(c)}\` — e.g. \`${c.examples[0] ?? `/${c.name}`}\``,
        })),
      notes: [
        'Numbers can be written as 6e22, 6×10^22, 70B, 1.4T or "22 billion". Add `help` after any command for its options, e.g. `/loss help`.',
      ],
      visibility: 'private',
      tone: 'info',
    };
  },
});
