/**
 * A restart in the middle of a quiz round, through the real `src/main.ts` with Slack against the
 * fake Web API and a database file that outlives the process:
 * - SIGKILL while a burst of answer clicks is arriving: every click Slack saw acknowledged
 *   (HTTP 200) is stored exactly once; after the restart the deadline is re-armed with the time
 *   that was left, buttons on the old message still work, the round completes and the summary's
 *   scores are what the scoring rule gives for the stored answers.
 * - SIGTERM during a round: the process exits 0 and the round resumes with its remaining time
 *   (the stored deadline), not a fresh one and not lost.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pointsFor } from '../../src/quiz/scoring.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { blockActionsBody, postSigned, slashCommandBody } from '../fakes/slack/signing.js';
import { freePort, spawnMain, waitForStatus, type Spawned } from './helpers.js';
import { answerAction, revealAction } from '../../src/quiz/actions.js';
import { channelReads } from '../fakes/slack/reading.js';

const SECRET = 'kill-restart-signing-secret';
/** Clicks in the burst, one per member, arriving every BURST_GAP_MS. */
const BURST = 150;
const BURST_GAP_MS = 0;
/** SIGKILL once this many clicks were acknowledged (the rest are still arriving). */
const KILL_AFTER_ACKS = 40;

let fake: FakeSlack;
const bots: Spawned[] = [];

beforeAll(async () => {
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await fake?.close();
});

interface Bot {
  proc: Spawned;
  events: string;
}

async function start(file: string): Promise<Bot> {
  const port = await freePort();
  const proc = spawnMain({
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-kill-restart-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: `sqlite:${file}`,
  });
  bots.push(proc);
  await waitForStatus(`http://127.0.0.1:${port}/healthz`);
  return { proc, events: `http://127.0.0.1:${port}/slack/events` };
}

const scratchFile = () => join(mkdtempSync(join(tmpdir(), 'tutor-kill-')), 'db.sqlite');

/** Read the bot's database (WAL: readers never block the writer). */
function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

interface QuestionRow {
  round_id: string;
  idx: number;
  correct: number;
  status: string;
  posted_at: number | null;
  deadline_at: number | null;
  revealed_at: number | null;
  message_id: string | null;
}
interface AnswerRow {
  user_id: string;
  user_name: string;
  idx: number;
  choice: number;
  correct: number;
  answered_at: number;
  points: number | null;
}

const questions = (file: string, channel: string) =>
  query<QuestionRow>(
    file,
    `SELECT q.session_id AS round_id, q.idx, json_extract(q.payload, '$.correct') AS correct,
            q.phase AS status, q.posted_at, q.deadline_at, q.revealed_at, q.message_id
     FROM session_steps q JOIN sessions r ON r.id = q.session_id
     WHERE r.kind = 'quiz' AND r.channel_id = ? ORDER BY q.idx`,
    channel,
  );
const answers = (file: string, roundId: string) =>
  query<AnswerRow>(file, 'SELECT * FROM answers WHERE round_id = ? ORDER BY idx, user_id', roundId);

const { inChannel } = channelReads(() => fake);

async function slash(bot: Bot, channel: string, text: string, user = 'UHOST') {
  return postSigned(
    bot.events,
    slashCommandBody({
      command: '/quiz',
      text,
      channel_id: channel,
      user_id: user,
      user_name: 'host',
      response_url: fake.responseUrl(`${channel}-${user}-${Date.now()}`),
    }),
    { secret: SECRET },
  );
}

let clickSeq = 0;
const click = (bot: Bot, channel: string, actionId: string, ts: string, user: string) =>
  postSigned(
    bot.events,
    blockActionsBody({
      actionId,
      userId: user,
      userName: user.toLowerCase(),
      channelId: channel,
      messageTs: ts,
      responseUrl: fake.responseUrl(`click-${++clickSeq}`),
    }),
    { secret: SECRET },
  );

/** The open question `idx` once its message is stored. */
const openQuestion = (file: string, channel: string, idx: number) =>
  fake.waitFor(
    () => {
      const q = questions(file, channel)[idx];
      return q?.status === 'open' && q.message_id ? q : undefined;
    },
    15_000,
    `question ${idx + 1} in ${channel}`,
  );

it('SIGKILL during a burst of answers: no acked answer lost, round completes, scores right', async () => {
  const file = scratchFile();
  const channel = 'CKILL';
  let bot = await start(file);
  expect((await slash(bot, channel, 'count:2 seconds:10')).status).toBe(200);
  const q0 = await openQuestion(file, channel, 0);
  const roundId = q0.round_id;

  // The burst: BURST members each click once; SIGKILL lands while clicks are still arriving.
  const statuses: (number | 'cut')[] = new Array<number | 'cut'>(BURST).fill('cut');
  let acked = 0;
  const user = (i: number) => `UK${String(i).padStart(3, '0')}`;
  const choiceOf = (i: number) => i % 4;
  await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * BURST_GAP_MS));
      if (bot.proc.child.exitCode !== null || bot.proc.child.signalCode !== null) return;
      try {
        const res = await click(
          bot,
          channel,
          answerAction.encode({ session: roundId, step: 0, choice: choiceOf(i) }),
          q0.message_id!,
          user(i),
        );
        statuses[i] = res.status;
        if (res.status === 200 && ++acked === KILL_AFTER_ACKS) bot.proc.child.kill('SIGKILL');
      } catch {
        // The connection died with the process: never acknowledged, may or may not be stored.
      }
    }),
  );
  expect(await bot.proc.exit).toEqual({ code: null, signal: 'SIGKILL' });
  const ackedUsers = statuses.flatMap((s, i) => (s === 200 ? [user(i)] : []));
  expect(ackedUsers.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
  // Killed mid-burst: some clicks never got an answer.
  expect(statuses.filter((s) => s === 'cut').length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s !== 200 && s !== 'cut')).toEqual([]);

  // Every acknowledged click is stored, exactly once, with the choice that was clicked.
  const stored = answers(file, roundId).filter((a) => a.idx === 0);
  const byUser = new Map(stored.map((a) => [a.user_id, a]));
  expect(byUser.size).toBe(stored.length);
  expect(ackedUsers.filter((u) => !byUser.has(u))).toEqual([]);
  for (const u of ackedUsers) expect(byUser.get(u)!.choice).toBe(choiceOf(Number(u.slice(2))));
  console.log(
    `kill-restart: ${ackedUsers.length} clicks acked before SIGKILL, ${stored.length} stored, ` +
      `${statuses.filter((s) => s === 'cut').length} cut off`,
  );

  // Restart on the same file: the round resumes with the stored deadline.
  bot = await start(file);
  await bot.proc.waitFor(/resumed running rounds/);
  expect(questions(file, channel)[0]!.deadline_at).toBe(q0.deadline_at);

  // A button on the pre-restart message still works, once per member.
  const late = await click(
    bot,
    channel,
    answerAction.encode({ session: roundId, step: 0, choice: 1 }),
    q0.message_id!,
    'ULATE',
  );
  expect(late.status).toBe(200);
  const again = await click(
    bot,
    channel,
    answerAction.encode({ session: roundId, step: 0, choice: 2 }),
    q0.message_id!,
    ackedUsers[0]!,
  );
  expect(again.status).toBe(200);
  await fake.waitFor(
    () =>
      inChannel('chat.postEphemeral', channel).some(
        (c) => c.body.user === ackedUsers[0] && /Already answered/.test(JSON.stringify(c.body)),
      ),
    10_000,
    'already answered',
  );

  // The deadline fires at the time it was set for before the kill (not restart + 10 s).
  const revealed = await fake.waitFor(
    () => {
      const q = questions(file, channel)[0]!;
      return q.status === 'revealed' ? q : undefined;
    },
    15_000,
    'the reveal of question 1',
  );
  expect(revealed.revealed_at! - q0.deadline_at!).toBeGreaterThanOrEqual(0);
  expect(revealed.revealed_at! - q0.deadline_at!).toBeLessThan(1500);
  // The old message shows the answer (the edit follows the stored reveal), and stays so.
  await fake.waitFor(
    () =>
      inChannel('chat.update', channel).some(
        (c) => c.body.ts === q0.message_id && JSON.stringify(c.body).includes('answer:'),
      ),
    10_000,
    'the reveal edit',
  );

  // Question 2: two members answer, then the starter reveals it with its button.
  const q1 = await openQuestion(file, channel, 1);
  const right = q1.correct;
  const wrong = (q1.correct + 1) % 4;
  const rightUser = ackedUsers.find((u) => byUser.get(u)!.correct === 1) ?? ackedUsers[0]!;
  for (const [u, c] of [
    [rightUser, right],
    ['ULATE', wrong],
  ] as const) {
    expect(
      (
        await click(
          bot,
          channel,
          answerAction.encode({ session: roundId, step: 1, choice: c }),
          q1.message_id!,
          u,
        )
      ).status,
    ).toBe(200);
  }
  const reveal = await click(
    bot,
    channel,
    revealAction.encode({ session: roundId, step: 1 }),
    q1.message_id!,
    'UHOST',
  );
  expect(reveal.status).toBe(200);
  const summary = await fake.waitFor(
    () =>
      inChannel('chat.postMessage', channel).find((c) => /Quiz over/.test(JSON.stringify(c.body))),
    15_000,
    'the summary',
  );
  const edits = inChannel('chat.update', channel).filter((c) => c.body.ts === q0.message_id);
  expect(JSON.stringify(edits.at(-1)!.body)).toContain('answer:');
  const round = query<{ status: string }>(
    file,
    'SELECT status FROM sessions WHERE id = ?',
    roundId,
  );
  expect(round[0]!.status).toBe('finished');

  // Scores: every stored answer earned what the scoring rule says; wrong answers nothing.
  const final = answers(file, roundId);
  const qs = questions(file, channel);
  const totals = new Map<string, number>();
  for (const a of final) {
    const q = qs[a.idx]!;
    const before = final.find((b) => b.user_id === a.user_id && b.idx === a.idx - 1);
    const streak = a.correct ? 1 + (before?.correct ? 1 : 0) : 0;
    const expected = pointsFor({
      correct: a.correct === 1,
      answeredAt: a.answered_at,
      postedAt: q.posted_at,
      // The stored deadline is the answering one, even for a question held for the reading pause.
      deadlineAt: q.deadline_at,
      streak,
    });
    expect(a.points, `${a.user_id} q${a.idx + 1}`).toBe(expected);
    if (!a.correct) expect(a.points).toBe(0);
    else expect(a.points).toBeGreaterThanOrEqual(100);
    totals.set(a.user_id, (totals.get(a.user_id) ?? 0) + expected);
  }
  const best = Math.max(...totals.values());
  // One winner, a tie, or nobody scoring: the summary names the best total either way.
  const said = JSON.stringify(summary.body);
  if (best === 0) expect(said).toContain('Nobody scored this round');
  else expect(said).toMatch(new RegExp(`wins with ${best} points|A tie at ${best} points`));
  // Each answer counted once: the acked members and the late one, nobody twice.
  expect(final.filter((a) => a.idx === 0).length).toBe(stored.length + 1);

  bot.proc.child.kill('SIGTERM');
  expect(await bot.proc.exit).toEqual({ code: 0, signal: null });
}, 60_000);

it('SIGTERM mid-round: exits 0, the round resumes with the time it had left', async () => {
  const file = scratchFile();
  const channel = 'CTERM';
  let bot = await start(file);
  expect((await slash(bot, channel, 'count:1 seconds:10')).status).toBe(200);
  const q0 = await openQuestion(file, channel, 0);
  const answered = await click(
    bot,
    channel,
    answerAction.encode({ session: q0.round_id, step: 0, choice: q0.correct }),
    q0.message_id!,
    'UFAST',
  );
  expect(answered.status).toBe(200);

  bot.proc.child.kill('SIGTERM');
  expect(await bot.proc.exit).toEqual({ code: 0, signal: null });
  const stopped = questions(file, channel)[0]!;
  expect(stopped.status).toBe('open');
  expect(stopped.deadline_at).toBe(q0.deadline_at);

  bot = await start(file);
  await bot.proc.waitFor(/resumed running rounds/);
  const restartedAt = Date.now();
  const revealed = await fake.waitFor(
    () => {
      const q = questions(file, channel)[0]!;
      return q.status === 'revealed' ? q : undefined;
    },
    15_000,
    'the reveal after SIGTERM',
  );
  // At the deadline set before the shutdown: a fresh 10 s would reveal ≥ 10 s after restart.
  expect(revealed.revealed_at! - q0.deadline_at!).toBeGreaterThanOrEqual(0);
  expect(revealed.revealed_at! - q0.deadline_at!).toBeLessThan(1500);
  expect(revealed.revealed_at! - restartedAt).toBeLessThan(9_500);
  // Not asked again: one question message, then the summary with the answer that was in.
  await fake.waitFor(
    () =>
      inChannel('chat.postMessage', channel).some((c) => /Quiz over/.test(JSON.stringify(c.body))),
    15_000,
    'the summary',
  );
  const posts = inChannel('chat.postMessage', channel);
  expect(posts.filter((c) => /Quiz 1\/1/.test(JSON.stringify(c.body)))).toHaveLength(1);
  const [fast] = answers(file, q0.round_id);
  expect(fast?.user_id).toBe('UFAST');
  expect(fast?.points).toBeGreaterThanOrEqual(100);

  bot.proc.child.kill('SIGTERM');
  expect(await bot.proc.exit).toEqual({ code: 0, signal: null });
}, 60_000);
