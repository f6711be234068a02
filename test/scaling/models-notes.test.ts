/** The /models notes state the same ratios the quiz and the cards do, computed from the models. */
import { describe, expect, it } from 'vitest';
import { findModel } from '../../src/scaling/models.js';

describe('model notes', () => {
  it('gives Chinchilla against Gopher as 4× fewer parameters and 4.7× more data', () => {
    const chinchilla = findModel('chinchilla')!;
    const gopher = findModel('gopher')!;
    const fewer = gopher.params / chinchilla.params;
    const more = chinchilla.tokens / gopher.tokens;
    expect(chinchilla.note).toContain(`${fewer}× fewer parameters`);
    expect(chinchilla.note).toContain(`${more.toFixed(1)}× more data`);
    expect(chinchilla.note).toMatch(/§4\.1/);
  });
});
