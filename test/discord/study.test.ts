/**
 * The question of the day and "drill your misses" on Discord: the real discord.js Client
 * against the fake Discord, engines built as the running bot builds them (buildEngines) over
 * a real SQLite file, an injectable clock.
 * - /daily: refused for a student; a TA starts it; the question is posted at its time in the
 *   channel, a member's answer is confirmed privately, and the next day's post puts the
 *   results on the previous day's message.
 * - A member who misses a quiz question finds it in /flashcards review, marked as from quizzes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { dailyAnswerAction } from '../../src/daily/actions.js';
import { quizCardId } from '../../src/flashcards/from-quiz.js';
import { answerAction } from '../../src/quiz/actions.js';
import type { Question } from '../../src/quiz/question.js';
import { Cooldown } from '../../src/runtime/index.js';
import { buildEngines, servicesOf, type Engines } from '../../src/services.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import { bodyOf, IDS, startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';
import { FakeClock } from '../quiz/fakes.js';

const TA = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ManageGuild;
const uid = (n: number) => `17${String(n).padStart(17, '0')}`;
const [ada, ben] = [uid(1), uid(2)];
const HOUR = 3_600_000;

let dir: string;
let fake: FakeDiscord;
let bot: DiscordBot;
let store: Store;
let clock: FakeClock;
let engines: Engines | undefined;
let rounds = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'discord-study-'));
  fake = await startFakeDiscord();
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: {
      ...servicesOf({}),
      quiz: async () => engines?.quiz,
      flashcards: async () => engines?.flashcards,
      settings: async () => engines?.settings,
    },
  });
  store = await openStore(join(dir, 'bot.sqlite'));
  // Wednesday 7 January 2026, 12:00 UTC.
  clock = new FakeClock(Date.UTC(2026, 0, 7, 12));
  engines = buildEngines(store, {
    messengers: { discord: bot.messenger },
    ...clock.deps,
    newRoundId: () => `r${++rounds}`,
    newDailyId: () => 'day1',
  });
});
afterAll(async () => {
  engines?.quiz.close();
  engines?.flashcards?.close();
  await store?.close();
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const advance = (ms: number) => clock.advance(ms, () => engines!.quiz.idle());
/** Everything sent through an interaction's token (its replies and edits), as text. */
const said = (id: string) =>
  fake.calls
    .filter((c) => c.path.includes(fake.interactions.get(id)?.token ?? '-'))
    .map((c) => JSON.stringify(c.body ?? ''))
    .join('\n');
const settled = (id: string, pattern: RegExp) =>
  fake.waitFor(() => pattern.test(said(id)), 10_000, `a reply to ${id} matching ${pattern}`);
const posts = (pattern: RegExp) =>
  fake.channelMessages(IDS.channel).filter((m) => pattern.test(JSON.stringify(m)));

describe('study modes on Discord', () => {
  it('/daily: TAs only; posted at its time; results on the previous day when the next comes', async () => {
    const refused = fake.command('daily', { action: 'start', time: '13:00' }, { userId: ben });
    await settled(refused, /Only course staff/);

    const start = fake.command(
      'daily',
      { action: 'start', time: '13:00', timezone: 'UTC', source: 'bank' },
      { userId: ada, memberPermissions: TA },
    );
    await fake.waitFor(
      () => posts(/A question every day at 13:00 \(UTC\); the first one today at 13:00/).length > 0,
      10_000,
      'the announcement',
    );
    expect(said(start)).not.toMatch(/error/i);
    expect(posts(/Question of the day ·/)).toHaveLength(0);

    await advance(HOUR);
    await fake.waitFor(() => posts(/Question of the day ·/).length === 1, 10_000, 'day 1');
    const day1 = posts(/Question of the day ·/)[0]!;
    const answer = fake.click(
      dailyAnswerAction.encode({ session: 'day1', step: 1, choice: 2 }),
      day1.id,
      ben,
    );
    await settled(answer, /Answer saved/);

    await advance(24 * HOUR);
    await fake.waitFor(() => posts(/Question of the day ·/).length === 2, 10_000, 'day 2');
    const edit = await fake.waitFor(
      (c) =>
        c.method === 'PATCH' &&
        c.path.endsWith(`/messages/${day1.id}`) &&
        /answer: [A-D]/.test(JSON.stringify(bodyOf(c))),
      10_000,
      "the results on day 1's message",
    );
    // Ben chose C: right or wrong by the key stored with day 1's question.
    const step = await store.db
      .selectFrom('session_steps')
      .select('payload')
      .where('session_id', '=', 'day1')
      .where('idx', '=', 1)
      .executeTakeFirstOrThrow();
    const { correct } = (JSON.parse(step.payload) as { q: { correct: number } }).q;
    const shown = JSON.stringify(bodyOf(edit));
    expect(shown).toContain(`answer: ${'ABCD'[correct]}`);
    expect(shown).toContain(correct === 2 ? 'Right (1/1)' : 'Right (0/1)');
    const stop = fake.command('daily', { action: 'stop' }, { userId: ada, memberPermissions: TA });
    await settled(stop, /Stopped/);
  });

  it('a missed quiz question comes back in /flashcards review, marked as from quizzes', async () => {
    const start = fake.command('quiz', { count: 1, seconds: 10, source: 'bank' }, { userId: ada });
    await settled(start, /Quiz started|started/i);
    const id = `r${rounds}`;
    const row = (await engines!.quiz.repo.getQuestion(id, 0))!;
    const question = fake.channelMessages(IDS.channel).at(-1)!;
    const miss = fake.click(
      answerAction.encode({ session: id, step: 0, choice: (row.correct + 1) % 4 }),
      question.id,
      ben,
    );
    await settled(miss, /You answered/);
    await advance(10_000); // the reveal grades the miss Again in ben's schedule
    const card = quizCardId(JSON.parse(row.payload) as Question);
    const state = await store.db
      .selectFrom('flashcard_states')
      .selectAll()
      .where('user_id', '=', ben)
      .where('card_id', '=', card)
      .executeTakeFirst();
    expect(state).toBeDefined();

    await advance(60_000); // FSRS's first learning step: due again a minute later
    const review = fake.command('flashcards', { action: 'review' }, { userId: ben });
    await settled(review, /From your quizzes: a question you missed/);
    const prompt = (JSON.parse(row.payload) as Question).prompt.slice(0, 30);
    expect(said(review)).toContain(JSON.stringify(prompt).slice(1, -1));
  });
});
