/**
 * /settings through the playground over a real SQLite file: a TA (Ada) changes settings, a
 * student (Ben) is refused, bad values are refused with their range, the TA list makes Ben
 * staff, and the commands follow the settings (quiz defaults, who may start).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKit, type Kit } from './playground-kit.js';

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(async () => kit?.close());

const settings = () => kit.engines.settings.get('playground', 'playground');

describe('/settings in the playground', () => {
  it('shows every setting with its default to anyone', async () => {
    const shown = await kit.say('ben', '/settings');
    expect(shown.title).toBe('Server settings');
    expect(shown.text).toContain('pauseSeconds: 5 s (default)');
    expect(shown.text).toContain('leaderboard: named (default)');
    expect(shown.text).toContain('Only TAs can change these.');
  });

  it('refuses a student and keeps the value', async () => {
    const shown = await kit.say('ben', '/settings set quizQuestions 10');
    expect(shown.title).toBe('TAs only');
    expect(shown.text).toMatch(/only TAs can change settings/i);
    expect((await settings()).quizQuestions).toBe(5);
  });

  it('lets the TA change a setting, shown as changed with its default', async () => {
    const shown = await kit.say('ada', '/settings set quizQuestions 3');
    expect(shown.text).toContain('quizQuestions is now 3');
    expect((await settings()).quizQuestions).toBe(3);
    const table = await kit.say('ben', '/settings');
    expect(table.text).toContain('quizQuestions: 3 (changed; default 5)');
  });

  it('refuses a bad value with the allowed range and what was given', async () => {
    const shown = await kit.say('ada', '/settings set pauseSeconds 90');
    expect(shown.title).toBe('Not a valid value');
    expect(shown.text).toContain('pauseSeconds must be a whole number from 0 to 60 s; got "90"');
    const mode = await kit.say('ada', '/settings set leaderboard secret');
    expect(mode.text).toContain(
      'leaderboard must be one of named, opt-in, anonymous; got "secret"',
    );
    expect((await settings()).pauseSeconds).toBe(5);
  });

  it('the quiz starts with the server default count', async () => {
    await kit.say('ada', '/quiz seconds:10');
    const round = await kit.engines.quiz.repo.runningInChannel('playground', 'playground');
    expect(round?.count).toBe(3);
    await kit.say('ada', '/quiz stop');
  });

  it('TAs only: a student cannot start a round until put on the TA list', async () => {
    await kit.say('ada', '/settings set starters tas');
    const refused = await kit.say('ben', '/quiz');
    expect(refused.title).toBe('TAs only');
    expect(
      await kit.engines.quiz.repo.runningInChannel('playground', 'playground'),
    ).toBeUndefined();
    const drill = await kit.say('ben', '/flashcards');
    expect(drill.title).toBe('TAs only');

    await kit.say('ada', '/settings set taUsers ben');
    expect((await settings()).taUsers).toEqual(['ben']);
    const changed = await kit.say('ben', '/settings set threads on');
    expect(changed.text).toContain('threads is now on');
    await kit.say('ben', '/settings reset starters');
    expect((await settings()).starters).toBe('everyone');
  });

  it('migrated the flashcards retention into the same settings', async () => {
    await kit.say('ada', '/settings set retention 0.85');
    expect(await kit.engines.flashcards!.retentionFor('playground', 'playground')).toBe(0.85);
    const range = await kit.say('ada', '/settings set retention 0.99');
    expect(range.text).toContain('retention must be a number from 0.7 to 0.97');
  });

  it('the chart cooldown follows the server setting', async () => {
    await kit.say('ada', '/settings set chartUses 2');
    await kit.say('chen', '/optimal 6e22');
    await kit.say('chen', '/optimal 6e22');
    const third = await kit.say('chen', '/optimal 6e22');
    expect(third.title).toBe('One moment');
    expect(third.text).toContain('allow 2 uses per person every 30 s');
  });

  it('answers use the server default fit when none is named', async () => {
    const before = await kit.say('dee', '/loss 7B 1T');
    expect(before.text).toMatch(/Epoch AI 2024/);
    await kit.say('ada', '/settings set defaultFit kaplan2020');
    const after = await kit.say('dee', '/loss 7B 1T');
    expect(after.text).toMatch(/Kaplan/);
    expect(after.text).not.toMatch(/Epoch AI 2024/);
  });
});
