/**
 * The playground's file picker in a real headless Chromium: type /fit, pick a CSV with 📎,
 * and the fit of the file's runs arrives in the channel with its chart. Hostile files get a
 * private answer (binary, wrong columns) or are not sent (past the size cap).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, hasChromium, openPage, startHarness, type Harness } from './helpers.js';

const runsCsv = readFileSync('test/deeper/fixtures/sardana-47-runs.csv');
const message = (page: Page, text: string) => page.locator('#messages > li', { hasText: text });

async function pick(page: Page, typed: string, name: string, buffer: Buffer): Promise<void> {
  const input = page.locator('#composer-input');
  await input.fill(typed);
  await input.press('Escape'); // close completion
  await page.locator('#composer-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

describe.skipIf(!hasChromium)('playground: /fit with a file from the picker', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('runs /fit with the chosen file: the fit of all 47 runs, with a chart that loaded', async () => {
    const page = await openPage(harness, { seat: 'Ben', height: 2000 });
    await pick(page, '/fit', 'runs.csv', runsCsv);
    const answer = message(page, 'Scaling law fitted to 47 runs');
    await answer.waitFor({ timeout: 20_000 });
    expect(await answer.getAttribute('class')).not.toContain('private');
    const img = answer.locator('figure.chart img');
    await answer.locator('figure.chart img, .notes li:has-text("could not be drawn")').waitFor();
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
      .toBeGreaterThan(0);
    // The composer is cleared once the file is sent.
    expect(await page.locator('#composer-input').inputValue()).toBe('');
    await answer.screenshot({ path: `${ARTIFACTS}/fit-upload.png` });
    await page.context().close();
  });

  it('hostile files: binary and wrong columns answered privately; past the cap not sent', async () => {
    const page = await openPage(harness, { seat: 'Ben' });
    await pick(page, '/fit', 'photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0xff]));
    const binary = message(page, 'not a text file');
    await binary.waitFor();
    expect(await binary.getAttribute('class')).toContain('private');

    await pick(page, '/fit', 'deck.csv', Buffer.from('id,type,prompt\nq1,card,hello\n'));
    await message(page, 'Unknown column "id"').waitFor();

    await pick(page, '/fit', 'big.csv', Buffer.alloc(300 * 1024, 0x31));
    await expect
      .poll(() => page.locator('#status').textContent())
      .toContain('big.csv is larger than 256 KB');
    await page.context().close();
  });
});
