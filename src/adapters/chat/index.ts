/**
 * A terminal chat (`npm run chat`): type the same slash commands as in Discord or Slack
 * and read the worked answers. Buttons are shown as [labels]; this adapter is for trying
 * the math, not for channel games.
 */
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { commands } from '../../../commands/index.js';
import type { CommandContext } from '../../../commands/define.js';
import { createRuntime, inRequestScope } from '../../runtime/index.js';
import { renderPlain } from '../shared/plain-text.js';

const WELCOME = `Scaling Tutor — terminal chat. Try /optimal 6e22, /loss 70B 1.4T, /models chinchilla or /help. Ctrl+D quits.`;

const runtime = createRuntime({ commands });

export async function answerLine(line: string, ctx: CommandContext): Promise<string | undefined> {
  if (line.trim() === '') return undefined;
  const found = runtime.resolve(line);
  // Each line is one request: a failure's ref is the id on its log lines.
  const reply = found.command
    ? await inRequestScope(() => runtime.invoke(found.command, { text: found.text }, ctx))
    : found.reply;
  return renderPlain(reply);
}

export function startChat(
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const rl = createInterface({ input, output, prompt: '> ', terminal: input.isTTY });
  const ctx: CommandContext = {
    platform: 'chat',
    user: { id: 'terminal', name: process.env.USER ?? 'you' },
    channel: { id: 'terminal' },
    commands,
  };
  // A closed pipe (`npm run chat | head`) ends the chat quietly instead of crashing.
  output.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') rl.close();
  });
  output.write(`${WELCOME}\n`);
  rl.prompt();
  // Answer lines one at a time, in order, even when input is piped in faster than we answer.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      const answer = await answerLine(line, ctx);
      if (answer) output.write(`${answer}\n\n`);
      rl.prompt();
    });
  });
  return new Promise((resolve) => rl.on('close', () => void queue.then(resolve)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void startChat();
}
