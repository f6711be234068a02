/**
 * /privacy and /privacy export carry the study preference (through the playground, a real SQLite file).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKit, type Kit } from './playground-kit.js';

let kit: Kit;
beforeEach(async () => {
  kit = await startKit();
});
afterEach(async () => kit?.close());

describe('privacy', () => {
  it('/privacy export includes the study preference', async () => {
    await kit.say('dee', '/flashcards quizcards:off');
    const exported = await kit.say('dee', '/privacy export');
    expect(exported.text).toContain('"quiz_cards": 0');
    const summary = await kit.say('dee', '/privacy');
    expect(summary.text).toContain('Study preference: quiz cards: off');
  });
});
