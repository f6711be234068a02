/**
 * Several instances on one PostgreSQL (issue 14): two real `src/main.ts` processes in Slack
 * HTTP mode against the fake Web API, started at once on an empty database.
 * - A quiz round started on A, answered through A and B, then A SIGKILLed: B reveals it at
 *   the deadline (a durable job), once, with every acknowledged answer scored right.
 * - A drill started on A, A SIGKILLed: B reveals the card at its deadline, once; grades
 *   through B are stored once each and the drill ends with one summary.
 * Skipped without TEST_DATABASE_URL.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gradeAction, nextAction } from '../../src/flashcards/actions.js';
import { answerAction } from '../../src/quiz/actions.js';
import { pointsFor } from '../../src/quiz/scoring.js';
import { FakeSlack, type ApiCall } from '../fakes/slack/server.js';
import { blockActionsBody, postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { freshDatabaseUrl, POSTGRES_URL } from '../store/test-store.js';
import { freePort, spawnMain, waitForStatus, type Spawned } from './helpers.js';
import { channelReads } from '../fakes/slack/reading.js';

const SECRET = 'instances-signing-secret';
let fake: FakeSlack;
let db: pg.Client;
let url: string;
let drop: () => Promise<unknown>;
const procs: Spawned[] = [];

interface Bot {
  proc: Spawned;
  events: string;
}

async function spawnBot(): Promise<Bot & { ready: Promise<unknown> }> {
  const port = await freePort();
  const proc = spawnMain({
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-instances-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: url,
    DATABASE_POOL_MAX: '4',
  });
  procs.push(proc);
  return {
    proc,
    events: `http://127.0.0.1:${port}/slack/events`,
    ready: waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 40_000),
  };
}

let a: Bot;
let b: Bot;

beforeAll(async () => {
  if (!POSTGRES_URL) return;
  ({ url, drop } = await freshDatabaseUrl());
  db = new pg.Client({ connectionString: url });
  await db.connect();
  fake = await new FakeSlack().start();
  // Two instances starting at once on an empty database.
  const [x, y] = [await spawnBot(), await spawnBot()];
  await Promise.all([x.ready, y.ready]);
  [a, b] = [x, y];
}, 60_000);

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exit));
  await db?.end();
  await fake?.close();
  await drop?.();
});

// A failure here is usually a timing one on a loaded machine: show what each instance logged.
afterEach((ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [i, p] of procs.entries()) {
    const lines = (p.stdout() + p.stderr())
      .split('\n')
      .filter((l) => !/"level":(10|20|30)\b/.test(l));
    console.error(`instance ${i} (pid ${p.child.pid}) logged:\n${lines.join('\n').slice(-6000)}`);
  }
});

const rows = async <T>(text: string, ...values: unknown[]) =>
  (await db.query(text, values)).rows as T[];
const { inChannel } = channelReads(() => fake);
const said = (c: ApiCall) => JSON.stringify(c.body);

const slash = (bot: Bot, command: string, channel: string, text: string) =>
  postSigned(
    bot.events,
    slashCommandBody({
      command,
      text,
      channel_id: channel,
      user_id: 'UHOST',
      user_name: 'host',
      response_url: fake.responseUrl(`${channel}-${command}-${Date.now()}`),
    }),
    { secret: SECRET },
  );

let clicks = 0;
const click = (bot: Bot, channel: string, actionId: string, ts: string, user: string) =>
  postSigned(
    bot.events,
    blockActionsBody({
      actionId,
      userId: user,
      userName: user.toLowerCase(),
      channelId: channel,
      messageTs: ts,
      responseUrl: fake.responseUrl(`click-${++clicks}`),
    }),
    { secret: SECRET },
  );

interface Step {
  session_id: string;
  idx: number;
  phase: string;
  payload: string;
  posted_at: number | null;
  deadline_at: number | null;
  revealed_at: number | null;
  message_id: string | null;
}
const step = async (kind: string, channel: string, idx = 0) =>
  (
    await rows<Step>(
      `SELECT st.* FROM session_steps st JOIN sessions s ON s.id = st.session_id
       WHERE s.kind = $1 AND s.channel_id = $2 AND st.idx = $3`,
      kind,
      channel,
      idx,
    )
  )[0];
const stepWhen = (kind: string, channel: string, phase: string, ms = 20_000) =>
  fake.waitFor(
    async () => {
      const s = await step(kind, channel);
      return s?.phase === phase && s.message_id ? s : undefined;
    },
    ms,
    `${kind} step ${phase} in ${channel}`,
  );

/**
 * Start a session on A. Two instances started at once race for the migration lock; the loser's
 * store may open on its next try (STORE_RETRY_MS, 15 s), and until then a game command is
 * answered "unavailable" — so ask again until the first step is posted.
 */
async function startOnA(command: string, channel: string, kind: string, phase: string) {
  for (let attempt = 0; ; attempt++) {
    expect((await slash(a, command, channel, 'count:1 seconds:10')).status).toBe(200);
    try {
      return await stepWhen(kind, channel, phase, attempt < 3 ? 8_000 : 20_000);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

const killA = async () => {
  a.proc.child.kill('SIGKILL');
  expect(await a.proc.exit).toEqual({ code: null, signal: 'SIGKILL' });
};

describe.skipIf(!POSTGRES_URL)('two instances on one PostgreSQL', () => {
  it('started at once on an empty database: each migration applied once', async () => {
    const versions = await rows<{ version: number }>('SELECT version FROM schema_migrations');
    expect(new Set(versions.map((v) => v.version)).size).toBe(versions.length);
    expect(versions.length).toBeGreaterThanOrEqual(4);
  });

  it('a round started on A, answered through A and B, A killed: B reveals once, scores right', async () => {
    const channel = 'CINST';
    const q = await startOnA('/quiz', channel, 'quiz', 'open');
    const correct = (JSON.parse(q.payload) as { correct: number }).correct;
    const users = Array.from({ length: 20 }, (_, i) => `UM${String(i).padStart(2, '0')}`);
    const choice = (i: number) => (i % 3 === 0 ? correct : (correct + 1) % 4);
    const statuses = await Promise.all(
      users.map(async (u, i) => {
        const res = await click(
          i % 2 === 0 ? a : b,
          channel,
          answerAction.encode({ session: q.session_id, step: 0, choice: choice(i) }),
          q.message_id!,
          u,
        );
        return res.status;
      }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    await killA();

    const revealed = await fake.waitFor(
      async () => {
        const s = await step('quiz', channel);
        return s?.phase === 'revealed' ? s : undefined;
      },
      20_000,
      'the reveal by B',
    );
    // At the deadline A set, by B's durable job (graphile-worker polls every 500 ms).
    const late = Number(revealed.revealed_at) - Number(q.deadline_at);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(2500);
    await fake.waitFor(
      () => inChannel('chat.postMessage', channel).some((c) => /Quiz over/.test(said(c))),
      15_000,
      'the summary',
    );
    await new Promise((r) => setTimeout(r, 1500)); // a second reveal would come by now
    const reveals = inChannel('chat.update', channel).filter(
      (c) => c.body.ts === q.message_id && /Quiz 1\/1 · answer:/.test(String(c.body.text)),
    );
    expect(reveals).toHaveLength(1);
    expect(
      inChannel('chat.postMessage', channel).filter((c) => /Quiz over/.test(said(c))),
    ).toHaveLength(1);

    // Every acknowledged answer, once, scored by the rule.
    const answers = await rows<{
      user_id: string;
      choice: number;
      correct: number;
      answered_at: number;
      points: number | null;
    }>('SELECT * FROM answers WHERE round_id = $1 ORDER BY user_id', q.session_id);
    expect(answers.map((x) => x.user_id)).toEqual(users);
    for (const x of answers) {
      expect(Number(x.choice)).toBe(choice(users.indexOf(x.user_id)));
      const expected = pointsFor({
        correct: Number(x.correct) === 1,
        answeredAt: Number(x.answered_at),
        postedAt: Number(q.posted_at),
        deadlineAt: Number(q.deadline_at),
        streak: Number(x.correct),
      });
      expect(Number(x.points), x.user_id).toBe(expected);
    }
  }, 120_000);

  it('a drill started on A, A killed: B reveals the card once and ends the drill', async () => {
    // A was killed by the round above: start a fresh A for this drill.
    const fresh = await spawnBot();
    await fresh.ready;
    a = fresh;
    const channel = 'CDRILL';
    const front = await startOnA('/flashcards', channel, 'flashcards', 'front');
    await killA();
    const back = await fake.waitFor(
      async () => {
        const s = await step('flashcards', channel);
        return s?.phase === 'revealed' ? s : undefined;
      },
      20_000,
      'the card revealed by B',
    );
    const late = Number(back.revealed_at) - Number(front.deadline_at);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(2500);
    for (const [u, g] of [
      ['UG1', 'good'],
      ['UG2', 'again'],
      ['UG1', 'easy'], // a second grade changes nothing
    ] as const) {
      const res = await click(
        b,
        channel,
        gradeAction.encode({ session: front.session_id, step: 0, grade: g }),
        front.message_id!,
        u,
      );
      expect(res.status).toBe(200);
    }
    const next = await click(
      b,
      channel,
      nextAction.encode({ session: front.session_id, step: 0 }),
      front.message_id!,
      'UHOST',
    );
    expect(next.status).toBe(200);
    await fake.waitFor(
      () =>
        inChannel('chat.postMessage', channel).some((c) => /Flashcard drill over/.test(said(c))),
      15_000,
      'the drill summary',
    );
    const reviews = await rows<{ user_id: string; rating: number }>(
      'SELECT user_id, rating FROM flashcard_reviews WHERE drill_id = $1 ORDER BY user_id',
      front.session_id,
    );
    expect(reviews.map((r) => r.user_id)).toEqual(['UG1', 'UG2']);
    const revealEdits = inChannel('chat.update', channel).filter(
      (c) => c.body.ts === front.message_id && /grade/i.test(said(c)),
    );
    expect(revealEdits.length).toBeGreaterThanOrEqual(1);
    expect(
      inChannel('chat.postMessage', channel).filter((c) => /Flashcard drill over/.test(said(c))),
    ).toHaveLength(1);
  }, 120_000);
});
