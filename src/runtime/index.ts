/**
 * The command runtime: the one path from "a user ran a command or clicked a button" to a
 * neutral reply, used by every adapter (Discord, Slack, the playground, the terminal chat,
 * the CLI). It sits above commands/ and below the adapters, and owns the cross-cutting rules:
 *
 * - input is parsed once into a typed invocation (invocation.ts);
 * - a command's declared `policy.cooldown` is enforced before it runs (cooldown.ts);
 * - which replies are private (privacy.ts);
 * - the failure reply and its reference id (failure.ts);
 * - typed text → command (resolve.ts);
 * - each button's policy comes from the command's declared `actions` (src/actions.ts).
 *
 * Nothing thrown below ever reaches a user as a stack trace.
 */
import type {
  ActionContext,
  ActionResult,
  AnyCommand,
  CommandContext,
} from '../../commands/define.js';
import { actionCommand, findAction, type ActionPolicy, type AnyAction } from '../actions.js';
import { InputError } from '../input-error.js';
import { countCommand, type Outcome } from '../metrics/index.js';
import { errorReply, type Reply } from '../reply.js';
import { Cooldown, cooldownReply, cooldownRuleFor } from './cooldown.js';
import { reportFailure } from './failure.js';
import { inputErrorReply, parseInvocation, type CommandInput } from './invocation.js';
import { resolveText, type Resolution } from './resolve.js';

export { Cooldown, cooldownReply, type CooldownOptions } from './cooldown.js';
export { failureReply, inRequestScope, referenceId, reportFailure } from './failure.js';
export { helpFor, parseInvocation, type CommandInput, type Invocation } from './invocation.js';
export { isPrivateReply } from './privacy.js';
export { findCommandIn, resolveText, unknownCommandReply, type Resolution } from './resolve.js';

export interface InvokeHooks {
  /**
   * Called once the invocation is valid and admitted (not cooled down), just before the
   * command runs: where Discord acknowledges a slow (chart) command.
   */
  beforeRun?: () => Promise<unknown>;
}

export interface CommandRuntime {
  readonly commands: readonly AnyCommand[];
  /** Typed text (`/optimal 6e22`) → the command and the text after its name. */
  resolve(line: string): Resolution;
  /** Parse, enforce the cooldown, run: always a Reply. */
  invoke(
    command: AnyCommand,
    input: CommandInput,
    ctx: CommandContext,
    hooks?: InvokeHooks,
  ): Promise<Reply>;
  /** Route a click to the command that declared its action: always a result. */
  act(ctx: ActionContext): Promise<ActionResult>;
  /** The declared policy of the action an id belongs to (empty when none is declared). */
  actionPolicy(actionId: string): ActionPolicy;
}

export interface RuntimeOptions {
  commands: readonly AnyCommand[];
  /** Shared by every adapter of one process; tests pass a wider window. */
  cooldown?: Cooldown;
}

export function createRuntime(options: RuntimeOptions): CommandRuntime {
  const { commands } = options;
  const cooldown = options.cooldown ?? new Cooldown();
  return {
    commands,
    resolve: (line) => resolveText(commands, line),
    invoke: (command, input, ctx, hooks) => invoke(command, input, ctx, { cooldown, ...hooks }),
    act: (ctx) => act(commands, ctx),
    actionPolicy: (id) => declaredAction(commands, id)?.policy ?? {},
  };
}

async function invoke(
  command: AnyCommand,
  input: CommandInput,
  ctx: CommandContext,
  hooks: InvokeHooks & { cooldown?: Cooldown },
): Promise<Reply> {
  const [reply, outcome] = await invokeOnce(command, input, ctx, hooks);
  countCommand(command.name, ctx.platform, outcome);
  return reply;
}

/** The reply and how /metrics counts it (an answer, an input error, or a failure). */
async function invokeOnce(
  command: AnyCommand,
  input: CommandInput,
  ctx: CommandContext,
  hooks: InvokeHooks & { cooldown?: Cooldown },
): Promise<[Reply, Outcome]> {
  let invocation;
  try {
    invocation = parseInvocation(command, input);
  } catch (error) {
    return [
      reportFailure(error, { command: command.name, platform: ctx.platform }, 'parse failed'),
      'failure',
    ];
  }
  if (invocation.kind !== 'run')
    return [invocation.reply, invocation.kind === 'invalid' ? 'input_error' : 'answer'];
  const rule = hooks.cooldown ? await cooldownRuleFor(command, ctx) : undefined;
  const wait = hooks.cooldown?.take(command, ctx, Date.now(), rule) ?? 0;
  if (wait > 0) return [cooldownReply(command, wait, rule), 'input_error'];
  try {
    await hooks.beforeRun?.();
    const reply = await command.run(invocation.options, ctx);
    return [reply, reply.tone === 'error' ? 'input_error' : 'answer'];
  } catch (error) {
    if (error instanceof InputError)
      return [inputErrorReply(command, error.message), 'input_error'];
    return [
      reportFailure(error, { command: command.name, platform: ctx.platform }, 'command failed'),
      'failure',
    ];
  }
}

const expired = (): ActionResult => ({
  reply: errorReply(
    'That button has expired',
    'This button no longer does anything. Run the command again.',
  ),
});

/** The action declaration `id` belongs to, found through its owner's `actions`. */
function declaredAction(commands: readonly AnyCommand[], id: string): AnyAction | undefined {
  const owner = commands.find((c) => c.name === actionCommand(id));
  return owner?.actions ? findAction(owner.actions, id) : undefined;
}

/** Bounds on a modal's submission: its fields are single lines. */
export const MAX_FIELD = 200;
const MAX_FIELDS = 5;
const fieldsFit = (fields: Readonly<Record<string, string>>): boolean =>
  Object.keys(fields).length <= MAX_FIELDS &&
  Object.values(fields).every((v) => typeof v === 'string' && v.length <= MAX_FIELD);

async function act(commands: readonly AnyCommand[], ctx: ActionContext): Promise<ActionResult> {
  const command = commands.find((c) => c.name === actionCommand(ctx.actionId));
  if (!command?.onAction) return expired();
  // A command that declares its actions gets only ids one of them reads.
  const declared = command.actions ? declaredAction(commands, ctx.actionId) : undefined;
  if (command.actions && !declared?.decode(ctx.actionId)) return expired();
  // Typed field values reach only a declared modal submission, and a submission has them.
  const submission = declared?.policy.submission === true;
  if (command.actions && submission !== (ctx.fields !== undefined)) return expired();
  if (ctx.fields && !fieldsFit(ctx.fields)) {
    return {
      reply: errorReply(
        'That form is too long',
        `Each field takes at most ${MAX_FIELD} characters and a form at most ${MAX_FIELDS} fields.`,
      ),
    };
  }
  try {
    const result = await command.onAction(ctx);
    // A modal answers only a click declared to open one (the adapter did not ack it first).
    if (result.modal && !declared?.policy.opensModal) {
      return {
        reply: reportFailure(
          new Error(`action ${ctx.actionId} returned a modal without opensModal`),
          { action: ctx.actionId, platform: ctx.platform },
          'action failed',
        ),
      };
    }
    return result;
  } catch (error) {
    if (error instanceof InputError) return { reply: errorReply('Not allowed', error.message) };
    return {
      reply: reportFailure(
        error,
        { action: ctx.actionId, platform: ctx.platform },
        'action failed',
      ),
    };
  }
}

// The entry points without a cooldown, for code that runs one command directly (tests, the
// engines' own tests, the CLI): the same parsing, failure reply and action routing.

/** Run a command with raw option values (typed values, as Discord sends them). */
export const runCommand = (
  command: AnyCommand,
  raw: Record<string, unknown>,
  ctx: CommandContext,
): Promise<Reply> => invoke(command, { options: raw }, ctx, {});

/** Run `/<name> <text>` as typed. */
export const runCommandText = (
  command: AnyCommand,
  text: string,
  ctx: CommandContext,
): Promise<Reply> => invoke(command, { text }, ctx, {});

/** Route a button click by the command that declared it. */
export const runAction = (
  commands: readonly AnyCommand[],
  ctx: ActionContext,
): Promise<ActionResult> => act(commands, ctx);
