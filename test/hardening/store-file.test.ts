/**
 * The database file itself misbehaving under the real bot (`startBot`, the Slack HTTP adapter,
 * signed requests, the fake Web API) with a real SQLite file:
 * - deleted while running (`rm db.sqlite`, or the whole data directory): the next write says
 *   "unavailable", the store reopens (restoring what the open connection still held), and
 *   nothing is lost at the next start.
 * - a WAL index (-shm) that cannot be written. Simulated by a DIRECTORY at the -shm path: the
 *   tests run as root, whom chmod does not stop, and SQLite then refuses every write
 *   (SQLITE_READONLY), as it would with a -shm it may not write.
 * - a read-only data directory: a real tmpfs remounted read-only (EROFS for root too; skipped
 *   where mounting is not allowed); and, for "directory read-only but the file writable",
 *   which one file system cannot show, an injected probe (`openStore(url, { probe })`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger, setLogger } from '../../src/logger.js';
import { startBot, type Bot } from '../../src/main.js';
import { FlashcardRepo, openStore, StoreUnavailableError } from '../../src/store/index.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { blockActionsBody, postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { answerAction } from '../../src/quiz/actions.js';
import { channelReads } from '../fakes/slack/reading.js';
import { tmpfs } from './helpers.js';

const SECRET = 'store-file-signing-secret';
let fake: FakeSlack;
let bot: Bot | undefined;
const dir = mkdtempSync(join(tmpdir(), 'tutor-file-'));
let logs: string[] = [];

beforeAll(async () => {
  fake = await new FakeSlack().start();
});
beforeEach(() => {
  fake.reset();
  logs = [];
  setLogger(createLogger('info', { write: (line: string) => void logs.push(line) }));
});
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startWith(path: string): Promise<Bot> {
  const config = loadConfig({
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-store-file-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: `sqlite:${path}`,
    LOG_LEVEL: 'info',
  });
  bot = await startBot(config, { storeRetryMs: 200 });
  return bot;
}
async function stopBot(): Promise<void> {
  const b = bot;
  bot = undefined;
  await b?.stop();
}

const { inChannel } = channelReads(() => fake);

let seq = 0;
async function privately(command: string, text: string, channel: string): Promise<string> {
  const id = `f${++seq}`;
  const res = await postSigned(
    `${bot!.url}/slack/events`,
    slashCommandBody({
      command,
      text,
      channel_id: channel,
      user_id: 'UHOST',
      response_url: fake.responseUrl(id),
    }),
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  return JSON.stringify((await fake.waitForResponse(id, 10_000)).body);
}

async function clickFor(actionId: string, channel: string, user: string): Promise<string> {
  const before = inChannel('chat.postEphemeral', channel).filter((c) => c.body.user === user);
  const res = await postSigned(
    `${bot!.url}/slack/events`,
    blockActionsBody({
      actionId,
      userId: user,
      channelId: channel,
      messageTs: '1700000000.000001',
      responseUrl: fake.responseUrl(`fc${++seq}`),
    }),
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  const eph = await fake.waitFor(
    () =>
      inChannel('chat.postEphemeral', channel).filter((c) => c.body.user === user)[before.length],
    10_000,
    'an ephemeral',
  );
  return JSON.stringify(eph.body);
}

/** Start a round in `channel`; its answer button ids by choice. */
async function startRound(channel: string): Promise<string[]> {
  expect(await privately('/quiz', 'count:1 seconds:120', channel)).toContain('Quiz started');
  const question = await fake.waitFor(
    () => inChannel('chat.postMessage', channel)[0],
    10_000,
    'the question',
  );
  const ids = [...JSON.stringify(question.body).matchAll(/"action_id":"([^"]+)"/g)];
  return ids.map((m) => m[1]!).filter((id) => answerAction.decode(id)?.step === 0);
}

/** Who answered in the file, read with a connection of our own after the bot stopped. */
function answersIn(path: string): string[] {
  const db = new SQLite(path, { readonly: true });
  try {
    return (
      db.prepare('SELECT user_id FROM answers ORDER BY user_id').all() as { user_id: string }[]
    ).map((r) => r.user_id);
  } finally {
    db.close();
  }
}

const UNAVAILABLE = /Quizzes are unavailable right now/;
const logged = (pattern: RegExp) => logs.some((l) => pattern.test(l));

describe('the database file deleted while running', () => {
  for (const what of ['the file', 'the whole data directory'] as const) {
    it(`${what}: unavailable, reopened, and nothing lost at the next start`, async () => {
      const data = join(dir, what === 'the file' ? 'rm-file' : 'rm-dir');
      const path = join(data, 'db.sqlite');
      const channel = what === 'the file' ? 'CDELFILE' : 'CDELDIR';
      const expected = ['UAFTER', 'UBEFORE'];
      await startWith(path);
      try {
        const answers = await startRound(channel);
        expect(await clickFor(answers[0]!, channel, 'UBEFORE')).toContain('You answered');

        rmSync(what === 'the file' ? path : data, { recursive: true, force: true });
        expect(existsSync(path)).toBe(false);
        // The next write notices: the clicker hears the store is down (not "too late").
        const during = await clickFor(answers[1]!, channel, 'UDURING');
        expect(logged(/database file was deleted while running/)).toBe(true);
        // (Should the 5 s idle watch have noticed first, that click found the file restored.)
        const noticed = UNAVAILABLE.test(during);
        if (!noticed) expect(during).toContain('You answered');
        if (!noticed) expected.push('UDURING');

        // Reopened in place, with what the deleted file held.
        await fake.waitFor(() => existsSync(path), 5000, 'the file recreated');
        await bot!.services.engines!.quiz.store.file!.settled();
        expect(await clickFor(answers[2]!, channel, 'UAFTER')).toContain('You answered');
        expect(logged(/the database is open again/)).toBe(true);
        expect(await clickFor(answers[3]!, channel, 'UBEFORE')).toContain('Already answered');
      } finally {
        await stopBot();
      }
      // A restart reads the same file: both answers, the running round resumed.
      expect(answersIn(path)).toEqual(expected.sort());
      await startWith(path);
      try {
        expect(logs.some((l) => /resumed running rounds/.test(l))).toBe(true);
        expect(await privately('/quiz', 'count:1 seconds:10', channel)).toContain(
          'A quiz is already running here',
        );
      } finally {
        await stopBot();
      }
    });
  }

  it('deleted, then the bot stopped before any write: the file is put back on the way out', async () => {
    const path = join(dir, 'rm-then-stop', 'db.sqlite');
    await startWith(path);
    try {
      const answers = await startRound('CDELSTOP');
      expect(await clickFor(answers[0]!, 'CDELSTOP', 'UKEEP')).toContain('You answered');
      rmSync(path);
    } finally {
      await stopBot();
    }
    expect(answersIn(path)).toEqual(['UKEEP']);
  });

  it('deleted while idle: the watch puts it back without waiting for a write', async () => {
    const path = join(dir, 'rm-idle', 'db.sqlite');
    const store = await openStore(`sqlite:${path}`, { watchMs: 50 });
    try {
      await new FlashcardRepo(store.db).setRetention('slack', 'T1', 0.8, 'U1', 1);
      rmSync(path);
      await new Promise((r) => setTimeout(r, 300));
      await store.file!.settled();
      expect(existsSync(path)).toBe(true);
      expect(await new FlashcardRepo(store.db).getRetention('slack', 'T1')).toBe(0.8);
    } finally {
      await store.close();
    }
  });

  it('a file replaced while running: unavailable once, then the new file', async () => {
    const path = join(dir, 'replaced', 'db.sqlite');
    await startWith(path);
    try {
      await startRound('CREPL');
      const spare = `${path}.new`;
      await (await openStore(`sqlite:${spare}`)).close();
      renameSync(spare, path); // a new inode at the same path
      expect(await privately('/quiz', 'count:1 seconds:10', 'CREPL2')).toMatch(UNAVAILABLE);
      expect(logged(/database file was replaced while running/)).toBe(true);
      await bot!.services.engines!.quiz.store.file!.settled();
      // The new file has no running round: that channel is free.
      expect(await privately('/quiz', 'count:1 seconds:10', 'CREPL')).toContain('Quiz started');
    } finally {
      await stopBot();
    }
  });
});

describe('a WAL index or data directory that cannot be written', () => {
  it('a -shm that cannot be written: opened without WAL, logged, quizzes keep working', async () => {
    const path = join(dir, 'shm', 'db.sqlite');
    await startWith(path);
    await stopBot();
    mkdirSync(`${path}-shm`); // where SQLite would map its WAL index
    await startWith(path);
    try {
      const answers = await startRound('CSHM');
      expect(await clickFor(answers[0]!, 'CSHM', 'USHM')).toContain('You answered');
      expect(logged(/WAL index \(-shm\) cannot be written: running without WAL/)).toBe(true);
      const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(
        bot!.services.engines!.quiz.store.db,
      );
      expect(mode.rows[0]?.journal_mode).toBe('delete');
    } finally {
      await stopBot();
    }
    expect(answersIn(path)).toEqual(['USHM']);
  });

  it('a read-only directory, the file writable: an in-memory journal, logged (injected probe)', async () => {
    const path = join(dir, 'probe', 'db.sqlite');
    await (await openStore(`sqlite:${path}`)).close();
    const store = await openStore(`sqlite:${path}`, {
      probe: (p, kind) => {
        if (kind === 'directory') throw new Error(`EROFS: read-only file system, access '${p}'`);
      },
    });
    try {
      expect(store.file?.journal).toBe('memory');
      expect(logged(/database directory is read-only.*in-memory journal/)).toBe(true);
      await new FlashcardRepo(store.db).setRetention('slack', 'T1', 0.85, 'U1', 1);
    } finally {
      await store.close();
    }
    const again = await openStore(`sqlite:${path}`);
    expect(again.file?.journal).toBe('wal');
    expect(await new FlashcardRepo(again.db).getRetention('slack', 'T1')).toBe(0.85);
    await again.close();
  });

  const mountPoint = join(dir, 'ro');
  const mounted = tmpfs(mountPoint, '4m');

  it.skipIf(!mounted)(
    'a read-only file system (a real tmpfs remounted ro): unavailable, said clearly',
    async () => {
      const path = join(mountPoint, 'db.sqlite');
      await startWith(path);
      await stopBot();
      execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
      await startWith(path);
      try {
        expect(logged(/is read-only .* cannot be written/)).toBe(true);
        expect(await privately('/quiz', 'count:1 seconds:10', 'CRO')).toMatch(UNAVAILABLE);
        await expect(openStore(`sqlite:${path}`)).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        await stopBot();
      }
    },
  );
});
