import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { defineCommand } from '../../commands/define.js';
import { DeployError, deployCommands, describeDeploy } from '../../src/adapters/discord/deploy.js';
import {
  commandJSON,
  discordName,
  registrationFor,
  validateRegistration,
} from '../../src/adapters/discord/register.js';
import { IDS, startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';

type Opt = {
  name: string;
  type: number;
  required?: boolean;
  autocomplete?: boolean;
  choices?: unknown[];
  min_value?: number;
  max_value?: number;
  max_length?: number;
};
const optionsOf = (name: string): Opt[] => {
  const cmd = registrationFor(commands).find((c) => c.name === name);
  return ('options' in cmd! ? cmd.options : []) as Opt[];
};

describe('registration JSON', () => {
  test("the generated commands pass Discord's rules", () => {
    const json = registrationFor(commands);
    expect(validateRegistration(json)).toEqual([]);
    // Others may add commands; these four are the contract.
    expect(json.map((c) => c.name)).toEqual(
      expect.arrayContaining(['optimal', 'loss', 'models', 'help']),
    );
    expect(json).toHaveLength(commands.length);
  });

  test('quantities are strings, numbers carry bounds, enums become choices, suggest → autocomplete', () => {
    const optimal = optionsOf('optimal');
    expect(optimal[0]).toMatchObject({ name: 'compute', type: 3, required: true, max_length: 200 });
    expect(optimal.find((o) => o.name === 'fit')).toMatchObject({
      type: 3,
      autocomplete: true,
      required: false,
    });
    expect(optimal.find((o) => o.name === 'tokens_per_param')).toMatchObject({
      type: 10,
      min_value: 1,
      max_value: 10000,
    });
    expect(optimal.find((o) => o.name === 'inference_tokens')).toMatchObject({ type: 3 });
    const gpu = optimal.find((o) => o.name === 'gpu')!;
    expect(gpu.type).toBe(3);
    expect(gpu.choices!.length).toBeGreaterThan(0);
    expect(gpu.autocomplete).toBeUndefined();
    expect(optionsOf('loss').slice(0, 2)).toMatchObject([
      { name: 'params', type: 3, required: true },
      { name: 'tokens', type: 3, required: true },
    ]);
    expect(optionsOf('models')[0]).toMatchObject({
      name: 'name',
      type: 3,
      autocomplete: true,
      required: false,
    });
  });

  test('awkward declarations are made valid: order, case, lengths, integers, too many choices', () => {
    const weird = defineCommand({
      name: 'Weird Command.Name-That-Is-Far-Too-Long-For-Discord',
      description: 'x'.repeat(300),
      options: z.object({
        Optional_First: z.string().optional().describe('y'.repeat(150)),
        count: z.number().int().min(1).max(1e20).describe('A whole number'),
        many: z
          .enum(Array.from({ length: 30 }, (_, i) => `c${i}`) as [string, ...string[]])
          .describe('Thirty choices'),
        flag: z.boolean().optional().describe(''),
      }),
      positional: [],
      examples: [],
      policy: { visibility: 'public', chart: false },
      run: () => ({ title: '', summary: '', visibility: 'public' }),
    });
    const json = commandJSON(weird);
    expect(validateRegistration([json])).toEqual([]);
    expect(json.name).toBe('weird_command_name-that-is-far-t');
    expect(json.description.length).toBe(100);
    const opts = ('options' in json ? json.options : []) as Opt[];
    expect(opts.map((o) => [o.name, o.required])).toEqual([
      ['count', true],
      ['many', true],
      ['optional_first', false],
      ['flag', false],
    ]);
    expect(opts[0]).toMatchObject({ type: 4, min_value: 1, max_value: Number.MAX_SAFE_INTEGER });
    expect(opts[1]).toMatchObject({ type: 3, autocomplete: true });
    expect(discordName('ÜBER Größe')).toBe('über_größe');
  });

  test('the validator catches what Discord rejects', () => {
    const bad = [
      {
        name: 'Bad Name',
        description: '',
        options: [
          { name: 'b', description: 'b', type: 3 },
          { name: 'a', description: 'a', type: 3, required: true },
        ],
      },
      {
        name: 'dup',
        description: 'd',
        options: Array.from({ length: 26 }, (_, i) => ({
          name: `o${i}`,
          description: 'o',
          type: 3,
        })),
      },
      {
        name: 'dup',
        description: 'd',
        options: [
          {
            name: 'c',
            description: 'c',
            type: 3,
            autocomplete: true,
            choices: [{ name: 'x', value: 'x' }],
          },
        ],
      },
    ];
    const problems = validateRegistration(bad).join('\n');
    expect(problems).toMatch(/name must be 1–32 lower-case/);
    expect(problems).toMatch(/description must be 1–100/);
    expect(problems).toMatch(/required options must come before optional/);
    expect(problems).toMatch(/26 options, at most 25/);
    expect(problems).toMatch(/duplicate command name/);
    expect(problems).toMatch(/autocomplete cannot be combined with choices/);
  });
});

describe('deploy:discord', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake.close();
  });

  test('PUTs the generated commands to the guild, or globally', async () => {
    const guild = await deployCommands({
      token: fake.token,
      applicationId: IDS.application,
      guildId: IDS.guild,
      apiUrl: fake.apiUrl,
      commands,
    });
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${IDS.application}/guilds/${IDS.guild}/commands`);
    expect(put.authorized).toBe(true);
    expect(validateRegistration(put.body)).toEqual([]);
    expect(put.body).toEqual(registrationFor(commands));
    expect(describeDeploy(guild, IDS.guild)).toMatch(
      new RegExp(
        `^Registered ${commands.length} commands for server ${IDS.guild} \\(available now\\):\n {2}/optimal compute \\[fit\\]`,
      ),
    );

    const global = await deployCommands({
      token: fake.token,
      applicationId: IDS.application,
      apiUrl: fake.apiUrl,
      commands,
    });
    expect(global.scope).toBe('global');
    expect(fake.calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toContain(
      `/applications/${IDS.application}/commands`,
    );
  });

  test('a rejected token is named in the error', async () => {
    const error = await deployCommands({
      token: 'wrong',
      applicationId: IDS.application,
      apiUrl: fake.apiUrl,
      commands,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/DISCORD_TOKEN/);
  });

  test('the script says which variables are missing, without a stack trace', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/adapters/discord/deploy.ts'], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/DISCORD_TOKEN and DISCORD_APPLICATION_ID are not set/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
