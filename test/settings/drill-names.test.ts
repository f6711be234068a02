/**
 * Names in public drill messages follow the leaderboard mode (anonymous: nobody is named), and
 * /privacy and /privacy export carry the study preference. Through the playground, a real
 * SQLite file and a fake clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradeAction, revealAction } from '../../src/flashcards/actions.js';
import { startKit, type Kit } from './playground-kit.js';

let kit: Kit;
beforeEach(async () => {
  kit = await startKit();
});
afterEach(async () => kit?.close());

/** Ben starts a one-card drill, reveals it, Chen grades it, and the card's time runs out. */
async function gradedCard(): Promise<string> {
  await kit.say('ben', '/flashcards count:1 seconds:10');
  const cards = kit.engines.flashcards!;
  const drill = (await cards.repo.runningInChannel('playground', 'playground'))!;
  const card = (await cards.repo.getCard(drill.id, 0))!;
  await kit.click('ben', revealAction.encode({ session: drill.id, step: 0 }), card.message_id!);
  await kit.click(
    'chen',
    gradeAction.encode({ session: drill.id, step: 0, grade: 'good' }),
    card.message_id!,
  );
  await kit.clock.advance(120_000, () => cards.idle());
  return (await kit.message('ada', card.message_id!))!.text;
}

describe('drill names follow the leaderboard mode', () => {
  it('named: the finished card lists who graded it', async () => {
    expect(await gradedCard()).toContain('Chen');
  });

  it('anonymous: the finished card names nobody', async () => {
    await kit.say('ada', '/settings set leaderboard anonymous');
    const text = await gradedCard();
    expect(text).toMatch(/Graded \(1\)/);
    expect(text).not.toContain('Chen');
  });
});

describe('privacy', () => {
  it('/privacy export includes the study preference', async () => {
    await kit.say('dee', '/flashcards quizcards:off');
    const exported = await kit.say('dee', '/privacy export');
    expect(exported.text).toContain('"quiz_cards": 0');
    const summary = await kit.say('dee', '/privacy');
    expect(summary.text).toContain('Study preference: quiz cards: off');
  });
});
