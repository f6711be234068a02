import { describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { parseCommandText } from '../../src/runtime/parse-text.js';

const parse = (name: string, text: string) => parseCommandText(findCommand(name)!, text);

describe('free text → options', () => {
  it.each([
    ['optimal', '6e22', { compute: '6e22' }],
    ['optimal', '10000 H100-hours', { compute: '10000 H100-hours' }],
    ['optimal', '6 × 10^22', { compute: '6 × 10^22' }],
    ['optimal', '$2 million gpu:A100', { compute: '$2 million', gpu: 'A100' }],
    ['optimal', '6e22 --fit epoch2024', { compute: '6e22', fit: 'epoch2024' }],
    [
      'optimal',
      '6e22 fit=hoffmann2022 tokens_per_param:25',
      { compute: '6e22', fit: 'hoffmann2022', tokens_per_param: '25' },
    ],
    ['loss', '70B 1.4T', { params: '70B', tokens: '1.4T' }],
    ['loss', '70 billion 1.4 trillion', { params: '70 billion', tokens: '1.4 trillion' }],
    ['loss', '70B params 1.4T tokens', { params: '70B params', tokens: '1.4T tokens' }],
    ['models', 'llama 3 70b', { name: 'llama 3 70b' }],
  ])('/%s %s', (name, text, expected) => {
    expect(parse(name, text)).toEqual({ help: false, options: expected });
  });
  it('help', () => {
    expect(parse('loss', 'help').help).toBe(true);
  });
  it('unknown --flag is an input error naming the options', () => {
    expect(() => parse('loss', '70B 1T --colour red')).toThrow(
      /has no option "colour" \(it has: params, tokens, fit, unique_tokens\)/,
    );
  });
});
