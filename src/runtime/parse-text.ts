/**
 * Free text (Slack's slash-command text, the CLI, the playground, the terminal chat) →
 * a command's raw options. Named options are `name:value`, `name=value` or `--name value`;
 * the rest fill the positional options in order. Words that continue a number
 * ("22 billion", "10000 H100-hours", "6 × 10^22") stay with it.
 */
import { optionSpecs } from '../../commands/schema.js';
import type { AnyCommand } from '../../commands/define.js';
import { InputError } from '../input-error.js';
import { continuesQuantity } from '../scaling/quantity.js';

export interface ParsedText {
  help: boolean;
  options: Record<string, unknown>;
}

/** Split on spaces, keeping "quoted text" together. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Pieces of notation that continue a number: `×`, `10^22`, `10²²`, `*10^22`. */
const CONTINUES_NOTATION = /^[×*·^]|^x$|^10(?:\^|\*\*|[⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹])/u;
const ENDS_OPEN = /[×x*·^]$/u;

/**
 * Join positional pieces that belong to one value. Only notation and the words a quantity
 * can carry (multipliers, units, GPU time) are joined, so in `70B lots` the unknown word
 * stays apart and is reported as the next option's value.
 */
function groupValues(pieces: string[]): string[] {
  const groups: string[] = [];
  for (const piece of pieces) {
    const last = groups[groups.length - 1];
    const startsNumber = /^[\d$.+-]/.test(last ?? '');
    if (
      last !== undefined &&
      startsNumber &&
      (CONTINUES_NOTATION.test(piece) || ENDS_OPEN.test(last) || continuesQuantity(piece))
    ) {
      groups[groups.length - 1] = `${last} ${piece}`;
    } else {
      groups.push(piece);
    }
  }
  return groups;
}

export function parseCommandText(command: AnyCommand, text: string): ParsedText {
  const specs = optionSpecs(command);
  const byName = new Map(specs.map((s) => [s.name.toLowerCase(), s]));
  const tokens = tokenize(text.trim());
  if (tokens.length === 1 && /^(help|-h|--help|\?)$/i.test(tokens[0] ?? '')) {
    return { help: true, options: {} };
  }
  const options: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const flag = /^--([a-z_][\w-]*)(?:=(.*))?$/i.exec(token);
    const named = /^([a-z_][\w-]*)[:=](.+)$/i.exec(token);
    if (flag) {
      const spec = byName.get(flag[1]!.toLowerCase().replace(/-/g, '_'));
      if (!spec) throw unknownOption(command, flag[1]!);
      if (flag[2] !== undefined) options[spec.name] = flag[2];
      else if (spec.type === 'boolean') options[spec.name] = 'true';
      else options[spec.name] = tokens[++i] ?? '';
    } else if (named && byName.has(named[1]!.toLowerCase())) {
      options[byName.get(named[1]!.toLowerCase())!.name] = named[2];
    } else {
      positional.push(token);
    }
  }
  const slots = command.positional.filter((name) => !(name in options));
  const values = groupValues(positional);
  if (values.length > 0 && slots.length === 0) {
    throw new InputError(
      'unknown_option',
      `/${command.name} takes no free text; use name:value options`,
      text,
      command.examples[0] ?? `/${command.name}`,
    );
  }
  // Surplus pieces: a stray word joins the value before it (`70 lots 1.4T` → "70 lots", which
  // the quantity parser then reports); otherwise the last option takes the rest ("llama 3 70b").
  while (values.length > slots.length && values.length > 1) {
    let at = values.length - 1;
    for (let i = values.length - 1; i > 0; i--) {
      if (!/^[\d$.+-]/.test(values[i]!)) {
        at = i;
        break;
      }
    }
    const [piece] = values.splice(at, 1);
    values[at - 1] = `${values[at - 1]} ${piece}`;
  }
  slots.forEach((name, index) => {
    if (values[index] !== undefined) options[name] = values[index];
  });
  return { help: false, options };
}

function unknownOption(command: AnyCommand, name: string): InputError {
  const names = optionSpecs(command)
    .map((s) => s.name)
    .join(', ');
  return new InputError(
    'unknown_option',
    `/${command.name} has no option "${name}" (it has: ${names || 'none'})`,
    undefined,
    command.examples[0] ?? `/${command.name}`,
  );
}
