import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, findAction, MAX_ACTION_ID } from '../../src/actions.js';

const answer = defineAction(
  'quiz',
  'a',
  {
    round: z.string().regex(/^[0-9a-f]{1,16}$/),
    step: z.number().int().min(0),
    choice: z.number().int().min(0).max(3),
  },
  { storeBeforeAck: true },
);
const board = defineAction('quiz', 'lb', {
  scope: z.enum(['channel', 'server']),
  weekly: z.boolean(),
});

describe('typed action ids', () => {
  it('round-trips every value it accepts', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{1,16}$/),
        fc.nat(500),
        fc.integer({ min: 0, max: 3 }),
        (round, step, choice) => {
          const id = answer.encode({ round, step, choice });
          expect(id.length).toBeLessThanOrEqual(MAX_ACTION_ID);
          expect(answer.decode(id)).toEqual({ round, step, choice });
        },
      ),
    );
    expect(board.decode(board.encode({ scope: 'server', weekly: true }))).toEqual({
      scope: 'server',
      weekly: true,
    });
  });

  it('refuses ids that are not its own or are malformed', () => {
    expect(answer.decode('quiz:a:abc:1')).toBeUndefined(); // a value short
    expect(answer.decode('quiz:a:abc:1:9')).toBeUndefined(); // choice out of range
    expect(answer.decode('quiz:a:abc:x:1')).toBeUndefined(); // not a number
    expect(answer.decode('quiz:lb:abc:1:1')).toBeUndefined(); // another action
    expect(answer.decode('flashcards:a:abc:1:1')).toBeUndefined(); // another command
    expect(board.decode('quiz:lb:planet:1')).toBeUndefined();
  });

  it('will not build an id that is unsafe or too long', () => {
    expect(() => answer.encode({ round: 'a:b', step: 1, choice: 1 })).toThrow();
    const long = defineAction('quiz', 'x', { s: z.string() });
    expect(() => long.encode({ s: 'a'.repeat(120) })).toThrow(/100/);
  });

  it('carries the policy adapters read, found from the id alone', () => {
    const id = answer.encode({ round: 'ab12', step: 0, choice: 2 });
    expect(findAction([answer, board], id)?.policy.storeBeforeAck).toBe(true);
    expect(
      findAction([answer, board], board.encode({ scope: 'channel', weekly: false }))?.policy
        .storeBeforeAck,
    ).toBeUndefined();
  });
});
