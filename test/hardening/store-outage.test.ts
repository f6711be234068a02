/**
 * The database goes away and comes back: the real bot (`startBot`, the Slack HTTP adapter on
 * 127.0.0.1, signed requests, the fake Web API) keeps answering math, says quizzes and
 * flashcards are unavailable (never "something went wrong"), and recovers without a restart.
 *
 * What is simulated, and why (the tests run as root, so chmod stops nothing):
 * - cannot open at start-up: DATABASE_URL points under a regular FILE, so creating the
 *   database's directory fails with ENOTDIR for root too; "back" = the file is removed.
 * - read-only while running: `PRAGMA query_only` on the bot's own connection, so every write
 *   fails with SQLite's real SQLITE_READONLY, exactly as a read-only file or mount would.
 * - disk full while running (only where a tmpfs can be mounted, i.e. as root with
 *   CAP_SYS_ADMIN; skipped elsewhere): the database lives on a 1 MB tmpfs that a filler file
 *   fills up, so writes fail with SQLite's real SQLITE_FULL; "back" = the filler is deleted.
 */
import { mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startBot, type Bot } from '../../src/main.js';
import { isStoreFailure, StoreRetry } from '../../src/store/failure.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { blockActionsBody, postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { answerAction, decodeQuizClick } from '../../src/quiz/actions.js';
import { gradeAction, nextAction } from '../../src/flashcards/actions.js';
import { channelReads } from '../fakes/slack/reading.js';
import { tmpfs } from './helpers.js';

/** The id of the first question's answer A on a posted message, read through the codec. */
const answerIdIn = (body: unknown): string =>
  [...JSON.stringify(body).matchAll(/"action_id":"([^"]+)"/g)]
    .map((m) => m[1]!)
    .find((id) => {
      const a = answerAction.decode(id);
      return a?.step === 0 && a.choice === 0;
    })!;

const SECRET = 'store-outage-signing-secret';
const RETRY_MS = 300;

let fake: FakeSlack;
let bot: Bot | undefined;
const dir = mkdtempSync(join(tmpdir(), 'tutor-outage-'));

beforeAll(async () => {
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startWith(databaseUrl: string): Promise<Bot> {
  const config = loadConfig({
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-store-outage-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
  });
  bot = await startBot(config, { storeRetryMs: RETRY_MS });
  return bot;
}

async function stopBot(): Promise<void> {
  const b = bot;
  bot = undefined;
  await b?.stop();
}

let seq = 0;
/** A slash command; resolves with the private answer's text (response_url). */
async function privately(command: string, text: string, channel: string): Promise<string> {
  const id = `r${++seq}`;
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

const { inChannel } = channelReads(() => fake);

/** `/optimal 6e22` still answers in the channel with the 20:1 rule's 22.4B. */
async function mathStillWorks(channel: string): Promise<void> {
  const res = await postSigned(
    `${bot!.url}/slack/events`,
    slashCommandBody({
      command: '/optimal',
      text: '6e22',
      channel_id: channel,
      user_id: 'UHOST',
      response_url: fake.responseUrl(`m${++seq}`),
    }),
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  const post = await fake.waitFor(() => inChannel('chat.postMessage', channel)[0], 10_000, 'math');
  expect(JSON.stringify(post.body)).toContain('22.4B');
}

const UNAVAILABLE = /Quizzes are unavailable right now/;
const FLASH_UNAVAILABLE = /Flashcards are unavailable right now/;
const SOMETHING_WRONG = /Something went wrong/i;

/** A click on a button; resolves with the ephemeral (chat.postEphemeral) it got. */
async function clickFor(actionId: string, channel: string, user: string): Promise<string> {
  const res = await postSigned(
    `${bot!.url}/slack/events`,
    blockActionsBody({
      actionId,
      userId: user,
      channelId: channel,
      messageTs: '1700000000.000001',
      responseUrl: fake.responseUrl(`c${++seq}`),
    }),
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  const eph = await fake.waitFor(
    () =>
      inChannel('chat.postEphemeral', channel)
        .filter((c) => c.body.user === user)
        .at(-1),
    10_000,
    'an ephemeral',
  );
  return JSON.stringify(eph.body);
}

describe('telling a store outage from a bug', () => {
  const sqliteError = (code: string) =>
    Object.assign(new Error(code), { name: 'SqliteError', code });
  it('counts read-only, full, I/O errors and a closed connection as the store being down', () => {
    for (const code of ['SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN'])
      expect(isStoreFailure(sqliteError(code)), code).toBe(true);
    for (const code of ['ENOSPC', 'EROFS', 'EIO'])
      expect(isStoreFailure(Object.assign(new Error(code), { code })), code).toBe(true);
    expect(isStoreFailure(new Error('driver has already been destroyed'))).toBe(true);
    expect(isStoreFailure(new TypeError('x is undefined'))).toBe(false);
  });

  it('tries a store again at most once per interval, one attempt for concurrent callers', async () => {
    let now = 0;
    let tries = 0;
    let up = false;
    const retry = new StoreRetry(
      'test',
      async () => {
        tries++;
        if (!up) throw new Error('still down');
        return 'engine';
      },
      1000,
      () => now,
    );
    expect(await retry.attempt()).toBeUndefined(); // the failure at start counted as a try
    expect(tries).toBe(0);
    now = 1000;
    expect(await Promise.all([retry.attempt(), retry.attempt()])).toEqual([undefined, undefined]);
    expect(tries).toBe(1);
    up = true;
    now = 1500;
    expect(await retry.attempt()).toBeUndefined();
    now = 2000;
    expect(await retry.attempt()).toBe('engine');
    expect(tries).toBe(2);
  });
});

describe('the store goes away and comes back', () => {
  it('cannot be opened at start-up: math answers, quiz/flashcards unavailable, then recover', async () => {
    const blocker = join(dir, 'blocked');
    writeFileSync(blocker, 'a file where the database directory should be');
    await startWith(`sqlite:${join(blocker, 'db.sqlite')}`);
    try {
      expect(bot!.services.engines?.quiz).toBeUndefined();
      await mathStillWorks('COUT1');
      const quiz = await privately('/quiz', 'count:1 seconds:10', 'COUT1');
      expect(quiz).toMatch(UNAVAILABLE);
      expect(quiz).not.toMatch(SOMETHING_WRONG);
      const cards = await privately('/flashcards', '', 'COUT1');
      expect(cards).toMatch(FLASH_UNAVAILABLE);

      // The store is back: after the retry interval the next /quiz opens it and starts a round.
      rmSync(blocker);
      await new Promise((r) => setTimeout(r, RETRY_MS + 50));
      const started = await privately('/quiz', 'count:1 seconds:10', 'COUT1');
      expect(started).toContain('Quiz started');
      await fake.waitFor(
        () =>
          inChannel('chat.postMessage', 'COUT1').find((c) =>
            JSON.stringify(c.body).includes('Quiz 1/1'),
          ),
        10_000,
        'the question',
      );
      // Flashcards come back on the quiz's store (one connection), with no wait of their own.
      const drill = await privately('/flashcards', 'count:1', 'COUT2');
      expect(drill).not.toMatch(FLASH_UNAVAILABLE);
      expect(bot!.services.engines?.flashcards?.store).toBe(bot!.services.engines?.quiz?.store);
    } finally {
      await stopBot();
    }
  });

  it('turns read-only while running: quiz unavailable (not an error), then recovers', async () => {
    await startWith(`sqlite:${join(dir, 'readonly', 'db.sqlite')}`);
    try {
      const running = await privately('/quiz', 'count:1 seconds:60', 'CRO1');
      expect(running).toContain('Quiz started');
      const roundId = /"roundId":"([^"]+)"/.exec(running)?.[1];
      const question = await fake.waitFor(
        () => inChannel('chat.postMessage', 'CRO1')[0],
        10_000,
        'the question',
      );
      const answerId = answerIdIn(question.body);
      expect(roundId ?? decodeQuizClick(answerId)?.session).toBeTruthy();

      const db = bot!.services.engines!.quiz.store.db;
      await sql`PRAGMA query_only = ON`.execute(db);
      await mathStillWorks('CRO2');
      const quiz = await privately('/quiz', 'count:1 seconds:10', 'CRO3');
      expect(quiz).toMatch(UNAVAILABLE);
      expect(quiz).not.toMatch(SOMETHING_WRONG);
      // An answer click cannot be stored: the clicker hears so, not "something went wrong".
      const clicked = await clickFor(answerId, 'CRO1', 'UREADONLY');
      expect(clicked).toMatch(UNAVAILABLE);
      expect(clicked).not.toMatch(SOMETHING_WRONG);
      const cards = await privately('/flashcards', 'count:1', 'CRO4');
      expect(cards).toMatch(FLASH_UNAVAILABLE);

      await sql`PRAGMA query_only = OFF`.execute(db);
      expect(await privately('/quiz', 'count:1 seconds:10', 'CRO3')).toContain('Quiz started');
      expect(await clickFor(answerId, 'CRO1', 'UBACK')).toContain('You answered A');
    } finally {
      await stopBot();
    }
  });

  it('an outage spanning a deadline: the round and the drill carry on once the store is back', async () => {
    await startWith(`sqlite:${join(dir, 'deadline', 'db.sqlite')}`);
    try {
      const started = await privately('/quiz', 'count:1 seconds:10', 'CDL1');
      expect(started).toContain('Quiz started');
      const question = await fake.waitFor(
        () => inChannel('chat.postMessage', 'CDL1')[0],
        10_000,
        'the question',
      );
      const roundId = decodeQuizClick(answerIdIn(question.body))!.session;
      const repo = bot!.services.engines!.quiz.repo;
      const row = (await repo.getQuestion(roundId, 0))!;
      expect(
        await clickFor(
          answerAction.encode({ session: roundId, step: 0, choice: row.correct }),
          'CDL1',
          'UKEPT',
        ),
      ).toContain('You answered');
      expect(await privately('/flashcards', 'count:1 seconds:10', 'CDL2')).toContain(
        'drill started',
      );
      const cards = bot!.services.engines!.flashcards!.repo;
      const drill = (await cards.runningInChannel('slack', 'CDL2'))!;
      const card = (await cards.getCard(drill.id, 0))!;

      // The store turns read-only before either deadline and stays so past both of them.
      const db = bot!.services.engines!.quiz.store.db;
      await sql`PRAGMA query_only = ON`.execute(db);
      const last = Math.max(row.deadline_at!, card.deadline_at!);
      await new Promise((r) => setTimeout(r, last - Date.now() + 500));
      expect((await repo.getQuestion(roundId, 0))?.status).toBe('open');
      expect((await cards.getCard(drill.id, 0))?.status).toBe('front');
      await sql`PRAGMA query_only = OFF`.execute(db);

      // No restart, no /quiz stop: the reveal and the summary come on their own.
      const summary = await fake.waitFor(
        () => inChannel('chat.postMessage', 'CDL1')[1],
        8_000,
        'the round summary',
      );
      expect(JSON.stringify(summary.body)).toContain('ada'); // UKEPT's answer was kept, scored
      const kept = await repo.getAnswer(roundId, 0, 'UKEPT');
      expect(kept?.correct).toBe(1);
      expect((await repo.getRound(roundId))?.status).toBe('finished');
      expect((await repo.roundScores(roundId)).map((s) => s.userId)).toEqual(['UKEPT']);
      expect(await privately('/quiz', 'count:1 seconds:10', 'CDL1')).toContain('Quiz started');

      await fake.waitFor(
        async () => (await cards.getCard(drill.id, 0))?.status === 'revealed',
        8_000,
        'the card revealed',
      );
      expect(
        await clickFor(
          gradeAction.encode({ session: drill.id, step: 0, grade: 'good' }),
          'CDL2',
          'UGRADE',
        ),
      ).toContain('Saved: Good');
      expect(
        await clickFor(nextAction.encode({ session: drill.id, step: 0 }), 'CDL2', 'UHOST'),
      ).toContain('Next card');
      expect((await cards.getDrill(drill.id))?.status).toBe('finished');
    } finally {
      await stopBot();
    }
  }, 30_000);

  const mountPoint = join(dir, 'tmpfs');
  const mounted = tmpfs(mountPoint, '1m');

  it.skipIf(!mounted)(
    'the disk fills up (a real 1 MB tmpfs): unavailable, then recovers',
    async () => {
      await startWith(`sqlite:${join(mountPoint, 'db.sqlite')}`);
      const filler = join(mountPoint, 'filler');
      try {
        expect(await privately('/quiz', 'count:1 seconds:60', 'CFULL1')).toContain('Quiz started');
        // Fill every free block.
        const fd = openSync(filler, 'w');
        const chunk = Buffer.alloc(4096, 1);
        try {
          for (;;) writeSync(fd, chunk);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('ENOSPC');
        } finally {
          closeSync(fd);
        }
        await mathStillWorks('CFULL2');
        // Several rounds, so the write-ahead log has to grow past what it already had.
        for (let i = 0; i < 5; i++) {
          const quiz = await privately('/quiz', 'count:20 seconds:10', `CFULL3${i}`);
          expect(quiz).not.toMatch(SOMETHING_WRONG);
          if (UNAVAILABLE.test(quiz)) break;
          if (i === 4) throw new Error('the full disk never refused a write');
        }

        rmSync(filler);
        expect(await privately('/quiz', 'count:1 seconds:10', 'CFULL4')).toContain('Quiz started');
      } finally {
        rmSync(filler, { force: true });
        await stopBot();
      }
    },
  );
});
