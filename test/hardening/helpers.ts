/**
 * Shared by the hardening tests: hostile-input arbitraries for fast-check, mention checks,
 * spawning the real entry point (`src/main.ts`), and a real tmpfs to fill or make read-only.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll } from 'vitest';
import type { AnyCommand } from '../../commands/define.js';
import { commands } from '../../commands/index.js';
import { optionSpecs, type OptionSpec } from '../../commands/schema.js';

/**
 * The quiz posts rounds with timers and needs its store: fuzzing it here would start rounds in
 * a shared database. It is left to the quiz's own tests (see the closing note of issue 9).
 */
export const FUZZED: readonly AnyCommand[] = commands.filter((c) => c.name !== 'quiz');

/** Mentions and markup people paste to make a bot ping everyone. */
export const INJECTIONS = [
  '@everyone',
  '@here',
  '@channel',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123|@team>',
  '<@U123ABC>',
  '<@123456789012345678>',
  '<@&123456789012345678>',
  '<#C123|general>',
  '<https://evil.example|click me>',
  '**bold** _it_ `code` ~~s~~ ||spoiler||',
  '# heading',
  '> quote',
  '[link](https://evil.example)',
  '&lt;!channel&gt;',
  '\u202e\u200b\u2060',
  '\\<!channel\\>',
];

const NUMBERS = [
  '0',
  '-1',
  '1e308',
  '1e309',
  '-1e308',
  '5e-324',
  '1e-400',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '1_000',
  '6e22',
  '70B',
  '1.4T',
  '$2M',
  '10000 H100-hours',
  '9'.repeat(400),
];

/** One hostile string: random Unicode, numbers, injections and long runs, mixed. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...INJECTIONS),
  fc.constantFrom(...NUMBERS),
  fc.constant(''),
  fc.constant(' '),
  fc.nat({ max: 5000 }).map((n) => 'x'.repeat(n)),
  fc
    .tuple(fc.constantFrom(...INJECTIONS), fc.constantFrom(...NUMBERS))
    .map(([a, b]) => `${a} ${b}`),
  fc
    .array(fc.constantFrom(...INJECTIONS, ...NUMBERS, 'fit:all', 'gpu:A100'), { maxLength: 6 })
    .map((parts) => parts.join(' ')),
);

/** Free text for `/<command> <text>`: positional values and `name:value` pairs. */
export function commandText(command: AnyCommand): fc.Arbitrary<string> {
  const names = optionSpecs(command).map((s) => s.name);
  const named = names.length
    ? fc.tuple(fc.constantFrom(...names), hostileText).map(([n, v]) => `${n}:${v}`)
    : hostileText;
  return fc.array(fc.oneof(hostileText, named), { maxLength: 4 }).map((parts) => parts.join(' '));
}

/** A number as Discord could send it (finite, any size). */
const hostileNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, -1),
  fc.integer(),
);

/** Typed option values, as Discord delivers them (strings, numbers, booleans; any subset). */
export function discordOptions(
  command: AnyCommand,
): fc.Arbitrary<Record<string, string | number | boolean>> {
  const specs = optionSpecs(command);
  const value = (s: OptionSpec): fc.Arbitrary<string | number | boolean> =>
    s.type === 'integer' || s.type === 'number'
      ? hostileNumber
      : s.type === 'boolean'
        ? fc.boolean()
        : s.choices
          ? fc.oneof(fc.constantFrom(...s.choices), hostileText)
          : hostileText;
  const entries = Object.fromEntries(specs.map((s) => [s.name, value(s)]));
  return fc.record(entries, { requiredKeys: [] }) as fc.Arbitrary<
    Record<string, string | number | boolean>
  >;
}

/**
 * Live Slack mentions and links in a payload: `<!channel>`, `<!here>`, `<!everyone>`,
 * `<!subteam…>`, `<@U…>`, `<#C…>`, and bare `@channel`/`@here`/`@everyone` without the word
 * joiner the renderer inserts. `<https://…>` links of our own citations are allowed.
 */
export function liveSlackMentions(text: string): string[] {
  const found = [
    ...(text.match(/<[!@#][^>]*>/g) ?? []),
    ...(text.match(/(?<!\u2060)@(?:channel|here|everyone)\b/gi) ?? []).filter(
      (m) => !m.includes('\u2060'),
    ),
  ];
  return found;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stdout or stderr matches (or rejects when the process exits first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Variables that would turn on a real adapter: never inherited by spawned bots. */
const CREDENTIALS = [
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_GUILD_ID',
  'DISCORD_API_URL',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'PLAYGROUND',
  'PORT',
  'DATABASE_URL',
];

/** A scratch database path, so spawned bots never touch the repository's data/ directory. */
export const scratchDatabase = (): string =>
  `sqlite:${join(mkdtempSync(join(tmpdir(), 'tutor-hardening-')), 'db.sqlite')}`;

/** Spawn a command with a clean environment plus `env` (LOG_LEVEL defaults to info). */
export function spawnProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { detached?: boolean } = {},
): Spawned {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !CREDENTIALS.includes(k)),
  ) as Record<string, string>;
  const child = spawn(command, args, {
    cwd: process.cwd(),
    env: {
      ...base,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      DATABASE_URL: scratchDatabase(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (c: Buffer) => {
    out += String(c);
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += String(c);
    for (const l of listeners) l();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = (out + err).match(pattern);
          if (!m) return false;
          cleanup();
          resolve(m);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = () => void check();
        if (check()) return;
        listeners.add(listener);
        void exit.then(() => {
          if (!check()) {
            cleanup();
            reject(new Error(`process exited before ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
          }
        });
      });
    },
  };
}

/** `node --import tsx src/main.ts` with `env`. */
export const spawnMain = (env: Record<string, string>): Spawned =>
  spawnProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], env);

/** Poll GET url until it answers `status` (or time out). */
export async function waitForStatus(
  url: string,
  status = 200,
  timeoutMs = 20_000,
): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.status === status) return res;
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer ${status} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Mount a real tmpfs of `size` ('4m') at `mountPoint`, unmounted after the enclosing block.
 * False where it cannot be mounted (not Linux, not root): the tests that need it are skipped.
 */
export function tmpfs(mountPoint: string, size: string): boolean {
  const mounted = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    try {
      mkdirSync(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint], {
        stdio: 'ignore',
      });
      return true;
    } catch {
      return false;
    }
  })();
  afterAll(() => {
    if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  });
  return mounted;
}
