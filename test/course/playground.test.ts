// The playground's file picker: POST /api/upload runs `/course import` with the file's text,
// as Ada (a TA in the playground) or Ben (a student), over a real socket and SQLite file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseLibrary } from '../../src/course/library.js';
import { servicesOf } from '../../src/services.js';
import { openStore, type Store } from '../../src/store/index.js';
import { readSnapshot, startServer, type Server } from '../playground/helpers.js';
import { pageToken } from '../playground/client.js';

const csv = readFileSync(new URL('./fixtures/questions.csv', import.meta.url), 'utf8');
const here = { platform: 'playground', serverId: 'playground' };
let dir: string;
let store: Store;
let lib: CourseLibrary;
let server: Server;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'course-playground-'));
  store = await openStore(join(dir, 'bot.sqlite'));
  lib = new CourseLibrary(store.db);
  server = await startServer(
    async () => {
      throw new Error('no charts here');
    },
    [],
    servicesOf({ course: lib }),
  );
  token = await pageToken(server.base);
});
afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const upload = (body: unknown) =>
  fetch(`${server.base}/api/upload`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-playground-token': token },
    body: JSON.stringify(body),
  });

async function until<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('playground file picker', () => {
  it('Ada (a TA) imports a file; it is stored under the playground server', async () => {
    const res = await upload({
      user: 'ada',
      text: '/course import',
      filename: 'Week 3.csv',
      content: csv,
    });
    expect(res.status).toBe(202);
    const decks = await until(async () => {
      const d = await lib.decks(here);
      return d.length ? d : undefined;
    }, 'the deck');
    expect(decks.map((d) => d.name)).toEqual(['week-3']);
  });

  it('Ben (a student) is told only TAs can import; nothing is stored', async () => {
    const res = await upload({
      user: 'ben',
      text: '/course import name:bens',
      filename: 'b.csv',
      content: csv,
    });
    expect(res.status).toBe(202);
    const snapshot = await until(async () => {
      const s = await readSnapshot(server.base, 'ben');
      return s.includes('Only TAs can import course files') ? s : undefined;
    }, 'the refusal');
    expect(snapshot).toContain('Only TAs can import course files');
    expect((await lib.decks(here)).map((d) => d.name)).not.toContain('bens');
  });

  it('hostile files: 10 MB is refused with 413, binary gets the not-a-text-file answer', async () => {
    const big = await upload({
      user: 'ada',
      text: '/course import',
      filename: 'huge.csv',
      content: 'a'.repeat(10 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    const res = await upload({
      user: 'ada',
      text: '/course import name:bin',
      filename: 'x.png',
      content: '\u0089PNG\r\n\u001a\n\u0000\u0000',
    });
    expect(res.status).toBe(202);
    await until(async () => {
      const s = await readSnapshot(server.base, 'ada');
      return s.includes('not a text file') ? s : undefined;
    }, 'the binary refusal');
    expect((await lib.decks(here)).map((d) => d.name)).not.toContain('bin');
  });

  it('a command without a file option is refused', async () => {
    const res = await upload({
      user: 'ada',
      text: '/optimal 6e22',
      filename: 'a.csv',
      content: 'x',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('takes no file');
  });
});
