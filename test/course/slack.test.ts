// Course files on Slack: a TA shares the file with the bot in a DM (message.im, file_share);
// the real Bolt app downloads it with the bot token from a local file server and imports it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseLibrary } from '../../src/course/library.js';
import { servicesOf } from '../../src/services.js';
import { openStore, type Store } from '../../src/store/index.js';
import { shareInDm } from '../fakes/slack/dm.js';
import { BOT_TOKEN, captureLogs, startHarness, type Harness } from '../fakes/slack/harness.js';
import { BOT } from '../fakes/slack/server.js';
import { tinyRenderer } from '../fakes/discord/bot.js';
import { startFileServer, type FileServer } from './upload-server.js';

const csv = readFileSync(new URL('./fixtures/questions.csv', import.meta.url));
const here = { platform: 'slack', serverId: BOT.teamId };
let dir: string;
let store: Store;
let lib: CourseLibrary;
let files: FileServer;
let h: Harness;

beforeAll(async () => {
  captureLogs();
  dir = mkdtempSync(join(tmpdir(), 'course-slack-'));
  store = await openStore(join(dir, 'bot.sqlite'));
  lib = new CourseLibrary(store.db);
  files = await startFileServer();
  h = await startHarness({ renderChart: tinyRenderer, services: servicesOf({ course: lib }) });
  h.fake.users.set('UTA', { name: 'tara', is_admin: true });
});
afterAll(async () => {
  await h?.close();
  await files?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const share = async (...args: [string, string, Uint8Array | string, string?, number?]) =>
  (await shareInDm(h, files, ...args)).answer;

describe('course files shared with the Slack bot in a DM', () => {
  it('a workspace admin (TA) imports; the file was fetched with the bot token', async () => {
    const answer = await share('UTA', 'week-3.csv', csv);
    expect(answer).toContain('Imported week-3');
    expect((await lib.decks(here)).map((d) => d.name)).toEqual(['week-3']);
    expect(files.requests.at(-1)).toEqual({
      path: '/week-3.csv',
      authorization: `Bearer ${BOT_TOKEN}`,
    });
  });

  it('the message text names the deck', async () => {
    expect(await share('UTA', 'x.csv', csv, 'name:unit-2')).toContain('Imported unit-2');
  });

  it('a student is refused, and nothing is downloaded', async () => {
    const before = files.requests.length;
    expect(await share('USTUDENT', 'mine.csv', csv, 'name:mine')).toContain('Only TAs can import');
    expect(files.requests.length).toBe(before);
    expect((await lib.decks(here)).map((d) => d.name)).not.toContain('mine');
  });

  it('hostile files: 10 MB by its size (no download), binary, mentions that must not ping', async () => {
    const before = files.requests.length;
    expect(await share('UTA', 'huge.csv', 'x', '', 10 * 1024 * 1024)).toContain(
      '10.0 MB; the limit is 1.0 MB',
    );
    expect(files.requests.length).toBe(before);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff]);
    expect(await share('UTA', 'p.png', png, 'name:png')).toContain('not a text file');
    const ping = 'id,type,prompt,choices,answer\nq1,choice,<!channel> <@U999> hello,a|b,z\n';
    const answer = await share('UTA', 'ping.csv', ping, 'name:ping');
    expect(answer).toContain('Nothing was imported');
    expect(answer).not.toContain('<!channel>');
    expect(answer).not.toContain('<@U999>');
  });
});

describe('/course export on Slack: the file goes to the TA’s DM', () => {
  it('opens the DM, uploads the deck there, and says so privately', async () => {
    const before = h.fake.calls.length;
    const { rid } = await h.command('/course', 'export name:unit-2', {
      user_id: 'UTA',
      channel_id: 'C0000001',
    });
    const said = await h.fake.waitForResponse(rid, 10_000);
    expect(JSON.stringify(said.body)).toContain('unit-2.csv was sent to your DM');
    expect(said.body.response_type).toBe('ephemeral');
    const calls = h.fake.calls.slice(before);
    expect(calls.find((c) => c.method === 'conversations.open')?.body.users).toBe('UTA');
    const done = calls.find((c) => c.method === 'files.completeUploadExternal')!;
    expect(done.body.channel_id).toBe('DUTA');
    const [file] = done.body.files as { id: string; title: string }[];
    expect(file!.title).toBe('unit-2.csv');
    const expected = await lib.exportDeck(here, 'csv', 'unit-2');
    expect(h.fake.uploads.get(file!.id)?.toString('utf8')).toBe(expected.text);
    // Nothing was posted in the channel the command came from.
    expect(
      calls.some((c) => c.body.channel === 'C0000001' || c.body.channel_id === 'C0000001'),
    ).toBe(false);
  });

  it('a student is refused and nothing is uploaded', async () => {
    const before = h.fake.calls.length;
    const { rid } = await h.command('/course', 'export name:unit-2', { user_id: 'USTUDENT' });
    const said = await h.fake.waitForResponse(rid, 10_000);
    expect(JSON.stringify(said.body)).toContain('Only TAs can export course decks');
    expect(h.fake.calls.slice(before).map((c) => c.method)).not.toContain('conversations.open');
  });

  it('when the DM cannot be opened (an install without im:write) the TA is told the way round', async () => {
    h.fake.fail('conversations.open', { error: 'missing_scope', times: 1 });
    const { rid } = await h.command('/course', 'export name:unit-2 format:anki', {
      user_id: 'UTA',
    });
    const said = JSON.stringify((await h.fake.waitForResponse(rid, 10_000)).body);
    expect(said).toContain('I could not send unit-2.txt to your DM');
    expect(said).toContain('scaling-tutor course export');
  });
});
