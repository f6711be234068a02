/**
 * Typed button actions. A command (or the game engine it runs) declares each button once —
 * its name, a zod object of the values it carries, and the policy adapters need — and both
 * builds and reads ids only through that declaration. Nobody splits an id by hand, so
 * renaming an action cannot silently break one platform.
 *
 * Wire form: `<command>:<action>:<v1>:<v2>…` with the values in the schema's key order —
 * short enough for Discord's and Slack's 100-character custom ids, readable in logs.
 */
import { z } from 'zod';

export interface ActionPolicy {
  /**
   * The click stores something the clicker is told about (an answer, a grade): adapters
   * acknowledge it only after the handler has written it, so an acked click is never lost.
   */
  storeBeforeAck?: boolean;
  /** A moderator may use it on someone else's session (reveal, stop): worth asking who clicked. */
  moderators?: boolean;
  /**
   * The click answers with a modal (`ActionResult.modal`): adapters must not acknowledge it
   * first (Discord's modal is the interaction's one response; Slack's needs the fresh trigger).
   */
  opensModal?: boolean;
  /** A modal's submission: it carries `fields`, and no click may reach it without them. */
  submission?: boolean;
}

/** The value types an id can carry: short ids, whole numbers, enums, flags. */
type Field = z.ZodString | z.ZodNumber | z.ZodEnum | z.ZodBoolean;
type Fields = Record<string, Field>;

export interface ActionCodec<T = Record<string, unknown>> {
  readonly command: string;
  readonly name: string;
  readonly policy: ActionPolicy;
  /** The id for these values; throws if it would not fit a platform's 100 characters. */
  encode(values: T): string;
  /** The values in `id`, or undefined when `id` is not this action's (or is malformed). */
  decode(id: string): T | undefined;
}

export const MAX_ACTION_ID = 100;
const SAFE = /^[A-Za-z0-9_.-]*$/;

export function defineAction<F extends Fields>(
  command: string,
  name: string,
  fields: F,
  policy: ActionPolicy = {},
): ActionCodec<z.infer<z.ZodObject<F>>> {
  if (!SAFE.test(command) || !SAFE.test(name))
    throw new Error(`bad action name ${command}:${name}`);
  const schema = z.object(fields);
  const keys = Object.keys(fields);
  const prefix = `${command}:${name}`;

  const write = (value: unknown): string => {
    if (typeof value === 'boolean') return value ? '1' : '0';
    const text = String(value);
    if (!SAFE.test(text))
      throw new Error(`action ${prefix}: value ${JSON.stringify(text)} is unsafe`);
    return text;
  };
  const read = (field: Field, text: string): unknown => {
    if (field instanceof z.ZodNumber) return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    if (field instanceof z.ZodBoolean) return text === '1' ? true : text === '0' ? false : text;
    return text;
  };

  return {
    command,
    name,
    policy,
    encode(values) {
      const checked = schema.parse(values) as Record<string, unknown>;
      const id = [prefix, ...keys.map((k) => write(checked[k]))].join(':');
      if (id.length > MAX_ACTION_ID)
        throw new Error(`action id over ${MAX_ACTION_ID} chars: ${id}`);
      return id;
    },
    decode(id) {
      const parts = id.split(':');
      if (parts.length !== keys.length + 2 || `${parts[0]}:${parts[1]}` !== prefix)
        return undefined;
      const raw: Record<string, unknown> = {};
      keys.forEach((k, i) => (raw[k] = read(fields[k]!, parts[i + 2]!)));
      const parsed = schema.safeParse(raw);
      return parsed.success ? (parsed.data as z.infer<z.ZodObject<F>>) : undefined;
    },
  };
}

/** The command that owns an id (its first segment), for routing a click. */
export const actionCommand = (id: string): string => id.split(':', 1)[0] ?? '';

// A command's list holds actions of different value shapes; this is the erased type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = ActionCodec<any>;

/** The declaration an id belongs to, among a command's actions. */
export const findAction = (codecs: readonly AnyAction[], id: string): AnyAction | undefined =>
  codecs.find((c) => id.startsWith(`${c.command}:${c.name}:`) || id === `${c.command}:${c.name}`);
