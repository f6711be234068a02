/**
 * A numeric course question in the browser playground (headless Chromium): "Answer with a
 * number" opens an in-page form (a <dialog>, not window.prompt); an unreadable value is shown
 * under the field and the form stays open; a number closes it, is stored and acknowledged
 * privately, and the reveal shows the value and tolerance. The submit route refuses forms the
 * server did not open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PendingModals } from '../../src/adapters/playground/modals.js';
import { CourseLibrary } from '../../src/course/library.js';
import { QuizEngine } from '../../src/quiz/engine.js';
import { EXAMPLE } from '../../src/quiz/numeric.js';
import { readAnswerNumber } from '../../src/scaling/quantity.js';
import { openStore, type Store } from '../../src/store/index.js';
import { servicesFrom } from '../quiz/fakes.js';
import { ARTIFACTS, hasChromium, openPage, send, startHarness, type Harness } from './helpers.js';
import { apiPost, pageToken } from './client.js';

const VALUE = 1.94;
const TOLERANCE = 0.02;
const CSV = [
  'id,type,prompt,choices,answer,tolerance,explanation,topic,difficulty,source',
  `irreducible,numeric,"In the Chinchilla fit, what is the irreducible loss E, in nats?",,${VALUE},${TOLERANCE},"The fitted constant term.",losses,medium,Hoffmann et al. 2022`,
].join('\n');
const within = (typed: string) => Math.abs(readAnswerNumber(typed)! - VALUE) <= TOLERANCE;
const message = (page: Page, text: string | RegExp) =>
  page.locator('#messages > li', { hasText: text });

describe.skipIf(!hasChromium)('a numeric question in the playground', () => {
  let harness: Harness;
  let store: Store;
  let engine: QuizEngine | undefined;

  beforeAll(async () => {
    harness = await startHarness(servicesFrom(() => ({ quiz: engine })));
    store = await openStore(':memory:');
    engine = new QuizEngine({ store, messengers: { playground: harness.playground.messenger } });
    const imported = await new CourseLibrary(store.db).importFile(
      { platform: 'playground', serverId: 'playground' },
      { content: Buffer.from(CSV), name: 'losses', by: 'ada' },
    );
    expect(imported.ok).toBe(true);
  });
  afterAll(async () => {
    engine?.close();
    await store?.close();
    await harness?.close();
  });

  it('types a number in an in-page form; a bad value is shown in the form; the reveal shows the tolerance', async () => {
    const page = await openPage(harness, { height: 1400 });
    let prompts = 0;
    page.on('dialog', (d) => {
      prompts += 1; // window.prompt/alert would land here
      void d.dismiss();
    });
    await send(page, '/quiz source:course count:1 seconds:60');
    const question = message(page, /Quiz 1\/1/);
    await question.waitFor();
    await question.getByRole('button', { name: 'Answer with a number' }).click();
    const form = page.locator('dialog.modal[open]');
    await form.waitFor();
    const field = form.getByRole('textbox', { name: /Question 1: your number/ });
    expect(await field.getAttribute('placeholder')).toContain(EXAMPLE);

    await field.fill('about two');
    await form.getByRole('button', { name: 'Submit' }).click();
    await expect
      .poll(() => form.locator('.modal-error').first().textContent())
      .toContain('"about two"');
    expect(await form.isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/numeric-error-light.png` });

    const typed = '1.955';
    await field.fill(typed);
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.locator('dialog.modal').waitFor({ state: 'detached' });
    const ack = message(page, `You answered ${typed}`);
    await ack.waitFor();
    expect(await ack.getAttribute('class')).toContain('private');
    // The page says the number was typed, not "clicked".
    expect(await ack.locator('.context').textContent()).toMatch(`Ada typed ${typed}`);
    expect(prompts).toBe(0);

    await question.getByRole('button', { name: /Reveal/ }).click();
    const revealed = message(page, /Quiz 1\/1 · answer: 1\.94/);
    await revealed.waitFor();
    const text = (await revealed.textContent()) ?? '';
    expect(text).toContain('1.94 (± 0.02)');
    expect(text).toContain(`${within(typed) ? 1 : 0} of 1 typed a number within ± 0.02`);
    await page.screenshot({ path: `${ARTIFACTS}/numeric-reveal-light.png`, fullPage: true });
    await page.context().close();
  });

  it('refuses a submission for a form it did not open, or with fields it did not ask for', async () => {
    const token = await pageToken(harness.base);
    const submit = (body: unknown) => apiPost(harness.base, token, '/api/submit', body);
    const never = await submit({
      user: 'ben',
      actionId: 'quiz:number-in:x:0',
      fields: { value: '2' },
    });
    expect(never.status).toBe(409);
    expect(((await never.json()) as { error: string }).error).toContain('no longer open');
    // An opened form takes exactly its declared text fields.
    const modals = new PendingModals();
    const modal = { id: 'quiz:number-in:r1:0', title: 'T', fields: [{ id: 'value', label: 'L' }] };
    modals.remember('ben', 'm1', modal);
    for (const fields of [{ value: '2', extra: 'x' }, {}, { value: 2 }, 'value=2'])
      expect(() => modals.check('ben', modal.id, fields)).toThrow(/Send fields \{value\}/);
    expect(() => modals.check('chen', modal.id, { value: '2' })).toThrow(/no longer open/);
    expect(modals.check('ben', modal.id, { value: '2' })).toEqual({ messageId: 'm1' });
  });
});
