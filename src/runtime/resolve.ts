/**
 * Typed text → a command, the same on every platform that reads text (the playground, the
 * terminal chat, the CLI): `/optimal 6e22`, `optimal 6e22` and `/OPTIMAL 6e22` all resolve.
 */
import type { AnyCommand } from '../../commands/define.js';
import { errorReply, type Reply } from '../reply.js';

export type Resolution =
  | { command: AnyCommand; name: string; text: string }
  | { command?: undefined; name: string; text: string; reply: Reply };

/** The command called `name` (a leading `/` and any case allowed). */
export function findCommandIn(
  commands: readonly AnyCommand[],
  name: string,
): AnyCommand | undefined {
  const key = name.trim().replace(/^\//, '').toLowerCase();
  return commands.find((c) => c.name === key);
}

export function resolveText(commands: readonly AnyCommand[], line: string): Resolution {
  const match = /^\/?(\S*)\s*([\s\S]*)$/.exec(line.trim());
  const name = (match?.[1] ?? '').toLowerCase();
  const text = match?.[2] ?? '';
  const command = findCommandIn(commands, name);
  if (command) return { command, name, text };
  return { name, text, reply: unknownCommandReply(commands, name) };
}

export function unknownCommandReply(commands: readonly AnyCommand[], name: string): Reply {
  const names = commands.map((c) => `/${c.name}`).join(', ');
  const example = commands[0]?.examples[0] ?? '/help';
  return errorReply(
    'Unknown command',
    `There is no /${name}. Try one of: ${names}. Example: ${example}`,
  );
}
