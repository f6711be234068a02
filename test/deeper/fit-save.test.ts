// /fit save:<name> through the dispatcher over a real SQLite file, then fit:<name> in /loss.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fit from '../../commands/fit.js';
import loss from '../../commands/loss.js';
import { commands } from '../../commands/index.js';
import type { CommandContext } from '../../commands/define.js';
import { runCommandText } from '../../src/runtime/index.js';
import { servicesOf } from '../../src/services.js';
import { openStore, SavedFitsRepo, type Store } from '../../src/store/index.js';

const csv = readFileSync('test/deeper/fixtures/sardana-47-runs.csv', 'utf8');
const runs = csv.trim().split('\n').slice(0, 30).join(' ');
let dir: string;
let store: Store;
let repo: SavedFitsRepo;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fit-save-'));
  store = await openStore(join(dir, 'db.sqlite'));
  repo = new SavedFitsRepo(store.db);
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = (user: string, staff: boolean, server = 'lab'): CommandContext => ({
  platform: 'discord',
  user: { id: user, name: user },
  channel: { id: 'c' },
  server: { id: server },
  commands,
  services: servicesOf({ savedFits: repo }),
  isStaff: () => Promise.resolve(staff),
});

describe('/fit save:<name>', () => {
  it('a TA saves a fit and /loss fit:<name> uses exactly its coefficients', async () => {
    const saved = await runCommandText(fit, `${runs} save:lab-fit`, ctx('ta', true));
    expect(saved.tone).not.toBe('error');
    expect(saved.summary).toContain('Saved as "lab-fit"');
    const row = (await repo.get({ platform: 'discord', serverId: 'lab' }, 'lab-fit'))!;
    expect(row.saved_by).toBe('ta');
    const answer = await runCommandText(loss, '70B 1.4T fit:lab-fit', ctx('student', false));
    expect(answer.tone).not.toBe('error');
    expect(answer.title + answer.summary + JSON.stringify(answer.steps)).toContain('lab-fit');
    const expected = row.e + row.a / 70e9 ** row.alpha + row.b / 1.4e12 ** row.beta;
    const got = (answer.data as { loss: Record<string, number> }).loss;
    expect(Object.values(got)).toHaveLength(1);
    expect(Object.values(got)[0]).toBeCloseTo(expected, 12);
  });
  it('a re-save replaces the fit', async () => {
    const fewer = csv.trim().split('\n').slice(15).join(' ');
    const before = (await repo.get({ platform: 'discord', serverId: 'lab' }, 'lab-fit'))!;
    await runCommandText(fit, `${fewer} save:lab-fit`, ctx('ta2', true));
    const after = (await repo.get({ platform: 'discord', serverId: 'lab' }, 'lab-fit'))!;
    expect(after.saved_by).toBe('ta2');
    expect(after.e).not.toBe(before.e);
    expect(await repo.names({ platform: 'discord', serverId: 'lab' })).toEqual(['lab-fit']);
  });
  it('a student is refused', async () => {
    const reply = await runCommandText(fit, `${runs} save:mine`, ctx('student', false));
    expect(reply.tone).toBe('error');
    expect(reply.summary).toMatch(/Only TAs can save a fit/);
    expect(await repo.get({ platform: 'discord', serverId: 'lab' }, 'mine')).toBeUndefined();
  });
  it('a bad name is refused', async () => {
    for (const name of ['Bad_Name', 'epoch2024', 'all', 'custom', 'x'.repeat(33)]) {
      const reply = await runCommandText(fit, `${runs} save:${name}`, ctx('ta', true));
      expect(reply.tone).toBe('error');
      expect(reply.summary).toContain(name);
    }
  });
  it('another server does not see it, and unknown names list the saved ones', async () => {
    const other = await runCommandText(loss, '70B 1.4T fit:lab-fit', ctx('ta', true, 'other'));
    expect(other.tone).toBe('error');
    expect(other.summary).toMatch(/Unknown fit/);
    const unknown = await runCommandText(loss, '70B 1.4T fit:nope', ctx('ta', true));
    expect(unknown.tone).toBe('error');
    expect(unknown.summary).toContain('lab-fit');
  });
  it('suggestions include the saved names', async () => {
    const suggest = loss.suggest!.fit!;
    const names = (await suggest('lab', ctx('s', false))).map((s) => s.value);
    expect(names).toContain('lab-fit');
  });
});
