/**
 * The channel quiz end to end on Discord: the real discord.js client (startDiscord) against
 * the fake Discord, the real /quiz command and QuizEngine over a SQLite file, and the adapter's
 * own Messenger posting and editing the question messages. The engine's clock and timers are
 * injected (FakeClock), so deadlines and the live-count throttle fire when the test says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { Cooldown } from '../../src/runtime/index.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import {
  bodyOf,
  EPHEMERAL,
  IDS,
  isPng,
  payloads,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import { limitProblems, type MessageJSON } from '../fakes/discord/limits.js';
import { buttonIds, createdId, embedsOf, replies, text, titleOf } from './replies.js';
import { FakeClock } from '../quiz/fakes.js';
import { quizId, soloId } from '../games/buttons.js';
import {
  answerAction,
  boardAction,
  decodeQuizClick,
  revealAction,
  soloNextAction,
  stopAction,
} from '../../src/quiz/actions.js';
import { servicesFrom } from '../quiz/fakes.js';

let fake: FakeDiscord;
let bot: DiscordBot;
let store: Store;
let engine: QuizEngine;
let clock: FakeClock;
let dir: string;
const EDIT_INTERVAL = 2000;

const CHANNEL_MESSAGES = `/channels/${IDS.channel}/messages`;
/** 19-digit member ids; the fake names them `student<last two digits>`. */
const uid = (n: number) => `16${String(n).padStart(17, '0')}`;
const MODERATOR = payloads.MODERATOR_PERMISSIONS;

function installEngine(messenger = bot.messenger): QuizEngine {
  engine = new QuizEngine({
    store,
    // What main.ts does: the adapter's Messenger, known before any round starts or resumes.
    messengers: { discord: messenger },
    ...clock.deps,
    editIntervalMs: EDIT_INTERVAL,
  });
  return engine;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'discord-quiz-'));
  fake = await startFakeDiscord();
  // /quiz is a chart command (leaderboards), so the chart cooldown applies; the test's users
  // run it more often than people would.
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: servicesFrom(() => ({ quiz: engine })),
  });
  store = await openStore(join(dir, 'quiz.sqlite'));
  // A fixed Wednesday noon (UTC): "this week" on the leaderboard never straddles a Monday.
  clock = new FakeClock();
  installEngine();
});

afterAll(async () => {
  engine?.close();
  await store?.close();
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

// ── helpers ──────────────────────────────────────────────────────────────────

const { tokenOf, since, callbackOf, privateReply, chartCommand } = replies(() => fake);

async function until<T>(fn: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `/quiz …`: deferred ephemerally at once (a chart command), then the private answer edited in. */
const quiz = (
  options: Record<string, payloads.OptionValue>,
  userId: string,
  memberPermissions?: bigint,
) => chartCommand('quiz', options, userId, memberPermissions);

/** A question message the bot posted in the channel: its call, message id and round. */
interface Posted {
  call: RecordedCall;
  messageId: string;
  roundId: string;
  idx: number;
}

async function questionPosted(mark: number, idx = 0, roundId?: string): Promise<Posted> {
  const call = await fake.waitFor(
    since(
      mark,
      (c) =>
        c.method === 'POST' &&
        c.path === CHANNEL_MESSAGES &&
        c.status === 200 &&
        buttonIds(c)
          .flat()
          .some((b) =>
            roundId
              ? b === quizId(roundId, idx, 0)
              : decodeQuizClick(b)?.what === 'answer' && decodeQuizClick(b)?.step === idx,
          ),
    ),
    10_000,
    `question ${idx + 1} in the channel`,
  );
  const round = decodeQuizClick(buttonIds(call)[0]![0]!)!.session;
  return { call, messageId: createdId(call), roundId: round!, idx };
}

const editsOf = (messageId: string) =>
  fake.calls.filter((c) => c.method === 'PATCH' && c.path === `${CHANNEL_MESSAGES}/${messageId}`);

const correctOf = async (q: Posted) => (await engine.repo.getQuestion(q.roundId, q.idx))!.correct;
const press = (
  q: Posted,
  what: Parameters<typeof quizId>[2],
  userId: string,
  memberPermissions?: bigint,
) => fake.click(quizId(q.roundId, q.idx, what), q.messageId, userId, { memberPermissions });
const advance = (ms: number) => clock.advance(ms, () => engine.idle());

async function answerRows(roundId: string): Promise<{ rows: number; users: number }> {
  const row = await store.db
    .selectFrom('answers')
    .select((eb) => [
      eb.fn.countAll<number>().as('rows'),
      eb.fn.count<number>('user_id').distinct().as('users'),
    ])
    .where('round_id', '=', roundId)
    .executeTakeFirstOrThrow();
  return { rows: Number(row.rows), users: Number(row.users) };
}

// ── a round ──────────────────────────────────────────────────────────────────

describe('a channel round on Discord', () => {
  const starter = uid(1);
  const [ben, chen, dee, eve] = [uid(2), uid(3), uid(4), uid(5)];

  test('posts, counts, refuses repeats, reveals, moves on and sums up with a chart', async () => {
    const mark = fake.calls.length;
    const { answer } = await quiz({ count: 2, seconds: 10 }, starter);
    expect(text(answer)).toContain('Quiz started');
    expect(text(answer)).toContain('2 questions, 10 s each');

    // The question: a public channel message (not an interaction reply) with A–D and controls.
    const q1 = await questionPosted(mark);
    expect(q1.call.authorized).toBe(true);
    expect(titleOf(q1.call)).toMatch(/^Quiz 1\/2 · /);
    expect(buttonIds(q1.call)).toEqual([
      [0, 1, 2, 3].map((i) => answerAction.encode({ session: q1.roundId, step: 0, choice: i })),
      [
        revealAction.encode({ session: q1.roundId, step: 0 }),
        stopAction.encode({ session: q1.roundId, step: 0 }),
      ],
    ]);
    expect(limitProblems(bodyOf(q1.call) as MessageJSON)).toEqual([]);
    expect(bodyOf(q1.call).allowed_mentions).toEqual({ parse: [] });
    expect(text(q1.call)).toContain('0 answered');
    // The "Quiz started" answer came after the question was up.
    expect(fake.calls.indexOf(q1.call)).toBeLessThan(fake.calls.indexOf(answer));

    // Two members answer: each gets a private confirmation, and both are stored.
    const correct = await correctOf(q1);
    const wrong = (correct + 1) % 4;
    const letter = 'ABCD';
    expect(await privateReply(press(q1, correct, ben))).toContain(
      `You answered ${letter[correct]}`,
    );
    expect(await privateReply(press(q1, wrong, chen))).toContain(`You answered ${letter[wrong]}`);
    expect(await answerRows(q1.roundId)).toEqual({ rows: 2, users: 2 });

    // The live count is throttled: nothing until the interval is up, then one edit for both.
    expect(editsOf(q1.messageId)).toHaveLength(0);
    await advance(EDIT_INTERVAL - 500);
    expect(editsOf(q1.messageId)).toHaveLength(0);
    await advance(500);
    const counts = editsOf(q1.messageId);
    expect(counts).toHaveLength(1);
    expect(counts[0]!.status).toBe(200);
    expect(text(counts[0]!)).toContain('2 answered');
    expect(buttonIds(counts[0]!)).toEqual(buttonIds(q1.call)); // still answerable

    // A second click gets the private "you already answered", and changes nothing.
    const again = await privateReply(press(q1, (correct + 2) % 4, ben));
    expect(again).toContain(`You already answered ${letter[correct]}`);
    expect(await answerRows(q1.roundId)).toEqual({ rows: 2, users: 2 });

    // Only the starter (or a moderator) reveals early.
    const refused = await privateReply(press(q1, 'reveal', chen));
    expect(refused).toMatch(/Only Student01 \(who started it\) or a moderator can reveal/);
    expect(editsOf(q1.messageId)).toHaveLength(1);

    const next = fake.calls.length;
    expect(await privateReply(press(q1, 'reveal', starter))).toContain('The answer is up');
    const reveal = editsOf(q1.messageId)[1]!;
    expect(reveal.status).toBe(200);
    expect(titleOf(reveal)).toBe(`Quiz 1/2 · answer: ${letter[correct]}`);
    expect(bodyOf(reveal).components).toEqual([]); // the buttons are gone
    expect(embedsOf(reveal)[0]!.description).toContain(`— 1 (50%) ✅`);
    expect(text(reveal)).toContain('Right (1/2)');
    expect(text(reveal)).toContain('Revealed before the time was up.');
    expect(limitProblems(bodyOf(reveal) as MessageJSON)).toEqual([]);
    expect(fake.messages.get(q1.messageId)!.components).toEqual([]);

    // Question 2 follows at once; this time the deadline reveals it.
    const q2 = await questionPosted(next, 1, q1.roundId);
    expect(titleOf(q2.call)).toMatch(/^Quiz 2\/2 · /);
    const correct2 = await correctOf(q2);
    await privateReply(press(q2, correct2, ben));
    await privateReply(press(q2, correct2, dee));
    const end = fake.calls.length;
    await advance(10_000);
    const reveal2 = editsOf(q2.messageId).find((c) => /answer:/.test(titleOf(c)))!;
    expect(titleOf(reveal2)).toBe(`Quiz 2/2 · answer: ${letter[correct2]}`);
    expect(bodyOf(reveal2).components).toEqual([]);
    expect(text(reveal2)).not.toContain('Revealed early');
    expect(text(reveal2)).toContain('Right (2/2)');

    // The summary: a new channel message with the scores chart attached (alt text included).
    const summary = await fake.waitFor(
      since(end, (c) => c.method === 'POST' && c.path === CHANNEL_MESSAGES && c.status === 200),
    );
    expect(titleOf(summary)).toBe('Quiz over');
    expect(bodyOf(summary).content).toMatch(/wins with \d+ points/);
    expect(text(summary)).toContain('Student02');
    expect(summary.files).toHaveLength(1);
    expect(isPng(summary.files[0]!.data)).toBe(true);
    expect(summary.files[0]!.description).toMatch(/kind scores/);
    expect(limitProblems(bodyOf(summary) as MessageJSON)).toEqual([]);
    expect(buttonIds(summary)).toEqual([]);
    expect((await engine.repo.getRound(q1.roundId))!.status).toBe('finished');

    // An old button after the round: a private "too late", no new answer.
    expect(await privateReply(press(q1, correct, eve))).toMatch(/Too late|closed/);
    expect(await answerRows(q1.roundId)).toEqual({ rows: 4, users: 3 });
  });

  test('/quiz action:leaderboard is private with a chart, and its buttons switch the board', async () => {
    const { answer } = await quiz({ action: 'leaderboard' }, ben);
    expect(text(answer)).toContain('Quiz leaderboard · this channel · this week');
    expect(bodyOf(answer).content).toMatch(/Student02 leads with \d+ points/);
    expect(answer.files).toHaveLength(1);
    expect(isPng(answer.files[0]!.data)).toBe(true);
    expect(limitProblems(bodyOf(answer) as MessageJSON)).toEqual([]);

    // The switch buttons live on the ephemeral board; a click redraws it in place.
    const message = [...fake.messages.values()].find(
      (m) =>
        (m.flags ?? 0) & EPHEMERAL &&
        JSON.stringify(m.components).includes(
          boardAction.encode({ scope: 'server', period: 'all' }),
        ) &&
        JSON.stringify(m.embeds).includes('this channel · this week'),
    )!;
    expect(message).toBeDefined();
    const click = fake.click(
      boardAction.encode({ scope: 'server', period: 'all' }),
      message.id,
      ben,
    );
    const ack = await callbackOf(click);
    expect([6, 7]).toContain(bodyOf(ack).type);
    const redraw =
      bodyOf(ack).type === 7
        ? ack
        : await fake.waitFor(
            (c) =>
              c.method === 'PATCH' &&
              c.path.endsWith(`/${tokenOf(click)}/messages/@original`) &&
              c.status === 200,
          );
    expect(text(redraw)).toContain('this server · all time');
    expect(redraw.files).toHaveLength(1);
    expect(fake.messages.get(message.id)!.embeds[0]!.title).toContain('this server · all time');
  });
});

// ── control ──────────────────────────────────────────────────────────────────

describe('one round per channel, and who may stop it', () => {
  const starter = uid(11);
  const other = uid(12);
  const moderator = uid(13);

  test('a second /quiz says one is running; stop needs the starter or Manage Messages', async () => {
    const mark = fake.calls.length;
    await quiz({ count: 3, seconds: 30 }, starter);
    const q = await questionPosted(mark);

    const second = await quiz({ count: 1 }, other);
    expect(text(second.answer)).toContain('A quiz is already running here');
    expect(text(second.answer)).toContain('question 1 of 3');
    expect(fake.channelMessages().filter((m) => (m.components ?? []).length > 0)).toHaveLength(1);

    // A member without Manage Messages: refused, by command and by button.
    const refused = await quiz({ action: 'stop' }, other);
    expect(text(refused.answer)).toMatch(/or a moderator can stop this quiz/);
    expect(await privateReply(press(q, 'stop', other))).toMatch(/or a moderator can stop/);
    expect((await engine.repo.getRound(q.roundId))!.status).toBe('running');

    // Manage Messages makes a moderator: allowed.
    const end = fake.calls.length;
    const stopped = await quiz({ action: 'stop' }, moderator, MODERATOR);
    expect(text(stopped.answer)).toContain('Quiz stopped');
    expect((await engine.repo.getRound(q.roundId))!.status).toBe('stopped');
    const reveal = editsOf(q.messageId).at(-1)!;
    expect(titleOf(reveal)).toMatch(/answer: [ABCD]/);
    expect(bodyOf(reveal).components).toEqual([]);
    const summary = await fake.waitFor(
      since(end, (c) => c.method === 'POST' && c.path === CHANNEL_MESSAGES),
    );
    expect(titleOf(summary)).toBe('Quiz stopped');
    expect(bodyOf(summary).content ?? '').toBe(''); // nobody answered: no chart
    expect(summary.files).toHaveLength(0);

    // The channel is free again; the starter can stop their own round with its button.
    const mark2 = fake.calls.length;
    await quiz({ count: 2, seconds: 30 }, other);
    const q2 = await questionPosted(mark2);
    expect(await privateReply(press(q2, 'stop', other))).toContain('Quiz stopped');
    expect((await engine.repo.getRound(q2.roundId))!.status).toBe('stopped');
  });

  test('Administrator counts as Manage Messages; a plain member without it is not a moderator', async () => {
    const mark = fake.calls.length;
    await quiz({ count: 1, seconds: 30 }, starter);
    const q = await questionPosted(mark);
    const plain = payloads.MEMBER_PERMISSIONS;
    expect(await privateReply(press(q, 'reveal', other, plain))).toMatch(/or a moderator/);
    const admin = plain | PermissionFlagsBits.Administrator;
    expect(await privateReply(press(q, 'stop', moderator, admin))).toContain('Quiz stopped');
  });
});

// ── solo ─────────────────────────────────────────────────────────────────────

describe('solo practice', () => {
  test('lives in the ephemeral reply: answers and "next" update it in place (type 7)', async () => {
    const user = uid(50);
    const mark = fake.calls.length;
    const { id, answer } = await quiz({ action: 'solo', count: 2 }, user);
    expect(titleOf(answer)).toMatch(/^Quiz 1\/2 · /);
    const [[first]] = buttonIds(answer) as [[string]];
    const roundId = decodeQuizClick(first)!.session;
    const messageId = fake.originalOf(id)!;
    expect((fake.messages.get(messageId)!.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);

    const clickOn = async (what: string | number) => {
      const click = fake.click(soloId(roundId, String(what)), messageId, user);
      const ack = await callbackOf(click);
      expect(bodyOf(ack).type).toBe(7);
      return ack;
    };
    const c0 = (await engine.repo.getQuestion(roundId!, 0))!.correct;
    const reveal = await clickOn(`0:${c0}`);
    expect(text(reveal)).toContain('✅ Right!');
    expect(buttonIds({ ...reveal, body: bodyOf(reveal).data } as RecordedCall)).toEqual([
      [soloNextAction.encode({ session: roundId, step: 0 })],
    ]);
    const q2 = await clickOn('0:next');
    expect(text(q2)).toContain('Quiz 2/2');
    const c1 = (await engine.repo.getQuestion(roundId!, 1))!.correct;
    const wrong = await clickOn(`1:${(c1 + 1) % 4}`);
    expect(text(wrong)).toContain('❌ You chose');
    const done = await clickOn('1:next');
    expect(text(done)).toContain('1/2 right');

    // Nothing was posted in the channel.
    expect(
      fake.calls.slice(mark).filter((c) => c.method === 'POST' && c.path === CHANNEL_MESSAGES),
    ).toEqual([]);
  });
});

// ── load ─────────────────────────────────────────────────────────────────────

describe('200 members clicking in the same second', () => {
  test('every click is acknowledged within 3 s and stored exactly once', async () => {
    const starter = uid(20);
    const mark = fake.calls.length;
    await quiz({ count: 1, seconds: 60 }, starter);
    const q = await questionPosted(mark);
    const editsBefore = editsOf(q.messageId).length;

    const members = Array.from({ length: 200 }, (_, i) => uid(1000 + i));
    // Within one second, in ten waves 100 ms apart (as a busy channel delivers them); ten
    // members double-click, their two clicks dispatched back to back in the same wave.
    const doubles = new Set(members.slice(0, 100).filter((_, i) => i % 10 === 0));
    const started = Date.now();
    const clicks: { id: string; member: string }[] = [];
    for (let wave = 0; wave < 10; wave++) {
      if (wave > 0) await new Promise((r) => setTimeout(r, 100));
      for (const [i, m] of members.slice(wave * 20, wave * 20 + 20).entries()) {
        clicks.push({ id: press(q, i % 4, m), member: m });
        if (doubles.has(m)) clicks.push({ id: press(q, (i + 1) % 4, m), member: m });
      }
    }
    expect(clicks).toHaveLength(210);
    const dispatchMs = Date.now() - started;

    // Wait for every private answer: a type-4 reply, or a deferral and its follow-up.
    const replyOf = (id: string): RecordedCall | undefined => {
      const calls = fake.callsFor(id);
      const ack = calls.find((c) => c.path.endsWith('/callback') && c.status < 300);
      if (ack && bodyOf(ack).type === 4) return ack;
      return calls.find((c) => c.method === 'POST' && c.path.startsWith('/webhooks/') && !!c.body);
    };
    await until(() => clicks.every((c) => replyOf(c.id)), 'every click answered', 20_000);
    const allMs = Date.now() - started;

    const latencies = clicks.map((c) => fake.firstResponseMs(c.id)!);
    for (const c of clicks) {
      const calls = fake.callsFor(c.id).filter((x) => x.path.endsWith('/callback'));
      // Acknowledged exactly once, and never refused by Discord (late or twice).
      expect(calls.map((x) => x.status)).toEqual([204]);
      expect(fake.firstResponseMs(c.id)).toBeLessThan(3000);
    }
    const texts = clicks.map((c) => text(replyOf(c.id)!));
    expect(texts.filter((t) => t.includes('You answered'))).toHaveLength(200);
    expect(texts.filter((t) => t.includes('You already answered'))).toHaveLength(10);
    for (const c of clicks) {
      const flags =
        (bodyOf(replyOf(c.id)!).data as { flags?: number } | undefined)?.flags ??
        bodyOf(replyOf(c.id)!).flags;
      expect(flags).toBe(EPHEMERAL);
    }

    // The store: one row per member, holding the choice that member was told was locked in
    // (for a double click, whichever of the two got there first).
    expect(await answerRows(q.roundId)).toEqual({ rows: 200, users: 200 });
    const rows = await engine.repo.answersTo(q.roundId, 0);
    expect(rows.map((r) => r.user_id).sort()).toEqual([...members].sort());
    for (const row of rows) {
      const locked = clicks
        .filter((c) => c.member === row.user_id)
        .map((c) => /You answered ([ABCD])/.exec(text(replyOf(c.id)!))?.[1])
        .filter(Boolean);
      expect(locked).toEqual(['ABCD'[row.choice]]);
      if (!doubles.has(row.user_id)) expect(row.choice).toBe(members.indexOf(row.user_id) % 4);
    }

    // One throttled count edit for the whole burst, not two hundred.
    expect(editsOf(q.messageId)).toHaveLength(editsBefore);
    await advance(EDIT_INTERVAL);
    const counts = editsOf(q.messageId).slice(editsBefore);
    expect(counts).toHaveLength(1);
    expect(text(counts[0]!)).toContain('200 answered');

    await advance(60_000);
    const reveal = editsOf(q.messageId).at(-1)!;
    expect(text(reveal)).toMatch(/Right \(\d+\/200\)/);
    expect(bodyOf(reveal).components).toEqual([]);
    console.log(
      `200 clicks (+10 repeats): dispatched in ${dispatchMs} ms, all answered in ${allMs} ms; ` +
        `first response max ${Math.max(...latencies)} ms, mean ${(latencies.reduce((a, b) => a + b, 0) / latencies.length).toFixed(0)} ms`,
    );
  });
});

// ── restarts and Discord misbehaving ─────────────────────────────────────────

describe('restarts and failures', () => {
  test('buttons on a question posted before a restart still answer and reveal', async () => {
    const starter = uid(30);
    const mark = fake.calls.length;
    await quiz({ count: 1, seconds: 30 }, starter);
    const q = await questionPosted(mark);
    await privateReply(press(q, 0, uid(31)));

    // The process stops: the bot disconnects and the engine forgets its timers.
    engine?.close();
    await bot.stop();
    bot = await startBot(fake, {
      cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
      services: servicesFrom(() => ({ quiz: engine })),
    });
    installEngine(bot.messenger);
    expect(await engine.resume()).toBe(1);

    expect(await privateReply(press(q, 1, uid(32)))).toContain('You answered B');
    expect(await privateReply(press(q, 2, uid(31)))).toContain('You already answered A');
    expect(await privateReply(press(q, 'reveal', starter))).toContain('The answer is up');
    const reveal = editsOf(q.messageId).at(-1)!;
    expect(reveal.status).toBe(200);
    expect(text(reveal)).toContain('Right (');
    expect(text(reveal)).toMatch(/— 1 \(50%\)/);
    expect(bodyOf(reveal).components).toEqual([]);
  });

  test('a 429 on posting the question is retried by the REST client', async () => {
    fake.fail({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 429,
      retryAfter: 0.1,
    });
    const mark = fake.calls.length;
    const { answer } = await quiz({ count: 1, seconds: 30 }, uid(40));
    expect(text(answer)).toContain('Quiz started');
    const q = await questionPosted(mark);
    const posts = fake.calls
      .slice(mark)
      .filter((c) => c.method === 'POST' && c.path === CHANNEL_MESSAGES)
      .map((c) => c.status);
    expect(posts.slice(0, 2)).toEqual([429, 200]);
    expect(await privateReply(press(q, 'stop', uid(40)))).toContain('Quiz stopped');
  });

  test('a channel the bot cannot post in: the round is not started, and the starter is told', async () => {
    fake.fail({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 403,
      code: 50001,
      message: 'Missing Access',
      times: Infinity,
    });
    const mark0 = fake.calls.length;
    const { answer } = await quiz({ count: 1, seconds: 30 }, uid(41));
    expect(text(answer)).toContain('Could not post the question');
    fake.clearFailures();
    // Tried once: text would not get through a channel the bot cannot see either.
    const tries = fake.calls
      .slice(mark0)
      .filter((c) => c.method === 'POST' && c.path === CHANNEL_MESSAGES);
    expect(tries.map((c) => c.status)).toEqual([403]);
    // The channel is free: the next /quiz starts.
    const mark = fake.calls.length;
    const next = await quiz({ count: 1, seconds: 30 }, uid(41));
    expect(text(next.answer)).toContain('Quiz started');
    const q = await questionPosted(mark);
    expect(await privateReply(press(q, 'stop', uid(41)))).toContain('Quiz stopped');
  });
});

// ── the messenger on its own ─────────────────────────────────────────────────

describe('the Discord Messenger', () => {
  test('post returns a ref to the created message; edit with actions [] removes the buttons', async () => {
    const ref = await bot.messenger.post(IDS.channel, {
      title: 'Poll',
      summary: 'Pick one',
      actions: [[{ id: 'x:1', label: 'One' }]],
      visibility: 'public',
    });
    expect(ref).toMatchObject({ platform: 'discord', channelId: IDS.channel });
    expect(fake.messages.get(ref.messageId)!.components).toHaveLength(1);
    await bot.messenger.edit(ref, {
      title: 'Poll closed',
      summary: 'One won',
      actions: [],
      visibility: 'public',
    });
    const edited = fake.messages.get(ref.messageId)!;
    expect(edited.components).toEqual([]);
    expect(edited.embeds[0]!.title).toBe('Poll closed');
    expect(edited.edited_timestamp).not.toBeNull();
  });

  test('a chart is attached with its alt text; an edit without one removes it', async () => {
    const ref = await bot.messenger.post(IDS.channel, {
      title: 'Scores',
      summary: 'Ada leads',
      chart: { kind: 'scores', title: 'Scores', entries: [{ label: 'Ada', value: 3 }] },
      visibility: 'public',
    });
    const posted = fake.messages.get(ref.messageId)!;
    expect(posted.attachments).toHaveLength(1);
    expect(posted.attachments[0]!.description).toMatch(/kind scores/);
    expect(posted.content).toBe('Ada leads');
    await bot.messenger.edit(ref, { title: 'Scores', summary: 'Reset', visibility: 'public' });
    expect(fake.messages.get(ref.messageId)!.attachments).toEqual([]);
    expect(fake.messages.get(ref.messageId)!.content).toBe('');
  });

  test('without Embed Links the message goes out as text naming the permission', async () => {
    fake.denied = PermissionFlagsBits.EmbedLinks;
    try {
      const ref = await bot.messenger.post(IDS.channel, {
        title: 'Quiz 1/1',
        summary: 'What is C?',
        actions: [
          [{ id: answerAction.encode({ session: 'abc', step: 0, choice: 0 }), label: 'A' }],
        ],
        visibility: 'public',
      });
      const msg = fake.messages.get(ref.messageId)!;
      expect(msg.embeds).toEqual([]);
      expect(msg.content).toMatch(/Embed Links/);
      expect(msg.content).toContain('What is C?');
      expect(msg.components).toHaveLength(1); // still answerable
    } finally {
      fake.denied = 0n;
    }
  });

  test('a long reply is split; the buttons stay on the first message, the one the ref names', async () => {
    const ref = await bot.messenger.post(IDS.channel, {
      title: 'Long',
      summary: 'Many paragraphs',
      body: Array.from({ length: 12 }, (_, i) => `${i} ${'x'.repeat(900)}`),
      actions: [[{ id: 'x:long', label: 'Go' }]],
      visibility: 'public',
    });
    const first = fake.messages.get(ref.messageId)!;
    expect(first.components).toHaveLength(1);
    const later = fake
      .channelMessages()
      .filter(
        (m) => BigInt(m.id) > BigInt(ref.messageId) && JSON.stringify(m.embeds).includes('x'),
      );
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((m) => (m.components ?? []).length === 0)).toBe(true);
  });

  test('editing a deleted message rejects (the engine logs it and carries on)', async () => {
    const error = await bot.messenger
      .edit(
        { platform: 'discord', channelId: IDS.channel, messageId: '1999999999999999999' },
        { title: 'x', summary: 'y', visibility: 'public' },
      )
      .then(
        () => undefined,
        (e: unknown) => e as { kind?: string; cause?: { code?: number } },
      );
    expect(error?.kind).toBe('message_gone');
    expect(error?.cause?.code).toBe(10008);
  });
});
