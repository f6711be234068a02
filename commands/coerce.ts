/**
 * Raw option values (text from Slack, the CLI and the playground; typed values from Discord)
 * → what a command's zod schema expects. One reading per option type, on every platform:
 * integers are decimal digits only, numbers are plain decimals, choices match any case and
 * become the canonical name (`a100` → `A100`).
 */
import { InputError } from '../src/input-error.js';
import { parseDecimal, parseInteger } from '../src/scaling/quantity.js';
import type { AnyCommand } from './define.js';
import { optionSpecs, type OptionSpec } from './schema.js';

export function coerceOptions(
  command: AnyCommand,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const specs = new Map(optionSpecs(command).map((s) => [s.name, s]));
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    const spec = specs.get(name);
    if (!spec || typeof value !== 'string') out[name] = value;
    else if (spec.type === 'integer') out[name] = readOrThrow(command, spec, value, parseInteger);
    else if (spec.type === 'number') out[name] = readOrThrow(command, spec, value, parseDecimal);
    else if (spec.type === 'boolean') out[name] = readBoolean(value);
    else if (spec.choices) out[name] = canonicalChoice(spec.choices, value);
    else out[name] = value;
  }
  return out;
}

/** The choice spelled as the schema spells it, whatever the case typed; else the text as is. */
export function canonicalChoice(choices: readonly string[], value: string): string {
  const key = value.trim().toLowerCase();
  return choices.find((c) => c.toLowerCase() === key) ?? value.trim();
}

function readBoolean(value: string): boolean | string {
  if (/^(true|yes|on|1)$/i.test(value.trim())) return true;
  if (/^(false|no|off|0)$/i.test(value.trim())) return false;
  return value;
}

function readOrThrow(
  command: AnyCommand,
  spec: OptionSpec,
  value: string,
  read: (text: string) => number | undefined,
): number {
  const n = read(value);
  if (n !== undefined) return n;
  const what = spec.type === 'integer' ? 'a whole number in decimal digits' : 'a number';
  const range =
    spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : '';
  throw new InputError(
    'not_a_number',
    `\`${spec.name}\` should be ${what}${range}`,
    value,
    exampleFor(command, spec),
  );
}

/** A command example that sets this option, or the first example plus a value that works. */
function exampleFor(command: AnyCommand, spec: OptionSpec): string {
  const shown = command.examples.find((e) => new RegExp(`\\b${spec.name}[:=]`).test(e));
  if (shown) return shown;
  const stated = /default (\d+(?:\.\d+)?)/.exec(spec.description)?.[1];
  const lo = spec.min ?? -Infinity;
  const hi = spec.max ?? Infinity;
  const value = stated ?? String(Math.min(hi, Math.max(lo, spec.type === 'integer' ? 10 : 0.5)));
  return `${command.examples[0] ?? `/${command.name}`} ${spec.name}:${value}`;
}
