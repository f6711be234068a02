/**
 * Reads a command's zod options into plain option descriptions, the one source for
 * Discord's registration JSON, the Slack usage hints, the CLI and /help.
 */
import { z } from 'zod';
import type { AnyCommand } from './define.js';

export type OptionType = 'string' | 'integer' | 'number' | 'boolean' | 'attachment';

/**
 * Options declared with `attachment()` are files: Discord shows a file picker, the playground
 * a file input, the CLI reads the named file; everywhere the command receives the file's text.
 * The zod string's `.max()` is the size cap in bytes, checked before anything is downloaded.
 */
const ATTACHMENTS = new WeakMap<z.ZodType, AttachmentRule>();

export interface AttachmentRule {
  /**
   * The file is for TAs only: what a student is told only TAs can do ("import course files").
   * Adapters that download the file (Discord, Slack) refuse before fetching a byte; the
   * command still checks, for platforms where the file arrives with the request.
   */
  staff?: string;
}

export function attachment(description: string, maxBytes: number, rule: AttachmentRule = {}) {
  const schema = z.string().max(maxBytes).describe(description);
  ATTACHMENTS.set(schema, rule);
  return schema;
}

export interface OptionSpec {
  name: string;
  type: OptionType;
  description: string;
  required: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  defaultValue?: unknown;
  positional: boolean;
  /** attachment options: the most bytes a file may have. */
  maxBytes?: number;
  /** attachment options for TAs only: the "Only TAs can …" words (AttachmentRule.staff). */
  staff?: string;
}

export function optionSpecs(command: AnyCommand): OptionSpec[] {
  const shape = command.options.shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, schema]) =>
    describeOption(name, schema, command.positional.includes(name)),
  );
}

function describeOption(name: string, schema: z.ZodType, positional: boolean): OptionSpec {
  let inner: z.ZodType = schema;
  let required = true;
  let defaultValue: unknown;
  let description = schema.description;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
    required = false;
    if (inner instanceof z.ZodDefault) defaultValue = inner.def.defaultValue;
    inner = inner.unwrap() as z.ZodType;
    description ??= inner.description;
  }
  const spec: OptionSpec = {
    name,
    type: 'string',
    description: description ?? name,
    required,
    positional,
  };
  if (defaultValue !== undefined) spec.defaultValue = defaultValue;
  const rule = ATTACHMENTS.get(inner);
  if (rule) {
    spec.type = 'attachment';
    if (inner instanceof z.ZodString && typeof inner.maxLength === 'number')
      spec.maxBytes = inner.maxLength;
    if (rule.staff) spec.staff = rule.staff;
  } else if (inner instanceof z.ZodEnum) {
    spec.choices = inner.options as string[];
  } else if (inner instanceof z.ZodNumber) {
    spec.type = inner.isInt ? 'integer' : 'number';
    if (inner.minValue !== null && Number.isFinite(inner.minValue)) spec.min = inner.minValue;
    if (inner.maxValue !== null && Number.isFinite(inner.maxValue)) spec.max = inner.maxValue;
  } else if (inner instanceof z.ZodBoolean) {
    spec.type = 'boolean';
  }
  return spec;
}

/** `/loss <params> <tokens> [fit]`: the usage line people read in help and errors. */
export function usage(command: AnyCommand): string {
  const parts = optionSpecs(command).map((o) => {
    const label = o.positional
      ? `<${o.name}>`
      : `${o.name}:<${o.choices ? o.choices.join('|') : o.type === 'string' ? 'text' : o.type}>`;
    return o.required ? label : `[${label}]`;
  });
  return [`/${command.name}`, ...parts].join(' ');
}
