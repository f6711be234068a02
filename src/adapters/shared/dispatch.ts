/**
 * The one path from "a user ran a command" to a neutral reply, shared by every adapter:
 * validate options with the command's zod schema, run it, and turn any failure into a
 * reply a user can act on. Nothing thrown here ever reaches a user as a stack trace.
 */
import { z } from 'zod';
import type {
  ActionContext,
  ActionResult,
  AnyCommand,
  CommandContext,
} from '../../../commands/define.js';
import { coerceOptions } from '../../../commands/coerce.js';
import { optionSpecs, usage } from '../../../commands/schema.js';
import { errorReply, type Reply } from '../../reply.js';
import { InputError } from '../../input-error.js';
import { logger } from '../../logger.js';
import { countCommand, type Outcome } from '../../metrics/index.js';
import { currentRequest, newRequestId } from '../../request-context.js';
import { parseCommandText } from './parse-text.js';

/** A failure's reference for the user: the request's id, so it finds the request's log lines. */
export const newRef = (): string => currentRequest()?.id ?? newRequestId();

/** A zod failure in the words of the option that failed. */
function describeIssues(
  command: AnyCommand,
  error: z.ZodError,
  raw: Record<string, unknown>,
): string {
  const specs = new Map(optionSpecs(command).map((s) => [s.name, s]));
  return error.issues
    .map((issue) => {
      const name = String(issue.path[0] ?? '');
      const spec = specs.get(name);
      const got = raw[name];
      const received = got === undefined ? 'nothing' : JSON.stringify(String(got).slice(0, 60));
      if (!spec) return issue.message;
      let want = spec.description;
      if (spec.choices) want = `one of ${spec.choices.join(', ')}`;
      else if (spec.type === 'integer' || spec.type === 'number') {
        const kind = spec.type === 'integer' ? 'a whole number' : 'a number';
        want =
          spec.min !== undefined && spec.max !== undefined
            ? `${kind} from ${spec.min} to ${spec.max}`
            : kind;
      }
      return got === undefined && spec.required
        ? `\`${name}\` is required (${spec.description})`
        : `\`${name}\` should be ${want} (received ${received})`;
    })
    .join('; ');
}

function helpFor(command: AnyCommand): Reply {
  const specs = optionSpecs(command);
  return {
    title: `/${command.name}`,
    summary: command.description,
    body: [`Usage: \`${usage(command)}\``],
    fields: specs.map((s) => ({
      label: s.required ? s.name : `${s.name} (optional)`,
      value: s.choices ? `${s.description} — one of: ${s.choices.join(', ')}` : s.description,
    })),
    notes: command.examples.map((e) => `Example: \`${e}\``),
    visibility: 'private',
    tone: 'info',
  };
}

function inputErrorReply(command: AnyCommand, message: string): Reply {
  const reply = errorReply(`Couldn't run /${command.name}`, message);
  reply.notes = [`Usage: \`${usage(command)}\``, `Try \`/${command.name} help\` for every option.`];
  return reply;
}

function failureReply(ref: string): Reply {
  return errorReply(
    'Something went wrong',
    `Something went wrong on our side (ref ${ref}). It has been logged; please try again.`,
  );
}

/** Run a command with raw option values (strings from text, typed values from Discord). */
export async function runCommand(
  command: AnyCommand,
  raw: Record<string, unknown>,
  ctx: CommandContext,
): Promise<Reply> {
  const count = (outcome: Outcome) => countCommand(command.name, ctx.platform, outcome);
  let coerced: Record<string, unknown>;
  try {
    coerced = coerceOptions(command, raw);
  } catch (error) {
    if (error instanceof InputError) {
      count('input_error');
      return inputErrorReply(command, error.message);
    }
    throw error;
  }
  const parsed = command.options.safeParse(coerced);
  if (!parsed.success) {
    count('input_error');
    return inputErrorReply(command, describeIssues(command, parsed.error, coerced));
  }
  try {
    const reply = await command.run(parsed.data, ctx);
    count(reply.tone === 'error' ? 'input_error' : 'answer');
    return reply;
  } catch (error) {
    if (error instanceof InputError) {
      count('input_error');
      return inputErrorReply(command, error.message);
    }
    count('failure');
    const ref = newRef();
    logger.error(
      { err: error, ref, command: command.name, platform: ctx.platform },
      'command failed',
    );
    return failureReply(ref);
  }
}

/** Run `/<name> <text>` as typed in Slack, the playground or the terminal. */
export async function runCommandText(
  command: AnyCommand,
  text: string,
  ctx: CommandContext,
): Promise<Reply> {
  let parsed;
  try {
    parsed = parseCommandText(command, text);
  } catch (error) {
    if (error instanceof InputError) {
      countCommand(command.name, ctx.platform, 'input_error');
      return inputErrorReply(command, error.message);
    }
    throw error;
  }
  if (parsed.help) {
    countCommand(command.name, ctx.platform, 'answer');
    return helpFor(command);
  }
  return runCommand(command, parsed.options, ctx);
}

/** Route a button click by the command name that prefixes its id. */
export async function runAction(
  commands: readonly AnyCommand[],
  ctx: ActionContext,
): Promise<ActionResult> {
  const name = ctx.actionId.split(':', 1)[0];
  const command = commands.find((c) => c.name === name);
  if (!command?.onAction) {
    return {
      reply: errorReply(
        'That button has expired',
        'This button no longer does anything. Run the command again.',
      ),
    };
  }
  try {
    return await command.onAction(ctx);
  } catch (error) {
    if (error instanceof InputError) return { reply: errorReply('Not allowed', error.message) };
    const ref = newRef();
    logger.error(
      { err: error, ref, action: ctx.actionId, platform: ctx.platform },
      'action failed',
    );
    return { reply: failureReply(ref) };
  }
}

export { helpFor };
