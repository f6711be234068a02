/**
 * Discord's slash-command registration JSON, generated from the commands' zod options (via
 * optionSpecs), plus a validator for Discord's rules so a bad declaration fails in tests
 * rather than as a 400 from `deploy:discord`.
 */
import { z } from 'zod';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandBasicOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AnyCommand } from '../../../commands/define.js';
import { optionSpecs, type OptionSpec } from '../../../commands/schema.js';
import { truncate } from './text.js';

export type CommandJSON = RESTPostAPIChatInputApplicationCommandsJSONBody;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Discord: `^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$`, lower-case where a case exists. */
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** A valid command or option name: lower-case, allowed characters only, 1–32 long. */
export function discordName(name: string): string {
  const cleaned = [...name.toLowerCase().replace(/[\s.]+/g, '_')]
    .filter((c) => NAME.test(c))
    .join('');
  return [...(cleaned || 'option')].slice(0, 32).join('');
}

/** A description of 1–100 characters. */
const description = (text: string, fallback: string): string =>
  truncate(text.replace(/\s+/g, ' ').trim() || fallback, 100);

/** The zod string's length limits, which optionSpecs does not carry. */
function stringLengths(command: AnyCommand, name: string): { min?: number; max?: number } {
  let schema = (command.options.shape as Record<string, z.ZodType>)[name];
  while (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    schema = schema.unwrap() as z.ZodType;
  }
  if (!(schema instanceof z.ZodString)) return {};
  const out: { min?: number; max?: number } = {};
  if (typeof schema.minLength === 'number' && schema.minLength > 0)
    out.min = Math.min(schema.minLength, 6000);
  if (typeof schema.maxLength === 'number') out.max = Math.max(1, Math.min(schema.maxLength, 6000));
  return out;
}

function option(command: AnyCommand, spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: discordName(spec.name),
    description: description(spec.description, spec.name),
    required: spec.required,
  };
  const hasSuggest = typeof command.suggest?.[spec.name] === 'function';
  if (spec.type === 'boolean') return { ...base, type: ApplicationCommandOptionType.Boolean };
  if (spec.type === 'attachment') return { ...base, type: ApplicationCommandOptionType.Attachment };
  if (spec.type === 'integer' || spec.type === 'number') {
    const clamp = (n: number | undefined) =>
      n === undefined ? undefined : Math.max(-MAX_SAFE, Math.min(MAX_SAFE, n));
    const bounds = {
      ...(spec.min !== undefined ? { min_value: clamp(spec.min) } : {}),
      ...(spec.max !== undefined ? { max_value: clamp(spec.max) } : {}),
    };
    return spec.type === 'integer'
      ? { ...base, type: ApplicationCommandOptionType.Integer, ...bounds }
      : { ...base, type: ApplicationCommandOptionType.Number, ...bounds };
  }
  // Strings, including every quantity ("70B", "6e22": Discord numbers stop at 2^53).
  const lengths = stringLengths(command, spec.name);
  const str = {
    ...base,
    type: ApplicationCommandOptionType.String as const,
    ...(lengths.min !== undefined ? { min_length: lengths.min } : {}),
    ...(lengths.max !== undefined ? { max_length: lengths.max } : {}),
  };
  // Autocomplete and choices exclude each other; more than 25 choices must be autocompleted.
  if (hasSuggest || (spec.choices && spec.choices.length > 25))
    return { ...str, autocomplete: true };
  if (spec.choices) {
    return {
      ...str,
      choices: spec.choices.map((c) => ({ name: truncate(c, 100), value: c.slice(0, 100) })),
    };
  }
  return str;
}

/** One command's registration: required options first (Discord insists), ≤ 25 options. */
export function commandJSON(command: AnyCommand): CommandJSON {
  const specs = optionSpecs(command);
  const ordered = [...specs.filter((s) => s.required), ...specs.filter((s) => !s.required)];
  return {
    type: ApplicationCommandType.ChatInput,
    name: discordName(command.name),
    description: description(command.description, command.name),
    options: ordered.slice(0, 25).map((s) => option(command, s)),
  };
}

export function registrationFor(commands: readonly AnyCommand[]): CommandJSON[] {
  return commands.map(commandJSON);
}

// ── validation ────────────────────────────────────────────────────────────────

const OPTION_TYPES = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]);

const isLowerName = (name: unknown): boolean =>
  typeof name === 'string' && NAME.test(name) && name === name.toLowerCase();
const isDescription = (d: unknown): boolean =>
  typeof d === 'string' && d.length >= 1 && d.length <= 100;

/** Discord's rules for a bulk overwrite; returns the problems found (empty when valid). */
export function validateRegistration(json: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(json)) return ['registration must be an array of commands'];
  if (json.length > 100) problems.push(`${json.length} commands: at most 100 chat-input commands`);
  const names = new Set<string>();
  for (const [i, cmd] of json.entries()) {
    const at = `command ${i} (${String((cmd as { name?: unknown })?.name)})`;
    if (typeof cmd !== 'object' || cmd === null) {
      problems.push(`${at}: not an object`);
      continue;
    }
    const c = cmd as Record<string, unknown>;
    if (c.type !== undefined && c.type !== 1) problems.push(`${at}: type must be 1 (CHAT_INPUT)`);
    if (!isLowerName(c.name))
      problems.push(`${at}: name must be 1–32 lower-case letters, digits, - or _`);
    if (names.has(String(c.name))) problems.push(`${at}: duplicate command name`);
    names.add(String(c.name));
    if (!isDescription(c.description)) problems.push(`${at}: description must be 1–100 characters`);
    const options = (c.options ?? []) as unknown[];
    if (!Array.isArray(options)) {
      problems.push(`${at}: options must be an array`);
      continue;
    }
    if (options.length > 25) problems.push(`${at}: ${options.length} options, at most 25`);
    let total = String(c.name ?? '').length + String(c.description ?? '').length;
    let seenOptional = false;
    const optionNames = new Set<string>();
    for (const [j, opt] of options.entries()) {
      const o = (opt ?? {}) as Record<string, unknown>;
      const oat = `${at} option ${j} (${String(o.name)})`;
      total += String(o.name ?? '').length + String(o.description ?? '').length;
      if (!OPTION_TYPES.has(o.type as number))
        problems.push(`${oat}: unknown or nested option type ${String(o.type)}`);
      if (!isLowerName(o.name))
        problems.push(`${oat}: name must be 1–32 lower-case letters, digits, - or _`);
      if (optionNames.has(String(o.name))) problems.push(`${oat}: duplicate option name`);
      optionNames.add(String(o.name));
      if (!isDescription(o.description))
        problems.push(`${oat}: description must be 1–100 characters`);
      if (o.required === true && seenOptional)
        problems.push(`${oat}: required options must come before optional ones`);
      if (o.required !== true) seenOptional = true;
      const choices = o.choices as { name?: unknown; value?: unknown }[] | undefined;
      if (choices !== undefined) {
        if (![3, 4, 10].includes(o.type as number))
          problems.push(`${oat}: only string, integer and number options take choices`);
        if (!Array.isArray(choices) || choices.length > 25)
          problems.push(`${oat}: at most 25 choices`);
        if (o.autocomplete === true)
          problems.push(`${oat}: autocomplete cannot be combined with choices`);
        for (const ch of Array.isArray(choices) ? choices : []) {
          total += String(ch.name ?? '').length + String(ch.value ?? '').length;
          if (typeof ch.name !== 'string' || ch.name.length < 1 || ch.name.length > 100)
            problems.push(`${oat}: choice names must be 1–100 characters`);
          if (o.type === 3 && (typeof ch.value !== 'string' || ch.value.length > 100))
            problems.push(`${oat}: string choice values must be strings of ≤ 100 characters`);
          if (o.type !== 3 && typeof ch.value !== 'number')
            problems.push(`${oat}: numeric choice values must be numbers`);
        }
      }
      if (o.autocomplete === true && ![3, 4, 10].includes(o.type as number))
        problems.push(`${oat}: only string, integer and number options autocomplete`);
      for (const key of ['min_value', 'max_value'] as const) {
        if (o[key] === undefined) continue;
        if (![4, 10].includes(o.type as number))
          problems.push(`${oat}: ${key} is only for integer and number options`);
        if (typeof o[key] !== 'number' || Math.abs(o[key] as number) > 2 ** 53)
          problems.push(`${oat}: ${key} must be a number within ±2^53`);
      }
      if (
        typeof o.min_value === 'number' &&
        typeof o.max_value === 'number' &&
        o.min_value > o.max_value
      )
        problems.push(`${oat}: min_value above max_value`);
      for (const key of ['min_length', 'max_length'] as const) {
        if (o[key] === undefined) continue;
        if (o.type !== 3) problems.push(`${oat}: ${key} is only for string options`);
        const v = o[key];
        const lo = key === 'min_length' ? 0 : 1;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > 6000)
          problems.push(`${oat}: ${key} must be an integer from ${lo} to 6000`);
      }
    }
    if (total > 8000)
      problems.push(`${at}: ${total} characters of names, descriptions and values (at most 8000)`);
  }
  return problems;
}
