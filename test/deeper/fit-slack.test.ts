// /fit with a file on Slack: a CSV shared with the bot in a DM whose text starts with `fit`.
// The real Bolt app downloads it with the bot token, fits it, and answers in the DM with the
// chart uploaded there; a saved fit lands in a real SQLite file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseLibrary } from '../../src/course/library.js';
import { Cooldown } from '../../src/runtime/index.js';
import { servicesOf } from '../../src/services.js';
import { openStore, SavedFitsRepo, type Store } from '../../src/store/index.js';
import { tinyRenderer } from '../fakes/discord/bot.js';
import { shareInDm } from '../fakes/slack/dm.js';
import { BOT_TOKEN, captureLogs, startHarness, type Harness } from '../fakes/slack/harness.js';
import { BOT } from '../fakes/slack/server.js';
import { startFileServer, type FileServer } from '../course/upload-server.js';

const runsCsv = readFileSync('test/deeper/fixtures/sardana-47-runs.csv');
const here = { platform: 'slack', serverId: BOT.teamId };
let dir: string;
let store: Store;
let repo: SavedFitsRepo;
let files: FileServer;
let h: Harness;

beforeAll(async () => {
  captureLogs();
  dir = mkdtempSync(join(tmpdir(), 'fit-slack-'));
  store = await openStore(join(dir, 'bot.sqlite'));
  repo = new SavedFitsRepo(store.db);
  files = await startFileServer();
  h = await startHarness({
    renderChart: tinyRenderer,
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: servicesOf({ savedFits: repo, course: new CourseLibrary(store.db) }),
  });
  h.fake.users.set('UTA', { name: 'tara', is_admin: true });
});
afterAll(async () => {
  await h?.close();
  await files?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/fit with a CSV shared with the Slack bot in a DM', () => {
  it('a student shares runs.csv with "fit": the fit is answered in the DM, chart included', async () => {
    const before = h.fake.calls.length;
    const { channel, answer } = await shareInDm(h, files, 'USTUDENT', 'runs.csv', runsCsv, 'fit');
    expect(answer).toContain('Scaling law fitted to 47 runs');
    expect(files.requests.at(-1)).toEqual({
      path: '/runs.csv',
      authorization: `Bearer ${BOT_TOKEN}`,
    });
    const upload = await h.fake.waitFor(
      () =>
        h.fake.calls
          .slice(before)
          .find(
            (c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === channel,
          ),
      10_000,
      'the chart in the DM',
    );
    const [chart] = upload.body.files as { title: string }[];
    expect(chart!.title).toBe('Scaling law fitted to 47 runs');
  });

  it('`fit save:<name>`: a TA saves the fit for the workspace; a student is told only TAs can', async () => {
    const saved = await shareInDm(h, files, 'UTA', 'lab.csv', runsCsv, 'fit save:lab-runs');
    expect(saved.answer).toContain('Saved as');
    expect((await repo.get(here, 'lab-runs'))?.saved_by).toBe('UTA');
    const refused = await shareInDm(h, files, 'USTUDENT', 'mine.csv', runsCsv, '/fit save:mine');
    expect(refused.answer).toContain('Only TAs can save a fit');
    expect(await repo.get(here, 'mine')).toBeUndefined();
  });

  it('hostile files: too big by its size (no download), binary, wrong columns', async () => {
    const before = files.requests.length;
    const big = await shareInDm(h, files, 'USTUDENT', 'big.csv', 'x', 'fit', 2 * 1024 * 1024);
    expect(big.answer).toContain('big.csv is 2.0 MB; the limit is 256 KB');
    expect(files.requests.length).toBe(before);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff]);
    expect((await shareInDm(h, files, 'USTUDENT', 'p.png', png, 'fit')).answer).toContain(
      'not a text file',
    );
    const wrong = 'model,flops\n1e8,6e17\n';
    expect((await shareInDm(h, files, 'USTUDENT', 'w.csv', wrong, 'fit')).answer).toContain(
      'Unknown column',
    );
  });

  it('/fit with nothing: Slack says how a file reaches it here (a DM), not a file option', async () => {
    const res = await h.command('/fit', '');
    await h.fake.waitFor(() => h.fake.responsesTo(res.rid).length > 0);
    const said = JSON.stringify(h.fake.responsesTo(res.rid));
    expect(said).toContain('No runs given');
    expect(said).toContain('share the CSV with me in a direct message whose text is \\"fit\\"');
    expect(said).not.toMatch(/file option|📎/);
  });

  it('/course import with no file: the same, for course files', async () => {
    const res = await h.command('/course', 'import', { user_id: 'UTA', user_name: 'tara' });
    await h.fake.waitFor(() => h.fake.responsesTo(res.rid).length > 0);
    const said = JSON.stringify(h.fake.responsesTo(res.rid));
    expect(said).toContain('No file');
    expect(said).toContain('share the file with me in a direct message');
    expect(said).not.toMatch(/file:week-3\.csv|file option/);
  });
});
