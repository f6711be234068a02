/**
 * Live counts and reveals made by different instances (two engines on one PostgreSQL, one
 * channel): instance B's throttled "1 answered" edit is slow to reach the platform while
 * instance A reveals. The reveal waits for B's edit (the step's row is held while a count
 * edits it, and its version must still be the one the count read), so the revealed message is
 * never overwritten by the count. Skipped without TEST_DATABASE_URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findCommand } from '../../commands/index.js';
import { runAction, runCommandText } from '../../src/runtime/index.js';
import type { EditOptions, MessageRef } from '../../src/interaction.js';
import { answerAction, decodeQuizClick, revealAction } from '../../src/quiz/actions.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import type { Reply } from '../../src/reply.js';
import type { Store } from '../../src/store/index.js';
import { click, context, FakeClock, MemoryMessenger, servicesFrom } from '../quiz/fakes.js';
import { freshPostgres, POSTGRES_URL } from '../store/test-store.js';

/** A channel whose live-count edits hang until released (a slow platform API). */
class SlowCounts extends MemoryMessenger {
  private release?: () => void;
  countStarted?: Promise<void>;
  private started?: () => void;
  constructor(clock: FakeClock) {
    super('discord', clock);
    this.countStarted = new Promise((r) => (this.started = r));
  }
  override async edit(ref: MessageRef, reply: Reply, options?: EditOptions): Promise<void> {
    if (options?.droppable) {
      this.started?.();
      await new Promise<void>((r) => (this.release = r));
    }
    await super.edit(ref, reply, options);
  }
  releaseCount(): void {
    this.release?.();
  }
}

const quiz = findCommand('quiz')!;
let store: Store | undefined;
const engines: QuizEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) e.close();
  await store?.close();
});

describe.skipIf(!POSTGRES_URL)('live edits across instances', () => {
  it('a count made on B while A reveals never overwrites the reveal', async () => {
    store = await freshPostgres();
    const clock = new FakeClock();
    const channel = new SlowCounts(clock);
    const make = () => {
      const e = new QuizEngine({
        store: store!,
        messengers: { discord: channel },
        ...clock.deps,
        newRoundId: () => 'r1',
        newSeed: () => 7,
      });
      engines.push(e);
      return e;
    };
    const [a, b] = [make(), make()];
    const on = (e: QuizEngine) => servicesFrom(() => ({ quiz: e }));
    const ctx = (user: string, e: QuizEngine) =>
      context(user, { messenger: channel, services: on(e) });

    await runCommandText(quiz, 'count:1 seconds:60 source:bank', ctx('ada', a));
    const posted = channel.last();
    const { session, step } = decodeQuizClick(posted.reply.actions![0]![0]!.id)!;
    // Bo answers through B: B throttles a live count, which hangs on the way out.
    const answered = await runAction(
      [quiz],
      click(ctx('bo', b), answerAction.encode({ session, step, choice: 1 })),
    );
    expect(answered.reply?.title).toBeDefined();
    const counting = clock.advance(2500, () => Promise.resolve());
    await channel.countStarted;
    // Ada reveals through A meanwhile.
    const revealed = runAction(
      [quiz],
      click(ctx('ada', a), revealAction.encode({ session, step })),
    );
    await new Promise((r) => setTimeout(r, 300)); // A gets as far as it can
    channel.releaseCount();
    await Promise.all([counting, revealed]);
    await Promise.all([a.idle(), b.idle()]);

    const edits = channel.edits.filter((e) => e.ref.messageId === posted.ref.messageId);
    expect(edits.map((e) => e.droppable)).toEqual([true, false]); // the count, then the reveal
    expect(channel.messages.get(posted.ref.messageId)).toBe(edits.at(-1)!.reply);
  });
});
