// Course files on Slack: a TA shares the file with the bot in a DM (message.im, file_share);
// the real Bolt app downloads it with the bot token from a local file server and imports it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseLibrary } from '../../src/course/library.js';
import { servicesOf } from '../../src/services.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  BOT_TOKEN,
  captureLogs,
  SIGNING_SECRET,
  startHarness,
  type Harness,
} from '../fakes/slack/harness.js';
import { BOT } from '../fakes/slack/server.js';
import { postSigned } from '../fakes/slack/signing.js';
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

let n = 0;
async function share(
  user: string,
  name: string,
  body: Uint8Array | string,
  text = '',
  size?: number,
) {
  files.put(name, body);
  const channel = `D${user}`;
  const event = {
    token: 'x',
    team_id: BOT.teamId,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${++n}`,
    event_time: 1,
    event: {
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      channel,
      user,
      text,
      ts: `${n}.000`,
      files: [
        {
          id: `F${n}`,
          name,
          size: size ?? Buffer.byteLength(body),
          url_private_download: files.url(name),
        },
      ],
    },
  };
  const before = h.fake.callsTo('chat.postMessage').length;
  const res = await postSigned(h.eventsUrl, JSON.stringify(event), {
    secret: SIGNING_SECRET,
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
  for (let i = 0; i < 500; i++) {
    const posted = h.fake
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((c) => c.body.channel === channel);
    if (posted.length) return JSON.stringify(posted[0]!.body);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no answer in the DM');
}

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
