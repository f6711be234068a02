/** The playground's wire text: markup tokenized on the server with the one tokenizer. */
import { describe, expect, it } from 'vitest';
import { toWireText, wirePlain } from '../../src/adapters/playground/text.js';
import { toWireReply } from '../../src/adapters/playground/render.js';

describe('playground wire text', () => {
  it('tokenizes bold, italics and code, and leaves underscores inside words alone', () => {
    expect(toWireText('**N** is _big_; `a_b` and tokens_per_param')).toEqual([
      { kind: 'bold', children: [{ kind: 'text', text: 'N' }] },
      { kind: 'text', text: ' is ' },
      { kind: 'italic', children: [{ kind: 'text', text: 'big' }] },
      { kind: 'text', text: '; ' },
      { kind: 'code', text: 'a_b' },
      { kind: 'text', text: ' and tokens_per_param' },
    ]);
  });

  it('links arXiv ids in citations only, with the address built from the id', () => {
    const cite = 'Kaplan 2020, arXiv:2001.08361 and arXiv:2203.15556.';
    expect(toWireText(cite, { links: true }).filter((n) => n.kind === 'link')).toEqual([
      { kind: 'link', text: 'arXiv:2001.08361', href: 'https://arxiv.org/abs/2001.08361' },
      { kind: 'link', text: 'arXiv:2203.15556', href: 'https://arxiv.org/abs/2203.15556' },
    ]);
    expect(toWireText(cite).every((n) => n.kind !== 'link')).toBe(true);
    expect(wirePlain(toWireText(cite, { links: true }))).toBe(cite);
  });

  it('a reply goes out with every text field tokenized and its math as written', () => {
    const wire = toWireReply({
      title: '**T**',
      summary: 's',
      fields: [{ label: '_L_', value: 'v', inline: true }],
      steps: [{ title: 'x', formula: 'N_opt = C^a', result: 'r_1' }],
      notes: ['n'],
      citations: ['arXiv:2001.08361'],
      visibility: 'public',
    });
    expect(wire.title).toEqual([{ kind: 'bold', children: [{ kind: 'text', text: 'T' }] }]);
    expect(wire.fields?.[0]?.label).toEqual([
      { kind: 'italic', children: [{ kind: 'text', text: 'L' }] },
    ]);
    expect(wire.steps?.[0]).toEqual({
      title: [{ kind: 'text', text: 'x' }],
      formula: 'N_opt = C^a',
      result: 'r_1',
    });
    expect(wire.citations?.[0]?.[0]?.kind).toBe('link');
  });
});
