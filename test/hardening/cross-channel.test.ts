/**
 * Action ids carry only a game's id: a click copied into another channel (or workspace, or
 * platform) must not be recorded in that game. Through the real Bolt App over signed HTTP,
 * with the real engines on an in-memory store; the clock is manual so no deadline interferes.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FlashcardEngine } from '../../src/flashcards/engine.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startHarness, type Harness } from '../fakes/slack/harness.js';
import { FakeClock } from '../quiz/fakes.js';
import { decodeQuizClick, stopAction } from '../../src/quiz/actions.js';
import { decodeFlashcardClick, gradeAction } from '../../src/flashcards/actions.js';
import { servicesFrom } from '../quiz/fakes.js';
import { buttonIds, channelReads, text } from '../fakes/slack/reading.js';

let h: Harness;
let store: Store;
let clock: FakeClock;
let quiz: QuizEngine;
let cards: FlashcardEngine;
let seq = 0;

beforeAll(async () => {
  h = await startHarness({
    services: servicesFrom(() => ({ quiz, flashcards: cards })),
    renderChart: () => Promise.reject(new Error('no charts in this test')),
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.fake.reset();
  store = await openStore(':memory:');
  clock = new FakeClock();
  const deps = {
    store,
    messengers: { slack: h.adapter.messenger },
    ...clock.deps,
  };
  quiz = new QuizEngine({ ...deps, newRoundId: () => `x${++seq}` });
  cards = new FlashcardEngine({ ...deps, newDrillId: () => `y${++seq}` });
});
afterEach(async () => {
  await quiz.idle();
  await cards.idle();
  quiz?.close();
  cards?.close();
  await store.close();
});

const { inChannel } = channelReads(() => h.fake);
async function command(name: string, line: string, channel: string, team = 'T0000001') {
  const res = await h.command(name, line, { channel_id: channel, team_id: team });
  expect(res.status).toBe(200);
  return text(await h.fake.waitForResponse(res.rid, 10_000));
}
const firstPost = (channel: string) =>
  h.fake.waitFor(() => inChannel('chat.postMessage', channel)[0], 10_000, 'the post');

/** Click `id` as `user` from `channel`; resolves with the private reply's text. */
async function click(id: string, channel: string, user: string): Promise<string> {
  const res = await h.click(id, '1700000000.000001', { channelId: channel, userId: user });
  expect(res.status).toBe(200);
  const eph = await h.fake.waitFor(
    () =>
      inChannel('chat.postEphemeral', channel)
        .filter((c) => c.body.user === user)
        .at(-1),
    10_000,
    'an ephemeral',
  );
  return text(eph);
}

const REFUSED = /Not this channel’s quiz.*another channel, so nothing was recorded/;

describe('a click carrying another channel’s game id', () => {
  it('quiz: an answer from channel Y with X’s round id is refused, and X records nothing', async () => {
    expect(await command('/quiz', 'count:1 seconds:30', 'CXQ')).toContain('Quiz started');
    const answer = buttonIds(await firstPost('CXQ'))[0]!;
    const roundId = decodeQuizClick(answer)!.session;

    const reply = await click(answer, 'CYQ', 'UINTRUDER');
    expect(reply).toMatch(REFUSED);
    expect(await quiz.repo.getAnswer(roundId, 0, 'UINTRUDER')).toBeUndefined();
    // Reveal and stop from elsewhere are refused too (the starter's own id, wrong channel).
    expect(
      await click(stopAction.encode({ session: roundId, step: 0 }), 'CYQ', 'U0000001'),
    ).toMatch(REFUSED);
    expect((await quiz.repo.getRound(roundId))?.status).toBe('running');

    // In its own channel the same button still works.
    expect(await click(answer, 'CXQ', 'UINTRUDER')).toContain('You answered A');
    expect(await quiz.repo.getAnswer(roundId, 0, 'UINTRUDER')).toBeDefined();
  });

  it('quiz: the same channel id in another workspace (server) is refused', async () => {
    expect(await command('/quiz', 'count:1 seconds:30', 'CSAME', 'T0000002')).toContain(
      'Quiz started',
    );
    const answer = buttonIds(await firstPost('CSAME'))[0]!;
    // The fake's clicks come from workspace T0000001.
    expect(await click(answer, 'CSAME', 'UOTHERTEAM')).toMatch(REFUSED);
    expect(
      await quiz.repo.getAnswer(decodeQuizClick(answer)!.session, 0, 'UOTHERTEAM'),
    ).toBeUndefined();
  });

  it('flashcards: a reveal and a grade from channel Y with X’s drill id are refused', async () => {
    expect(await command('/flashcards', 'count:1', 'CXF')).toContain('drill started');
    const reveal = buttonIds(await firstPost('CXF')).find(
      (b) => decodeFlashcardClick(b)?.what === 'reveal',
    )!;
    const drillId = decodeFlashcardClick(reveal)!.session;
    const refused = /Not this channel’s drill.*another channel, so nothing was recorded/;

    expect(await click(reveal, 'CYF', 'U0000001')).toMatch(refused);
    expect((await cards.repo.getCard(drillId, 0))?.status).toBe('front');
    expect(await click(reveal, 'CXF', 'U0000001')).toContain('Revealed');

    expect(
      await click(
        gradeAction.encode({ session: drillId, step: 0, grade: 'good' }),
        'CYF',
        'UGRADER',
      ),
    ).toMatch(refused);
    expect(await cards.repo.getReview(drillId, 0, 'UGRADER')).toBeUndefined();
    expect(
      await click(
        gradeAction.encode({ session: drillId, step: 0, grade: 'good' }),
        'CXF',
        'UGRADER',
      ),
    ).toContain('Saved: Good');
    expect(await cards.repo.getReview(drillId, 0, 'UGRADER')).toBeDefined();
  });

  it('a click from another platform with a Slack round’s id is refused (engine level)', async () => {
    expect(await command('/quiz', 'count:1 seconds:30', 'CPLAT')).toContain('Quiz started');
    const answer = buttonIds(await firstPost('CPLAT'))[0]!;
    const result = await quiz.onAction({
      platform: 'discord',
      actionId: answer,
      user: { id: 'UPLAT', name: 'plat' },
      channel: { id: 'CPLAT' },
      server: { id: 'T0000001' },
    });
    expect(result.reply?.summary).toMatch(/another channel, so nothing was recorded/);
    expect(await quiz.repo.getAnswer(decodeQuizClick(answer)!.session, 0, 'UPLAT')).toBeUndefined();
  });
});
