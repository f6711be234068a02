import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startChat } from '../../src/adapters/chat/index.js';

describe('terminal chat', () => {
  it('answers commands typed in order, and unknown words kindly', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += String(chunk)));
    const done = startChat(
      input as unknown as NodeJS.ReadStream,
      output as unknown as NodeJS.WriteStream,
    );
    input.end('/loss 70B 1.4T\n/loss banana 1T\nhello\n');
    await done;
    expect(text).toContain('Predicted loss for 70B params on 1.4T tokens');
    expect(text).toContain('not a parameter count I can read (received "banana")');
    // The same answer as the playground's: the commands there are and one that works.
    expect(text).toContain('There is no /hello. Try one of: /optimal, /loss');
    expect(text).toContain('Example: /optimal');
    expect(text.indexOf('Predicted loss')).toBeLessThan(text.indexOf('banana'));
  });
});
