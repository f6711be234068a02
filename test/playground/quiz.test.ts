/**
 * The real channel quiz in the browser playground: one person plays two seats, sees the live
 * count reach 2 and the reveal with who was right. Real engine, in-memory SQLite, real timers
 * with a short edit interval so the live count shows up quickly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import {
  ARTIFACTS,
  chartLoaded,
  hasChromium,
  message,
  openPage,
  seat,
  send,
  startHarness,
  type Harness,
} from './helpers.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { servicesFrom } from '../quiz/fakes.js';

describe.skipIf(!hasChromium)('a quiz round in the playground', () => {
  let harness: Harness;
  let store: Store;
  let engine: QuizEngine | undefined;

  beforeAll(async () => {
    harness = await startHarness(servicesFrom(() => ({ quiz: engine })));
    store = await openStore(':memory:');
    engine = new QuizEngine({
      store,
      messengers: { playground: harness.playground.messenger },
      editIntervalMs: 200,
    });
  });

  afterAll(async () => {
    engine?.close();
    await store?.close();
    await harness?.close();
  });

  it('two classmates answer, the count goes to 2, the starter reveals', async () => {
    const page = await openPage(harness, { height: 1400 });
    await send(page, '/quiz count:1 seconds:60 source:bank');
    const question = message(page, /Quiz 1\/1/);
    await question.waitFor();
    await question.getByRole('button', { name: 'A', exact: true }).click();
    await message(page, 'You answered A').waitFor();

    await seat(page, 'Ben');
    await message(page, /Quiz 1\/1/)
      .getByRole('button', { name: 'B', exact: true })
      .click();
    await expect.poll(() => message(page, /Quiz 1\/1/).textContent()).toContain('2 answered');

    await seat(page, 'Ada');
    await message(page, /Quiz 1\/1/)
      .getByRole('button', { name: /Reveal/ })
      .click();
    const revealed = message(page, /Quiz 1\/1 · answer: [A-D]/);
    await revealed.waitFor();
    const text = (await revealed.textContent()) ?? '';
    expect(text).toMatch(/Right \([0-2]\/2\)/);
    expect(await revealed.getByRole('button', { name: 'A', exact: true }).count()).toBe(0);
    const summary = message(page, /Quiz over/);
    await summary.waitFor();
    // The scores chart is drawn off the event loop and edited in; wait until it has loaded.
    await chartLoaded(summary);
    await page.screenshot({ path: `${ARTIFACTS}/quiz-reveal-light.png`, fullPage: true });
    await page.context().close();
  });

  it('thread:true: the opener in the channel, the question labelled and indented under it', async () => {
    const page = await openPage(harness);
    await send(page, '/quiz count:2 seconds:60 source:bank thread:true');
    const question = message(page, /Quiz 1\/2/);
    await question.waitFor();
    await expect(question.getAttribute('class')).resolves.toContain('in-thread');
    expect(await question.locator('.thread-label').textContent()).toBe(
      '🧵 Quiz · scaling laws · 2 questions',
    );
    const opener = message(page, /plays in this message’s thread/);
    expect(await opener.locator('.thread-label').count()).toBe(0);
    await send(page, '/quiz stop');
    const summary = message(page, /Nobody answered this round/);
    await summary.waitFor();
    await expect(summary.getAttribute('class')).resolves.toContain('in-thread');
    await page.screenshot({ path: `${ARTIFACTS}/quiz-thread-light.png`, fullPage: true });
    await page.context().close();
  });
});
