/**
 * The playground in a real headless Chromium: worked answers with charts, errors, escaping,
 * completion, and a button flow across classmates with live edits and private replies.
 * Screenshots land in artifacts/playground/ for a human to look at. (The API's guards are
 * tested without a browser in api.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ARTIFACTS,
  hasChromium,
  openPage,
  readSnapshot,
  seat,
  send,
  startHarness,
  type Harness,
} from './helpers.js';

if (!hasChromium) {
  console.warn(
    'Skipping the playground browser tests: /usr/bin/chromium is not installed (apt-get install chromium).',
  );
}

const message = (page: Page, text: string) => page.locator('#messages > li', { hasText: text });

describe.skipIf(!hasChromium)('playground in Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('answers /optimal 6e22 with the worked solution and a chart that loaded, in light and dark', async () => {
    // Tall enough that the whole answer fits in the channel for its screenshot.
    const page = await openPage(harness, { height: 2600 });
    await page.screenshot({
      path: `${ARTIFACTS}/welcome-light.png`,
      clip: { x: 0, y: 0, width: 1100, height: 900 },
    });
    await send(page, '/optimal 6e22');
    const answer = message(page, 'Compute-optimal model');
    await expect.poll(() => answer.locator('.steps').textContent()).toContain('22.4B');
    // The chart arrives in a later edit; a failed render would show a note instead.
    const img = answer.locator('figure.chart img');
    await answer.locator('figure.chart img, .notes li:has-text("could not be drawn")').waitFor();
    expect(await answer.textContent(), 'the chart renderer failed').not.toContain(
      'could not be drawn',
    );
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
      .toBeGreaterThan(0);
    expect(await img.getAttribute('alt')).toBeTruthy();
    expect(await answer.locator('figcaption').textContent()).toBe(await img.getAttribute('alt'));
    await answer.screenshot({ path: `${ARTIFACTS}/optimal-light.png` });

    // ↑ in the empty box recalls the last command.
    await page.locator('#composer-input').press('ArrowUp');
    expect(await page.locator('#composer-input').inputValue()).toBe('/optimal 6e22');

    await page.emulateMedia({ colorScheme: 'dark' });
    await answer.screenshot({ path: `${ARTIFACTS}/optimal-dark.png` });
    await page.context().close();
  });

  it('shows /loss banana 1T as a private error naming what was wrong', async () => {
    const page = await openPage(harness, { dark: true });
    await send(page, '/loss banana 1T');
    const error = message(page, "Couldn't run /loss");
    await error.waitFor();
    expect(await error.textContent()).toContain('banana');
    expect(await error.getAttribute('class')).toContain('private');
    expect(await error.locator('.private-note').textContent()).toContain('Only you');
    await page.screenshot({ path: `${ARTIFACTS}/error-dark.png` });
    await page.context().close();
  });

  it('shows markup the server tokenized: bold, italics, code, arXiv links and typeset math', async () => {
    const page = await openPage(harness);
    await send(page, '/markup');
    const answer = message(page, 'Markup');
    await answer.locator('.card').waitFor();
    const card = answer.locator('.card');
    expect(await card.locator('h2 strong').textContent()).toBe('check');
    expect(await card.locator('.summary em').textContent()).toBe('italic');
    expect(await card.locator('.summary code').textContent()).toBe('tokens_per_param');
    expect(await card.locator('.summary').textContent()).toContain('snake_case stays text');
    expect(await card.locator('.step h3 strong').textContent()).toBe('optimal');
    // Formulas are math, not markup: N_opt is a subscript, ^(a) a superscript.
    expect(await card.locator('.step .math sub').first().textContent()).toBe('opt');
    expect(await card.locator('.step .math sup').first().textContent()).toBe('a');
    const link = card.locator('.sources a');
    expect(await link.getAttribute('href')).toBe('https://arxiv.org/abs/2203.15556');
    expect(await link.textContent()).toBe('arXiv:2203.15556');
    expect(await card.locator('.sources em').textContent()).toBe('Training Compute-Optimal LLMs');
    expect(await card.textContent()).not.toMatch(/\*\*|`/);
    await card.locator('details.sources > summary').click();
    await answer.screenshot({ path: `${ARTIFACTS}/markup-light.png` });
    await page.context().close();
  });

  it('keeps typed HTML as text: no dialog, no element made from it', async () => {
    const page = await openPage(harness);
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const attack = '/loss <img src=x onerror=alert(1)> 1T';
    await send(page, attack);
    const reply = message(page, 'onerror');
    await reply.locator('.card').waitFor();
    expect(await reply.locator('.command-text').textContent()).toBe(attack);
    expect(await reply.textContent()).toContain('<img src=x');
    await page.waitForTimeout(300); // give a would-be onerror handler time to fire
    expect(dialogs).toBe(0);
    expect(await page.locator('img[src="x"], [onerror]').count()).toBe(0);
    await page.context().close();
  });

  it('completes /op to /optimal and then hints its options', async () => {
    const page = await openPage(harness);
    const input = page.locator('#composer-input');
    await input.pressSequentially('/op');
    const first = page.locator('#completion [role="option"]').first();
    await expect.poll(() => first.textContent()).toContain('/optimal');
    await page.screenshot({ path: `${ARTIFACTS}/completion-light.png` });
    await input.press('Tab');
    expect(await input.inputValue()).toBe('/optimal ');
    await expect.poll(() => page.locator('#hint').textContent()).toContain('compute');
    await input.pressSequentially('6e22 fit:ep');
    await expect
      .poll(() => page.locator('#completion [role="option"]').first().textContent())
      .toContain('fit:epoch2024');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${ARTIFACTS}/completion-dark.png` });
    await page.context().close();
  });

  it('runs a button flow from two seats with live counts and private replies', async () => {
    const observer = await openPage(harness, { seat: 'Chen' });
    const page = await openPage(harness);
    await send(page, '/tally');
    const poll = message(page, 'Quick poll');
    await poll.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => poll.locator('.summary').textContent()).toBe('answers: 1');

    await seat(page, 'Ben');
    const pollAsBen = message(page, 'Quick poll');
    await pollAsBen.getByRole('button', { name: 'Answer' }).click();
    await expect.poll(() => pollAsBen.locator('.summary').textContent()).toBe('answers: 2');
    // Another open page sees the edit live, over its own event stream.
    await expect
      .poll(() => message(observer, 'Quick poll').locator('.summary').textContent())
      .toBe('answers: 2');

    await pollAsBen.getByRole('button', { name: 'Answer' }).click();
    const privateNote = message(page, 'You already answered, Ben');
    await privateNote.waitFor();
    expect(await privateNote.locator('.private-note').textContent()).toContain('Only you (Ben)');
    await page.screenshot({ path: `${ARTIFACTS}/buttons-private-light.png` });

    // Nobody else's page has it, and Ada's seat does not show it either.
    expect(await message(observer, 'already answered').count()).toBe(0);
    await seat(page, 'Ada');
    await message(page, 'Quick poll').waitFor();
    expect(await message(page, 'already answered').count()).toBe(0);
    await seat(page, 'Ben');
    await message(page, 'You already answered, Ben').waitFor();

    // Not just hidden: Ada's event stream never carries it.
    const snapshot = await readSnapshot(harness.base, 'ada');
    expect(snapshot).toContain('answers: 2');
    expect(snapshot).not.toContain('already answered');
    await observer.context().close();
    await page.context().close();
  });
});
