/**
 * Rounds in a thread on Discord (issue 17): the real discord.js client against the fake
 * Discord, the real /quiz command and QuizEngine over a SQLite file. `thread:true` (or the
 * server's `threads` setting) posts the round's first message in the channel, starts a public
 * thread from it, and puts every question, reveal and the summary in the thread; without the
 * thread permissions the channel is told which one is missing and the round plays there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { fixedSettings } from '../../src/games/session-settings.js';
import { decodeQuizClick } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { Cooldown } from '../../src/runtime/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import {
  bodyOf,
  IDS,
  payloads,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import type { MessageJSON } from '../fakes/discord/limits.js';
import { quizId } from '../games/buttons.js';
import { FakeClock, servicesFrom } from '../quiz/fakes.js';

let fake: FakeDiscord;
let bot: DiscordBot;
let store: Store;
let engine: QuizEngine;
let clock: FakeClock;
let dir: string;
/** The server's `threads` setting, as the settings service would answer it. */
let serverThreads = false;

const CHANNEL = `/channels/${IDS.channel}/messages`;
const uid = (n: number) => `16${String(n).padStart(17, '0')}`;
const STARTER = uid(1);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'discord-threads-'));
  fake = await startFakeDiscord();
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: servicesFrom(() => ({ quiz: engine })),
  });
  store = await openStore(join(dir, 'threads.sqlite'));
  clock = new FakeClock();
  engine = new QuizEngine({
    store,
    messengers: { discord: bot.messenger },
    ...clock.deps,
    sessionSettings: {
      forServer: () => fixedSettings({ pauseSeconds: 0, threads: serverThreads }).forServer('', ''),
    },
  });
});

afterEach(async () => {
  fake.denied = 0n;
  serverThreads = false;
  // Free the channel for the next test.
  const running = await engine.repo.runningInChannel('discord', IDS.channel);
  if (running) {
    await engine.rounds.stop(running, {
      platform: 'discord',
      user: { id: running.starter_id, name: running.starter_name },
      channel: { id: IDS.channel },
      server: { id: IDS.guild },
    });
    await engine.idle();
  }
});

afterAll(async () => {
  engine?.close();
  await store?.close();
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Embed = { title?: string; description?: string };
const embedsOf = (call: RecordedCall) => (bodyOf(call).embeds ?? []) as Embed[];
const shown = (call: RecordedCall) => JSON.stringify(call.body);
const buttonIds = (call: RecordedCall): string[] =>
  ((bodyOf(call).components ?? []) as NonNullable<MessageJSON['components']>).flatMap((row) =>
    row.components.map((b) => b.custom_id ?? ''),
  );
const since = (mark: number) => fake.calls.slice(mark);
const advance = (ms: number) => clock.advance(ms, () => engine.idle());

/** `/quiz …` as STARTER (in `channelId`), resolved with the private answer once it is in. */
async function quiz(
  options: Record<string, payloads.OptionValue>,
  channelId?: string,
): Promise<string> {
  const id = fake.command('quiz', options, {
    userId: STARTER,
    ...(channelId ? { channelId } : {}),
  });
  const token = fake.interactions.get(id)!.token;
  const answer = await fake.waitFor(
    (c) => c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`),
    10_000,
    `the answer to /quiz ${JSON.stringify(options)}`,
  );
  await engine.idle();
  return shown(answer);
}

/** The question `idx` as posted (in `channelId`'s messages), with its round. */
function question(mark: number, idx: number) {
  const call = since(mark).find(
    (c) =>
      c.method === 'POST' &&
      c.status === 200 &&
      buttonIds(c).some((b) => {
        const click = decodeQuizClick(b);
        return click?.what === 'answer' && click.step === idx;
      }),
  );
  if (!call) return undefined;
  const roundId = decodeQuizClick(buttonIds(call)[0]!)!.session;
  return { call, roundId, messageId: (call.response as { id: string }).id };
}

const threadStarts = (mark: number) =>
  since(mark).filter((c) => c.method === 'POST' && c.path.endsWith('/threads'));

describe('Discord: a round in a thread', () => {
  test('thread:true: the first message in the channel, a named thread from it, every question, reveal and the summary inside', async () => {
    const mark = fake.calls.length;
    await quiz({ count: 2, seconds: 10, thread: true, topic: 'compute-optimal' });

    const [start] = threadStarts(mark);
    expect(start?.status).toBe(200);
    expect(bodyOf(start!)).toEqual({
      name: 'Quiz · compute optimal · 2 questions',
      auto_archive_duration: 1440,
    });
    // Started from the opener, which is in the channel itself and names the thread.
    const opener = since(mark).find((c) => c.method === 'POST' && c.path === CHANNEL)!;
    expect(start!.path).toBe(`${CHANNEL}/${(opener.response as { id: string }).id}/threads`);
    expect(embedsOf(opener)[0]?.title).toContain('Quiz · compute optimal · 2 questions');
    const threadId = (start!.response as { id: string }).id;
    const IN_THREAD = `/channels/${threadId}/messages`;

    const q1 = question(mark, 0)!;
    expect(q1.call.path).toBe(IN_THREAD);
    // A member answers in the thread: the click comes from the thread's channel and counts.
    const click = fake.click(quizId(q1.roundId, 0, 0), q1.messageId, uid(2));
    const token = fake.interactions.get(click)!.token;
    const answered = await fake.waitFor(
      (c) => c.path.includes(token) && /You answered/.test(shown(c)),
      10_000,
      'the answer to a click in the thread',
    );
    expect(shown(answered)).not.toContain('another channel');

    await advance(10_000); // reveal 1, ask 2
    const reveal = since(mark).find(
      (c) => c.method === 'PATCH' && c.path === `${IN_THREAD}/${q1.messageId}`,
    );
    expect(reveal?.status).toBe(200);
    expect(question(mark, 1)?.call.path).toBe(IN_THREAD);

    await advance(10_000); // reveal 2, the summary
    const summary = since(mark).find(
      (c) =>
        c.method === 'POST' && /Round over|final|Scores/i.test(shown(c)) && !buttonIds(c).length,
    );
    expect(summary?.path).toBe(IN_THREAD);
    // The channel itself got the opener only.
    expect(since(mark).filter((c) => c.method === 'POST' && c.path === CHANNEL)).toHaveLength(1);
    expect(
      await store.db
        .selectFrom('sessions')
        .select('thread_id')
        .where('id', '=', q1.roundId)
        .executeTakeFirst(),
    ).toEqual({ thread_id: threadId });
  });

  test('a question whose ref was lost (a crash between posting and saving it): the click in the thread restores it, and the reveal edits the thread message', async () => {
    const mark = fake.calls.length;
    await quiz({ count: 1, seconds: 10, thread: true });
    const threadId = (threadStarts(mark)[0]!.response as { id: string }).id;
    const q1 = question(mark, 0)!;
    const lost = { message_platform: null, message_channel: null, message_id: null };
    await store.db
      .updateTable('session_steps')
      .set(lost)
      .where('session_id', '=', q1.roundId)
      .where('idx', '=', 0)
      .execute();
    const click = fake.click(quizId(q1.roundId, 0, 0), q1.messageId, uid(3));
    const token = fake.interactions.get(click)!.token;
    await fake.waitFor(
      (c) => c.path.includes(token) && /You answered/.test(shown(c)),
      10_000,
      'the answer to a click in the thread',
    );
    const step = await store.db
      .selectFrom('session_steps')
      .select(['message_channel', 'message_id'])
      .where('session_id', '=', q1.roundId)
      .where('idx', '=', 0)
      .executeTakeFirst();
    expect(step).toEqual({ message_channel: threadId, message_id: q1.messageId });
    await advance(10_000); // the reveal: an edit of the question, in the thread
    const reveal = since(mark).find(
      (c) => c.method === 'PATCH' && c.path.endsWith(`/messages/${q1.messageId}`),
    );
    expect(reveal?.path).toBe(`/channels/${threadId}/messages/${q1.messageId}`);
    expect(reveal?.status).toBe(200);
  });

  test('inside the thread, /quiz finds the round running and /quiz stop ends it', async () => {
    const mark = fake.calls.length;
    await quiz({ count: 3, seconds: 10, thread: true });
    const threadId = (threadStarts(mark)[0]!.response as { id: string }).id;
    expect(await quiz({}, threadId)).toContain('already running');
    expect(threadStarts(mark)).toHaveLength(1);
    expect(await quiz({ action: 'stop' }, threadId)).toContain('Quiz stopped');
    expect(await engine.repo.runningInChannel('discord', IDS.channel)).toBeUndefined();
    const summary = since(mark)
      .filter((c) => c.method === 'POST' && c.status === 200)
      .pop()!;
    expect(summary.path).toBe(`/channels/${threadId}/messages`);
  });

  test('the server setting is the default, and thread:false overrides it', async () => {
    serverThreads = true;
    let mark = fake.calls.length;
    await quiz({ count: 1, seconds: 10 });
    expect(threadStarts(mark)).toHaveLength(1);
    expect(question(mark, 0)?.call.path).not.toBe(CHANNEL);
    await advance(10_000);

    mark = fake.calls.length;
    await quiz({ count: 1, seconds: 10, thread: false });
    expect(threadStarts(mark)).toHaveLength(0);
    expect(question(mark, 0)?.call.path).toBe(CHANNEL);
    await advance(10_000);

    serverThreads = false;
    mark = fake.calls.length;
    await quiz({ count: 1, seconds: 10 });
    expect(threadStarts(mark)).toHaveLength(0);
    expect(question(mark, 0)?.call.path).toBe(CHANNEL);
  });

  test('without Create Public Threads: the channel is told which permission, and the round plays there', async () => {
    fake.denied = PermissionFlagsBits.CreatePublicThreads;
    const mark = fake.calls.length;
    await quiz({ count: 1, seconds: 10, thread: true });
    expect(threadStarts(mark).map((c) => c.status)).toEqual([403]);
    const notice = since(mark).find(
      (c) => c.method === 'POST' && c.path === CHANNEL && /instead of in a thread/.test(shown(c)),
    );
    expect(notice && shown(notice)).toContain('Create Public Threads');
    expect(question(mark, 0)?.call.path).toBe(CHANNEL);
    await advance(10_000);
    const summary = since(mark)
      .filter((c) => c.method === 'POST' && c.status === 200)
      .pop()!;
    expect(summary.path).toBe(CHANNEL);
  });

  test('without Send Messages in Threads: the thread opens but the questions fall back to the channel, saying why', async () => {
    fake.denied = PermissionFlagsBits.SendMessagesInThreads;
    const mark = fake.calls.length;
    await quiz({ count: 1, seconds: 10, thread: true });
    expect(threadStarts(mark).map((c) => c.status)).toEqual([200]);
    const notice = since(mark).find(
      (c) => c.method === 'POST' && c.path === CHANNEL && /instead of in a thread/.test(shown(c)),
    );
    expect(notice && shown(notice)).toContain('Send Messages in Threads');
    const q1 = question(mark, 0)!;
    expect(q1.call.path).toBe(CHANNEL);
    // Kept: after the fallback the session is the channel's, also for its summary.
    await advance(10_000);
    const posts = since(mark).filter((c) => c.method === 'POST' && c.status === 200);
    expect(posts.pop()!.path).toBe(CHANNEL);
  });
});
