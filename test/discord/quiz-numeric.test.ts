/**
 * A numeric course question on Discord, end to end: the real discord.js client against the
 * fake Discord. "Answer with a number" is answered with a MODAL callback (type 9, not
 * deferred first); the modal's submission (a type 5 interaction) is acknowledged privately
 * with what was stored, or with what was wrong; the reveal shows the value and tolerance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DiscordBot } from '../../src/adapters/discord/index.js';
import { CourseLibrary } from '../../src/course/library.js';
import { Cooldown } from '../../src/runtime/index.js';
import { NUMBER_FIELD, numberAction } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { EXAMPLE } from '../../src/quiz/numeric.js';
import { readAnswerNumber } from '../../src/scaling/quantity.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startBot } from '../fakes/discord/bot.js';
import {
  bodyOf,
  EPHEMERAL,
  IDS,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedCall,
} from '../fakes/discord/index.js';
import { FakeClock, servicesFrom } from '../quiz/fakes.js';
import { replies } from './replies.js';

let fake: FakeDiscord;
let bot: DiscordBot;
let store: Store;
let engine: QuizEngine;
let clock: FakeClock;
let dir: string;

const VALUE = 1.94;
const TOLERANCE = 0.02;
const CSV = [
  'id,type,prompt,choices,answer,tolerance,explanation,topic,difficulty,source',
  `irreducible,numeric,"In the Chinchilla fit, what is the irreducible loss E, in nats?",,${VALUE},${TOLERANCE},"The fitted constant term.",losses,medium,Hoffmann et al. 2022`,
].join('\n');
const uid = (n: number) => `17${String(n).padStart(17, '0')}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'discord-numeric-'));
  fake = await startFakeDiscord();
  bot = await startBot(fake, {
    cooldown: new Cooldown({ limit: 1000, windowMs: 1000 }),
    services: servicesFrom(() => ({ quiz: engine })),
  });
  store = await openStore(join(dir, 'quiz.sqlite'));
  clock = new FakeClock();
  engine = new QuizEngine({
    store,
    messengers: { discord: bot.messenger },
    ...clock.deps,
  });
  const imported = await new CourseLibrary(store.db).importFile(
    { platform: 'discord', serverId: IDS.guild },
    { content: Buffer.from(CSV), name: 'losses', by: 'ta' },
  );
  expect(imported.ok).toBe(true);
});

afterAll(async () => {
  engine?.close();
  await store?.close();
  await bot?.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const { tokenOf, callbackOf } = replies(() => fake);
const buttons = (call: RecordedCall) =>
  ((bodyOf(call).components ?? []) as { components: { custom_id?: string; label?: string }[] }[])
    .flatMap((row) => row.components)
    .filter((b) => b.custom_id);

describe('numeric questions on Discord', () => {
  test('the button opens a modal; its submission is stored and acknowledged privately', async () => {
    const started = fake.command(
      'quiz',
      { source: 'course', count: 1, seconds: 30 },
      {
        userId: uid(1),
      },
    );
    await callbackOf(started);
    const posted = await fake.waitFor(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${IDS.channel}/messages` &&
        c.status === 200 &&
        buttons(c).some((b) => numberAction.decode(b.custom_id!)),
      10_000,
      'the numeric question',
    );
    const messageId = (posted.response as { id: string }).id;
    expect(JSON.stringify(posted.body)).toContain('irreducible loss E');
    const button = buttons(posted).find((b) => numberAction.decode(b.custom_id!))!;
    expect(button.label).toBe('Answer with a number');
    const at = numberAction.decode(button.custom_id!)!;

    // The click is answered with the modal itself (type 9), within Discord's 3 s.
    const click = fake.click(button.custom_id!, messageId, uid(2));
    const opened = await callbackOf(click);
    expect(bodyOf(opened).type).toBe(9);
    expect(fake.firstResponseMs(click)).toBeLessThan(3000);
    const modal = fake.modalOf(click)!;
    expect(modal.title).toBe('Answer with a number');
    expect(modal.inputs).toEqual([
      expect.objectContaining({
        customId: NUMBER_FIELD,
        style: 1,
        placeholder: expect.any(String),
      }),
    ]);

    // A number within the tolerance: stored with its value, acknowledged privately.
    const typed = '1.955';
    const submit = fake.submitModal(click, { [NUMBER_FIELD]: typed }, uid(2));
    const ack = await callbackOf(submit);
    expect(bodyOf(ack).type).toBe(4);
    expect((bodyOf(ack).data as { flags?: number }).flags).toBe(EPHEMERAL);
    expect(JSON.stringify(ack.body)).toContain(`You answered ${typed}`);
    const mine = await engine.repo.getAnswer(at.session, at.step, uid(2));
    expect(mine?.value).toBe(readAnswerNumber(typed));
    expect(mine?.correct).toBe(Math.abs(readAnswerNumber(typed)! - VALUE) <= TOLERANCE ? 1 : 0);

    // Unreadable text: a private reply quoting it, with an example; nothing stored.
    const other = fake.click(button.custom_id!, messageId, uid(3));
    await callbackOf(other);
    const bad = fake.submitModal(other, { [NUMBER_FIELD]: 'about two' }, uid(3));
    const refusal = await callbackOf(bad);
    expect(bodyOf(refusal).type).toBe(4);
    expect((bodyOf(refusal).data as { flags?: number }).flags).toBe(EPHEMERAL);
    expect(JSON.stringify(refusal.body)).toContain('received \\"about two\\"');
    expect(JSON.stringify(refusal.body)).toContain(EXAMPLE);
    expect(await engine.repo.getAnswer(at.session, at.step, uid(3))).toBeUndefined();

    // The reveal edits the question: the value, the tolerance and how many were within it.
    const mark = fake.calls.length;
    await clock.advance(31_000, () => engine.idle());
    const edit = await fake.waitFor(
      (c) =>
        fake.calls.indexOf(c) >= mark &&
        c.method === 'PATCH' &&
        c.path === `/channels/${IDS.channel}/messages/${messageId}` &&
        JSON.stringify(c.body).includes('answer: 1.94'),
      10_000,
      'the reveal',
    );
    expect(JSON.stringify(edit.body)).toContain('1.94 (± 0.02)');
    expect(JSON.stringify(edit.body)).toContain('1 of 1 typed a number within ± 0.02');
  });

  test('solo practice: the submission updates the private question in place (type 7)', async () => {
    const started = fake.command(
      'quiz',
      { action: 'solo', source: 'course', count: 1 },
      {
        userId: uid(4),
      },
    );
    await callbackOf(started);
    const answer = await fake.waitFor(
      (c) =>
        c.path.includes(`/${tokenOf(started)}/messages/@original`) &&
        c.method === 'PATCH' &&
        buttons(c).some((b) => numberAction.decode(b.custom_id!)),
      10_000,
      'the private question',
    );
    const messageId = fake.originalOf(started)!;
    const button = buttons(answer).find((b) => numberAction.decode(b.custom_id!))!;
    const click = fake.click(button.custom_id!, messageId, uid(4));
    expect(bodyOf(await callbackOf(click)).type).toBe(9);
    const typed = '1.5';
    const submit = fake.submitModal(click, { [NUMBER_FIELD]: typed }, uid(4));
    const updated = await callbackOf(submit);
    expect(bodyOf(updated).type).toBe(7);
    const verdict =
      Math.abs(readAnswerNumber(typed)! - VALUE) <= TOLERANCE ? '✅ Right!' : '❌ You typed 1.5';
    expect(JSON.stringify(updated.body)).toContain(verdict);
    expect(JSON.stringify(fake.messages.get(messageId))).toContain(verdict);
  });
});
