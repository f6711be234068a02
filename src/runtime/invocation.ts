/**
 * Raw input → a typed invocation, once, whatever the platform: free text (Slack, the
 * playground, the terminal chat, the CLI) goes through parse-text.ts, Discord's structured
 * options skip that step; both are then coerced (commands/coerce.ts) and checked by the
 * command's zod schema. Bad input becomes a reply here, so no adapter words it itself.
 */
import { z } from 'zod';
import type { AnyCommand } from '../../commands/define.js';
import { coerceOptions } from '../../commands/coerce.js';
import { optionSpecs, usage } from '../../commands/schema.js';
import { errorReply, type Reply } from '../reply.js';
import { InputError } from '../input-error.js';
import { parseCommandText } from './parse-text.js';

/** What a user sent: the text after `/<name>`, or the option values a platform parsed. */
export type CommandInput =
  /** `files`: attachment options' text, beside the typed line (the playground's file picker). */
  { text: string; files?: Record<string, string> } | { options: Record<string, unknown> };

export type Invocation =
  /** Options valid for the command's schema: ready to run. */
  | { kind: 'run'; command: AnyCommand; options: unknown }
  /** `/<name> help`, or input that cannot run: answer with `reply` and stop. */
  | { kind: 'help' | 'invalid'; command: AnyCommand; reply: Reply };

export function parseInvocation(command: AnyCommand, input: CommandInput): Invocation {
  let raw: Record<string, unknown>;
  if ('text' in input) {
    let parsed;
    try {
      parsed = parseCommandText(command, input.text);
    } catch (error) {
      return invalid(command, error);
    }
    if (parsed.help) return { kind: 'help', command, reply: helpFor(command) };
    raw = { ...parsed.options, ...input.files };
  } else {
    raw = input.options;
  }
  let coerced: Record<string, unknown>;
  try {
    coerced = coerceOptions(command, raw);
  } catch (error) {
    return invalid(command, error);
  }
  const parsed = command.options.safeParse(coerced);
  if (!parsed.success) {
    const reply = inputErrorReply(command, describeIssues(command, parsed.error, coerced));
    return { kind: 'invalid', command, reply };
  }
  return { kind: 'run', command, options: parsed.data };
}

function invalid(command: AnyCommand, error: unknown): Invocation {
  if (!(error instanceof InputError)) throw error;
  return { kind: 'invalid', command, reply: inputErrorReply(command, error.message) };
}

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
      const received = got === undefined ? 'nothing' : JSON.stringify(printable(got).slice(0, 60));
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

export function helpFor(command: AnyCommand): Reply {
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

export function inputErrorReply(command: AnyCommand, message: string): Reply {
  const reply = errorReply(`Couldn't run /${command.name}`, message);
  reply.notes = [`Usage: \`${usage(command)}\``, `Try \`/${command.name} help\` for every option.`];
  return reply;
}

/** Any received value as text for an error message; hostile objects (no toString) included. */
function printable(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    try {
      return JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
}
