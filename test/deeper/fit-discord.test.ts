// /fit with a file on Discord, end to end: the real discord.js Client against the fake Discord,
// the attachment downloaded from a local file server, a saved fit in a real SQLite file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { commandJSON, validateRegistration } from '../../src/adapters/discord/register.js';
import { Cooldown } from '../../src/runtime/index.js';
import { servicesOf } from '../../src/services.js';
import { openStore, SavedFitsRepo, type Store } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import {
  IDS,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import { startFileServer, type FileServer } from '../course/upload-server.js';

const TA = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ManageGuild;
const STUDENT = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const runsCsv = readFileSync('test/deeper/fixtures/sardana-47-runs.csv');
const courseCsv = readFileSync(new URL('../course/fixtures/questions.csv', import.meta.url));
const here = { platform: 'discord', serverId: IDS.guild };

let dir: string;
let fake: FakeDiscord;
let bot: DiscordBot;
let store: Store;
let repo: SavedFitsRepo;
let files: FileServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fit-discord-'));
  store = await openStore(join(dir, 'bot.sqlite'));
  repo = new SavedFitsRepo(store.db);
  files = await startFileServer();
  fake = await startFakeDiscord();
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: servicesOf({ savedFits: repo }),
  });
});
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await files?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The interaction's answer: the reply, the edited deferral, or a (private) follow-up. */
async function answerTo(id: string): Promise<RecordedCall> {
  const token = fake.interactions.get(id)!.token;
  return fake.waitFor(
    (c) =>
      c.path.includes(`/${token}`) &&
      ((c.method === 'PATCH' && c.path.endsWith('@original')) ||
        (c.method === 'POST' &&
          ((c.body as { type?: number })?.type === 4 ||
            c.path === `/webhooks/${IDS.application}/${token}`))),
    15_000,
    'the answer',
  );
}
const textOf = (c: RecordedCall) => JSON.stringify(c.body);

function upload(name: string, body: Uint8Array | string, size?: number) {
  files.put(name, body);
  return { filename: name, url: files.url(name), size: size ?? Buffer.byteLength(body) };
}

describe('/fit file: on Discord', () => {
  it('registers file as an optional attachment (type 11) beside the pasted runs', () => {
    const json = commandJSON(findCommand('fit')!);
    expect(json.options?.find((o) => o.name === 'file')).toMatchObject({
      type: 11,
      required: false,
    });
    expect(json.options?.find((o) => o.name === 'runs')).toMatchObject({ required: false });
    expect(validateRegistration([json])).toEqual([]);
  });

  it('a student fits an attached CSV: the fit of all 47 runs, in public, with its chart', async () => {
    const id = fake.command(
      'fit',
      {},
      { memberPermissions: STUDENT, files: { file: upload('runs.csv', runsCsv) } },
    );
    const answer = await answerTo(id);
    expect(answer.method).toBe('PATCH');
    expect(textOf(answer)).toContain('47 runs');
    expect(answer.files.map((f) => f.filename)).toContain('fit-runs-test.png');
    expect(files.requests.at(-1)?.path).toBe('/runs.csv');
  });

  it('a TA saves the uploaded fit for the server; a student is told only TAs can save', async () => {
    const saved = await answerTo(
      fake.command(
        'fit',
        { save: 'lab-runs' },
        { memberPermissions: TA, files: { file: upload('lab.csv', runsCsv) } },
      ),
    );
    expect(textOf(saved)).toContain('Saved as \\"lab-runs\\"');
    expect((await repo.get(here, 'lab-runs'))?.saved_by).toBe(IDS.user);
    const refused = await answerTo(
      fake.command(
        'fit',
        { save: 'mine' },
        { memberPermissions: STUDENT, files: { file: upload('mine.csv', runsCsv) } },
      ),
    );
    expect(textOf(refused)).toContain('Only TAs can save a fit');
    expect(await repo.get(here, 'mine')).toBeUndefined();
  });

  it('hostile files: too big by its stated size (never fetched), binary, wrong columns', async () => {
    const before = files.requests.length;
    const big = await answerTo(
      fake.command('fit', {}, { files: { file: upload('big.csv', 'x', 300 * 1024) } }),
    );
    expect(textOf(big)).toContain('big.csv is 300 KB; the limit is 256 KB');
    expect(files.requests.length).toBe(before);

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0xff]);
    const binary = await answerTo(
      fake.command('fit', {}, { files: { file: upload('runs.png', png) } }),
    );
    expect(textOf(binary)).toContain('not a text file');
    // Private, though /fit answers in public: Discord's flag 64 on the follow-up.
    expect((binary.body as { flags?: number }).flags).toBe(64);

    const wrong = await answerTo(
      fake.command('fit', {}, { files: { file: upload('questions.csv', courseCsv) } }),
    );
    expect(textOf(wrong)).toContain(
      'Unknown column \\"id\\"; the columns are params, tokens, loss',
    );
  });

  it('neither a file nor pasted runs: what to give, and an example', async () => {
    const answer = await answerTo(fake.command('fit', {}));
    expect(textOf(answer)).toContain('No runs given');
    expect(textOf(answer)).toContain('To send a file, attach it as the file option of /fit');
    expect(textOf(answer)).not.toMatch(/direct message|📎/);
    expect(textOf(answer)).toContain('Example: /fit 151M,1.51B,3.683');
  });
});
