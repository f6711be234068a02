/**
 * Shared set-up for the playground browser tests: a real HttpServer on a free port with the
 * playground mounted, Debian's Chromium driven by playwright-core, and a tiny test command
 * with buttons (the quiz does not exist yet) that counts distinct clickers.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { z } from 'zod';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { commands } from '../../commands/index.js';
import { defineCommand, type AnyCommand } from '../../commands/define.js';
import type { RenderedChart } from '../../src/charts/request.js';
import type { ChartRenderer } from '../../src/adapters/shared/chart.js';
import { HttpServer } from '../../src/http/server.js';
import { mountPlayground, type Playground } from '../../src/adapters/playground/index.js';
import type { Reply } from '../../src/reply.js';
import type { Services } from '../../src/services.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = 'artifacts/playground';

const tallyReply = (count: number): Reply => ({
  title: 'Quick poll',
  summary: `answers: ${count}`,
  body: ['Click once from each seat; a second click gets a private note.'],
  actions: [[{ id: 'tally:answer', label: 'Answer', style: 'primary' }]],
  visibility: 'public',
});

/** A stand-in for the quiz: counts distinct clickers, privately scolds repeat clicks. */
export function tallyCommand() {
  const clickers = new Set<string>();
  return defineCommand({
    name: 'tally',
    description: 'Test poll: counts who clicked',
    options: z.object({}),
    positional: [],
    examples: ['/tally'],
    policy: { visibility: 'public', chart: false },
    run: () => tallyReply(clickers.size),
    onAction(ctx) {
      if (clickers.has(ctx.user.id)) {
        return {
          reply: {
            title: 'Already counted',
            summary: `You already answered, ${ctx.user.name}.`,
            visibility: 'private',
          },
        };
      }
      clickers.add(ctx.user.id);
      return { update: tallyReply(clickers.size) };
    },
  });
}

/** Every kind of portable markup in one reply, for checking how the page shows it. */
export function markupCommand() {
  return defineCommand({
    name: 'markup',
    description: 'Test reply: every kind of portable markup',
    options: z.object({}),
    positional: [],
    examples: ['/markup'],
    policy: { visibility: 'public', chart: false },
    run: (): Reply => ({
      title: 'Markup **check**',
      summary: 'It is _italic_, `tokens_per_param` stays code, and snake_case stays text.',
      steps: [
        {
          title: 'The **optimal** size',
          formula: 'N_opt = G·(C/6)^(a)',
          substitution: 'N_opt = 0.6·(1e22)^0.5',
          result: '≈ 6e10 parameters',
        },
      ],
      citations: ['Hoffmann et al. 2022, _Training Compute-Optimal LLMs_, arXiv:2203.15556'],
      visibility: 'public',
    }),
  });
}

/** The real worker-pool renderer when it exists, else a small PNG drawn here. */
async function chartRenderer(): Promise<{ render: ChartRenderer; close: () => Promise<void> }> {
  try {
    const charts = await import('../../src/charts/index.js');
    return { render: charts.renderChart, close: charts.closeChartPool };
  } catch {
    const { createCanvas } = await import('@napi-rs/canvas');
    const render: ChartRenderer = async (req): Promise<RenderedChart> => {
      const canvas = createCanvas(640, 360);
      const g = canvas.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 640, 360);
      g.strokeStyle = '#5b4cf0';
      g.lineWidth = 4;
      g.beginPath();
      g.moveTo(40, 60);
      g.quadraticCurveTo(320, 420, 600, 80);
      g.stroke();
      const png = await canvas.encode('png');
      return {
        png,
        alt: `A ${req.kind} chart (test stand-in).`,
        width: 640,
        height: 360,
        filename: `${req.kind}.png`,
      };
    };
    return { render, close: async () => {} };
  }
}

export interface Server {
  base: string;
  playground: Playground;
  close(): Promise<void>;
}

/** The playground alone on an HttpServer at 127.0.0.1 on a free port. */
export async function startServer(
  render?: ChartRenderer,
  extra: readonly AnyCommand[] = [],
  services?: Services,
): Promise<Server> {
  const charts = render ? { render, close: async () => {} } : await chartRenderer();
  const http = new HttpServer();
  const playground = mountPlayground(http, {
    renderChart: charts.render,
    commands: [...commands, tallyCommand(), markupCommand(), ...extra],
    services,
  });
  const address = await http.listen(0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${address.port}`,
    playground,
    async close() {
      playground.stop();
      await http.close();
      await charts.close();
    },
  };
}

export interface Harness extends Server {
  browser: Browser;
}

export async function startHarness(services?: Services): Promise<Harness> {
  await mkdir(ARTIFACTS, { recursive: true });
  const server = await startServer(undefined, [], services);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    ...server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A fresh page (its own storage, so its own seat) on the playground, as `seat`. */
export async function openPage(
  harness: Harness,
  options: { seat?: string; dark?: boolean; width?: number; height?: number } = {},
): Promise<Page> {
  const context = await harness.browser.newContext({
    viewport: { width: options.width ?? 1100, height: options.height ?? 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  await page.goto(harness.base);
  await page.locator('#seats input').first().waitFor({ state: 'attached' });
  if (options.seat) await seat(page, options.seat);
  return page;
}

/** The chat messages whose text matches. */
export const message = (page: Page, text: string | RegExp) =>
  page.locator('#messages > li', { hasText: text });

/** Resolves once the chart image in `container` has loaded (it is drawn off the event loop). */
export async function chartLoaded(container: Locator): Promise<void> {
  await expect
    .poll(() =>
      container
        .locator('figure.chart img')
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
    )
    .toBeGreaterThan(0);
}

export async function seat(page: Page, name: string): Promise<void> {
  await page.locator('#seats label', { hasText: name }).click();
  await page.locator(`#seats input[value="${name.toLowerCase()}"]:checked`).waitFor({
    state: 'attached',
  });
}

export async function send(page: Page, text: string): Promise<void> {
  const input = page.locator('#composer-input');
  await input.fill(text);
  await input.press('Escape'); // close completion, so Enter sends
  await input.press('Enter');
}

/** The first event a classmate's stream sends: everything they may see. */
export async function readSnapshot(base: string, user: string): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/events?user=${user}`, { signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!/event: snapshot\ndata: .*\n\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return text;
}
