// /course import on Discord, end to end: the real discord.js Client against the fake Discord,
// the attachment downloaded from a local file server, the deck stored in a real SQLite file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { commandJSON, validateRegistration } from '../../src/adapters/discord/register.js';
import { Cooldown } from '../../src/runtime/index.js';
import { CourseLibrary } from '../../src/course/library.js';
import { servicesOf } from '../../src/services.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import {
  IDS,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import { startFileServer, type FileServer } from './upload-server.js';

const TA = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ManageGuild;
const STUDENT = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const csv = readFileSync(new URL('./fixtures/questions.csv', import.meta.url));

let dir: string;
let fake: FakeDiscord;
let bot: DiscordBot;
let store: Store;
let lib: CourseLibrary;
let files: FileServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'course-discord-'));
  store = await openStore(join(dir, 'bot.sqlite'));
  lib = new CourseLibrary(store.db);
  files = await startFileServer();
  fake = await startFakeDiscord();
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: servicesOf({ course: lib }),
  });
});
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await files?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const here = { platform: 'discord', serverId: IDS.guild };
/** The interaction's answer: the first message body sent through its token. */
async function answerTo(id: string): Promise<RecordedCall> {
  const token = fake.interactions.get(id)!.token;
  return fake.waitFor(
    (c) =>
      c.path.includes(`/${token}`) &&
      ((c.method === 'PATCH' && c.path.endsWith('@original')) ||
        (c.method === 'POST' && (c.body as { type?: number })?.type === 4)),
    10_000,
    'the answer',
  );
}
const textOf = (c: RecordedCall) => JSON.stringify(c.body);

function upload(name: string, body: Uint8Array | string, size?: number) {
  files.put(name, body);
  return { filename: name, url: files.url(name), size: size ?? Buffer.byteLength(body) };
}

describe('/course import on Discord', () => {
  it('registers the file option as an attachment (type 11), valid for Discord', () => {
    const json = commandJSON(findCommand('course')!);
    expect(json.options?.find((o) => o.name === 'file')).toMatchObject({
      type: 11,
      required: false,
    });
    expect(validateRegistration([json])).toEqual([]);
  });

  it('a TA imports an attached file; the deck is stored and listed', async () => {
    const id = fake.command(
      'course',
      { action: 'import' },
      {
        memberPermissions: TA,
        files: { file: upload('week-3.csv', csv) },
      },
    );
    const answer = await answerTo(id);
    expect(textOf(answer)).toContain('Imported week-3');
    expect((await lib.decks(here)).map((d) => d.name)).toEqual(['week-3']);
    const list = await answerTo(fake.command('course', {}, { memberPermissions: STUDENT }));
    expect(textOf(list)).toContain('week-3');
  });

  it('a student is refused before the file is fetched, and nothing is imported', async () => {
    const before = files.requests.length;
    const id = fake.command(
      'course',
      { action: 'import', name: 'sneaky' },
      {
        memberPermissions: STUDENT,
        files: { file: upload('sneaky.csv', csv) },
      },
    );
    const answer = await answerTo(id);
    expect(textOf(answer)).toContain('Only TAs can import course files');
    // The file option is for TAs only (attachment(…, { staff })): its URL is never requested.
    expect(files.requests.length).toBe(before);
    expect((await lib.decks(here)).map((d) => d.name)).not.toContain('sneaky');
  });

  it('a 10 MB file is refused by its stated size, without a download', async () => {
    const before = files.requests.length;
    const big = upload('huge.csv', 'x', 10 * 1024 * 1024);
    const id = fake.command(
      'course',
      { action: 'import' },
      {
        memberPermissions: TA,
        files: { file: big },
      },
    );
    expect(textOf(await answerTo(id))).toContain('huge.csv is 10.0 MB; the limit is 1.0 MB');
    expect(files.requests.length).toBe(before);
  });

  it('a file larger than it claims is cut off at the cap', async () => {
    const liar = upload('liar.csv', new Uint8Array(2 * 1024 * 1024).fill(0x61), 100);
    const id = fake.command(
      'course',
      { action: 'import' },
      {
        memberPermissions: TA,
        files: { file: liar },
      },
    );
    expect(textOf(await answerTo(id))).toContain('liar.csv is more than 1.0 MB');
  });

  it('a binary file gets the not-a-text-file answer; nothing imported', async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff,
    ]);
    const id = fake.command(
      'course',
      { action: 'import', name: 'img' },
      {
        memberPermissions: TA,
        files: { file: upload('photo.png', png) },
      },
    );
    expect(textOf(await answerTo(id))).toContain('not a text file');
    expect((await lib.decks(here)).map((d) => d.name)).not.toContain('img');
  });

  it('mentions in a bad file are quoted but never ping', async () => {
    const hostile =
      'id,type,prompt,choices,answer\nq1,choice,@everyone <@123> <@&456> look,a|b,z\n';
    const id = fake.command(
      'course',
      { action: 'import', name: 'ping' },
      {
        memberPermissions: TA,
        files: { file: upload('ping.csv', hostile) },
      },
    );
    const answer = await answerTo(id);
    expect(textOf(answer)).toContain('Nothing was imported');
    const body = (answer.body as { data?: unknown }).data ?? answer.body;
    expect((body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
  });

  it('export attaches the deck as a file for a TA', async () => {
    const id = fake.command(
      'course',
      { action: 'export', name: 'week-3' },
      { memberPermissions: TA },
    );
    const answer = await answerTo(id);
    expect(answer.files.map((f) => f.filename)).toContain('week-3.csv');
  });
});
