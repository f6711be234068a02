/**
 * A board in each leaderboard mode, through the playground: named (with a member who hid and
 * one with a nickname), opt-in, and anonymous with the staff-only reveal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAction, boardRevealAction } from '../../src/quiz/actions.js';
import { startKit, type Kit } from './playground-kit.js';

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
  // Ranked answers in the playground channel: Chen 30, Ben 20, Dee 10 points.
  const rows = [
    ['chen', 'Chen', 30],
    ['ben', 'Ben', 20],
    ['dee', 'Dee', 10],
  ] as const;
  await kit.engines.store.db
    .insertInto('answers')
    .values(
      rows.map(([id, name, points]) => ({
        round_id: 'r1',
        idx: 0,
        user_id: id,
        user_name: name,
        choice: 0,
        correct: 1,
        answered_at: kit.clock.now(),
        points,
        platform: 'playground',
        server_id: 'playground',
        channel_id: 'playground',
        topic: 'compute-optimal',
        ranked: 1,
      })),
    )
    .execute();
});
afterAll(async () => kit?.close());

const names = (text: string) => [...text.matchAll(/^\d+\. (.+?) — /gm)].map((m) => m[1]);

describe('leaderboard modes', () => {
  it('named: everyone by name; hide removes a member, a nickname renames one', async () => {
    expect(names((await kit.say('ada', '/quiz leaderboard')).text)).toEqual(['Chen', 'Ben', 'Dee']);
    const hid = await kit.say('chen', '/quiz leaderboard hide');
    expect(hid.title).toBe('You are off the leaderboards');
    await kit.say('dee', '/privacy nickname Curious Otter');
    expect(names((await kit.say('ada', '/quiz leaderboard')).text)).toEqual([
      'Ben',
      'Curious Otter',
    ]);
  });

  it('opt-in: only members who chose show', async () => {
    await kit.say('ada', '/settings set leaderboard opt-in');
    expect(names((await kit.say('ada', '/quiz leaderboard')).text)).toEqual([]);
    await kit.say('ben', '/quiz leaderboard show');
    await kit.say('chen', '/quiz leaderboard show');
    expect(names((await kit.say('ada', '/quiz leaderboard')).text)).toEqual(['Chen', 'Ben']);
  });

  it('anonymous: Member N for everyone; staff reveal privately, students cannot', async () => {
    await kit.say('ada', '/settings set leaderboard anonymous');
    await kit.say('chen', '/quiz leaderboard hide');
    const board = await kit.say('ben', '/quiz leaderboard');
    expect(names(board.text)).toEqual(['Member 1', 'Member 2']);
    expect(board.text).not.toMatch(/Ben|Otter|Dee/);
    const reveal = board.actions.find((a) => boardRevealAction.decode(a));
    expect(reveal).toBeDefined();

    const refused = await kit.click('ben', reveal!, board.id);
    expect(refused?.title).toBe('Staff only');

    const adaBoard = await kit.say('ada', '/quiz leaderboard');
    const revealed = await kit.click('ada', reveal!, adaBoard.id);
    expect(names(revealed!.text)).toEqual(['Ben', 'Curious Otter']);
  });

  it('anonymous: a public reveal names nobody', async () => {
    await kit.say('ada', '/quiz count:1 seconds:10');
    const round = (await kit.engines.quiz.repo.runningInChannel('playground', 'playground'))!;
    const question = (await kit.engines.quiz.repo.getQuestion(round.id, 0))!;
    await kit.click(
      'ben',
      answerAction.encode({ session: round.id, step: 0, choice: question.correct }),
      question.message_id!,
    );
    await kit.clock.advance(11_000, () => kit.engines.quiz.idle());
    const reveal = await kit.message('ada', question.message_id!);
    expect(reveal!.text).toMatch(/Right \(1\/1\): a member \+\d+/);
    expect(reveal!.text).not.toContain('Ben');
  });
});
