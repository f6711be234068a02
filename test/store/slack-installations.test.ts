/** Slack installations on a real SQLite file: workspace and org-wide installs, channels. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { SlackInstallationRepo } from '../../src/store/slack-installations.js';

let dir: string;
let store: Store;
let repo: SlackInstallationRepo;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slack-installs-'));
  store = await openStore(join(dir, 'bot.sqlite'));
  repo = new SlackInstallationRepo(store.db);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SlackInstallationRepo', () => {
  it('stores, replaces and deletes a workspace installation', async () => {
    await repo.save({ teamId: 'T1' }, { bot: { token: 'xoxb-1' } });
    await repo.save({ teamId: 'T1' }, { bot: { token: 'xoxb-2' } });
    expect(await repo.find({ teamId: 'T1' })).toEqual({ bot: { token: 'xoxb-2' } });
    expect(await repo.count()).toBe(1);
    expect(await repo.delete({ teamId: 'T1' })).toBe(true);
    expect(await repo.delete({ teamId: 'T1' })).toBe(false);
    expect(await repo.find({ teamId: 'T1' })).toBeUndefined();
  });

  it('an org-wide install answers for any workspace of its org, not for others', async () => {
    await repo.save({ enterpriseId: 'E1', isEnterpriseInstall: true }, { org: 'E1' });
    expect(await repo.find({ enterpriseId: 'E1', isEnterpriseInstall: true })).toEqual({
      org: 'E1',
    });
    expect(await repo.find({ teamId: 'T7', enterpriseId: 'E1' })).toEqual({ org: 'E1' });
    expect(await repo.find({ teamId: 'T7', enterpriseId: 'E2' })).toBeUndefined();
    // A workspace's own install wins over its org's.
    await repo.save({ teamId: 'T7', enterpriseId: 'E1' }, { own: 'T7' });
    expect(await repo.find({ teamId: 'T7', enterpriseId: 'E1' })).toEqual({ own: 'T7' });
  });

  it("remembers a channel's workspace, moves it, and forgets a workspace's channels", async () => {
    await repo.noteChannel('C1', { teamId: 'T1' });
    await repo.noteChannel('C2', { teamId: 'T1' });
    await repo.noteChannel('C2', { teamId: 'T2', enterpriseId: 'E2' });
    expect(await repo.channelTeam('C1')).toEqual({ teamId: 'T1' });
    expect(await repo.channelTeam('C2')).toEqual({ teamId: 'T2', enterpriseId: 'E2' });
    await repo.forgetChannels('T1');
    expect(await repo.channelTeam('C1')).toBeUndefined();
    expect(await repo.channelTeam('C2')).toBeDefined();
  });
});
