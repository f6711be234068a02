/**
 * The adapter contract: every chat adapter runs these checks with its own harness. A new adapter
 * is done when `runContract(() => startMyHarness())` passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, genericHint, type DeliveryFailure } from '../../src/delivery.js';
import type { ContractHarness } from './harness.js';
import { BOOM, SECRET, SLOW_MS } from './probe.js';

const KINDS: DeliveryFailure[] = [
  'not_in_channel',
  'missing_permission',
  'rate_limited',
  'message_gone',
  'timeout',
  'platform_error',
];

const hintFor = (h: ContractHarness, error: DeliveryError) =>
  (h.messenger.hint ?? genericHint)(error);

export function runContract(name: string, start: () => Promise<ContractHarness>): void {
  describe(`adapter contract: ${name}`, () => {
    let h: ContractHarness;
    beforeAll(async () => {
      h = await start();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('a public reply reaches the channel', async () => {
      const { seen } = await h.probe('public');
      expect(seen.map((s) => s.text).join('\n')).toContain('Everyone sees this.');
      expect(seen.every((s) => !s.private)).toBe(true);
      expect(await h.publicText()).toContain('Everyone sees this.');
    });

    it('private replies stay private', async () => {
      const { seen } = await h.probe('private');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((s) => s.private)).toBe(true);
      expect(seen.map((s) => s.text).join('\n')).toContain(SECRET);
      expect(await h.publicText()).not.toContain(SECRET);
    });

    it('replies render within the platform limits, split rather than lost', async () => {
      const { seen } = await h.probe('long');
      expect(seen.length).toBeGreaterThan(0);
      const all = seen.map((s) => s.text).join('\n');
      expect(all).toContain('Paragraph 0');
      expect(h.limitProblems()).toEqual([]);
    });

    it('the messenger posts and edits a channel message (buttons replaced, or removed)', async () => {
      const ref = await h.messenger.post(h.channelId, {
        title: 'Posted',
        summary: 'First version.',
        actions: [[{ id: 'probe:press', label: 'Press' }]],
        visibility: 'public',
      });
      expect(ref.platform).toBe(h.platform);
      expect((await h.shown(ref))?.text).toContain('First version.');
      expect((await h.shown(ref))?.buttons).toEqual(['probe:press']);
      await h.messenger.edit(ref, {
        title: 'Posted',
        summary: 'Second version.',
        visibility: 'public',
      });
      const after = await h.shown(ref);
      expect(after?.text).toContain('Second version.');
      expect(after?.text).not.toContain('First version.');
      expect(after?.buttons).toEqual([]);
      expect(h.limitProblems()).toEqual([]);
    });

    it('a thread started from a posted message holds later posts, which can be edited there', async () => {
      const first = await h.messenger.post(h.channelId, {
        title: 'Thread opener',
        summary: 'A round starts here.',
        visibility: 'public',
      });
      const thread = await h.messenger.startThread(first, 'Probe · thread');
      expect(thread).toMatchObject({ platform: h.platform, channelId: h.channelId });
      const inside = await h.messenger.post(
        h.channelId,
        { title: 'In the thread', summary: 'Question one.', visibility: 'public' },
        { thread },
      );
      expect(await h.threadOf(inside)).toBe(thread.threadId);
      expect(await h.threadOf(first)).toBeUndefined();
      await h.messenger.edit(inside, {
        title: 'In the thread',
        summary: 'Question one, revealed.',
        visibility: 'public',
      });
      expect((await h.shown(inside))?.text).toContain('Question one, revealed.');
      // A summary for the channel too: still a thread message, wherever else it shows.
      const summary = await h.messenger.post(
        h.channelId,
        { title: 'Summary', summary: 'Everyone scored.', visibility: 'public' },
        { thread, broadcast: true },
      );
      expect(await h.threadOf(summary)).toBe(thread.threadId);
      expect(await h.publicText()).toContain('Everyone scored.');
      expect(h.limitProblems()).toEqual([]);
    });

    it('a button round trip: the message is updated, the clicker answered privately', async () => {
      const ref = await h.messenger.post(h.channelId, {
        title: 'Probe buttons',
        summary: 'Press it.',
        actions: [[{ id: 'probe:press', label: 'Press' }]],
        visibility: 'public',
      });
      const { seen } = await h.click(ref, 'probe:press');
      await expect.poll(async () => (await h.shown(ref))?.text).toMatch(/Pressed by /);
      expect((await h.shown(ref))?.buttons).toEqual(['probe:press']);
      const note = seen.find((s) => s.text.includes('Your press counted'));
      expect(note?.private).toBe(true);
      expect(await h.publicText()).not.toContain(SECRET);
    });

    it('a failing command gets the failure reply with a reference, privately', async () => {
      const { seen } = await h.probe('fail');
      const text = seen.map((s) => s.text).join('\n');
      expect(text).toMatch(/Something went wrong/);
      expect(text).toMatch(/ref [A-Za-z0-9-]{4,}/);
      expect(text).not.toContain(BOOM);
      expect(seen.every((s) => s.private)).toBe(true);
    });

    it('a slow command is acknowledged in time, and its answer follows', async () => {
      const { seen, ackMs } = await h.probe('slow');
      expect(ackMs).toBeLessThan(SLOW_MS);
      expect(seen.map((s) => s.text).join('\n')).toContain('Slow answer done.');
    });

    it('every delivery failure has a kind and a hint in the platform’s terms', async () => {
      for (const kind of KINDS) {
        const hint = hintFor(h, new DeliveryError(kind, 'test', { retryAfterMs: 2000 }));
        expect(hint.length, kind).toBeGreaterThan(10);
        const mentions = h.hintMentions[kind];
        if (mentions) expect(hint, kind).toMatch(mentions);
      }
    });

    // message_gone is an edit's failure: checked below with goneMessage.
    for (const kind of KINDS.filter((k) => k !== 'message_gone')) {
      it(`a post the platform refuses as ${kind} throws DeliveryError(${kind})`, async (t) => {
        const refuse = h.refuse[kind];
        if (!refuse) return t.skip();
        const channel = refuse() ?? h.channelId;
        try {
          const error = await h.messenger
            .post(channel, { title: 'Refused', summary: 'x', visibility: 'public' })
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(error).toBeInstanceOf(DeliveryError);
          expect((error as DeliveryError).kind).toBe(kind);
        } finally {
          h.clearRefusals();
        }
      });
    }

    it('editing a message that is gone throws DeliveryError(message_gone)', async (t) => {
      if (!h.goneMessage) return t.skip();
      const error = await h.messenger
        .edit(h.goneMessage(), { title: 'x', summary: 'y', visibility: 'public' })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).kind).toBe('message_gone');
    });
  });
}
