/**
 * `/quiz host` on Discord: the real discord.js client against the fake Discord. The host's
 * panel arrives privately; its buttons are refused for another member; a member's changed
 * answer is confirmed privately; the host's reveal edits the question in the channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { Cooldown } from '../../src/runtime/index.js';
import { answerAction, hostAction } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import { bodyOf, IDS, startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.js';
import { FakeClock, servicesFrom } from '../quiz/fakes.js';

let fake: FakeDiscord;
let bot: DiscordBot;
let store: Store;
let engine: QuizEngine;
let dir: string;
const uid = (n: number) => `16${String(n).padStart(17, '0')}`;
const [ada, ben] = [uid(1), uid(2)];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'discord-host-'));
  fake = await startFakeDiscord();
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: servicesFrom(() => ({ quiz: engine })),
  });
  store = await openStore(join(dir, 'quiz.sqlite'));
  const clock = new FakeClock();
  engine = new QuizEngine({
    store,
    messengers: { discord: bot.messenger },
    ...clock.deps,
    newRoundId: () => 'host1',
  });
});
afterAll(async () => {
  engine?.close();
  await store?.close();
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (id: string) =>
  fake.calls
    .filter((c) => c.path.includes(fake.interactions.get(id)?.token ?? '-'))
    .map((c) => JSON.stringify(c.body ?? ''))
    .join('\n');
const settled = (id: string, pattern: RegExp) =>
  fake.waitFor(() => pattern.test(text(id)), 10_000, `a reply to ${id} matching ${pattern}`);

describe('/quiz host on Discord', () => {
  test('panel for the host only; answers change until the reveal', async () => {
    const start = fake.command(
      'quiz',
      { action: 'host', count: 2, source: 'bank' },
      { userId: ada },
    );
    await settled(start, /Host panel/);
    expect(text(start)).toContain(hostAction.encode({ session: 'host1', control: 'reveal' }));
    const question = fake.channelMessages(IDS.channel).at(-1)!;
    expect(JSON.stringify(question)).toContain('your last answer counts');

    const refused = fake.click(
      hostAction.encode({ session: 'host1', control: 'reveal' }),
      question.id,
      ben,
    );
    await settled(refused, /Not allowed/);

    const correct = (await engine.repo.getQuestion('host1', 0))!.correct;
    const first = fake.click(
      answerAction.encode({ session: 'host1', step: 0, choice: (correct + 1) % 4 }),
      question.id,
      ben,
    );
    await settled(first, /last answer counts/);
    const second = fake.click(
      answerAction.encode({ session: 'host1', step: 0, choice: correct }),
      question.id,
      ben,
    );
    await settled(second, /\(was [A-D]\)/);

    const reveal = fake.click(
      hostAction.encode({ session: 'host1', control: 'reveal' }),
      question.id,
      ada,
    );
    await settled(reveal, /Question 1 revealed/);
    await engine.idle();
    const edit = await fake.waitFor(
      (c) => c.method === 'PATCH' && c.path.endsWith(`/messages/${question.id}`),
      10_000,
      'the reveal edit',
    );
    expect(JSON.stringify(bodyOf(edit))).toMatch(/Right \(1\/1\)/);
  });
});
