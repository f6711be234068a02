/** Test helpers: a small real PNG chart renderer and the bot started against the fake. */
import { createCanvas } from '@napi-rs/canvas';
import type { RenderedChart } from '../../../src/charts/request.js';
import type { ChartRenderer } from '../../../src/adapters/shared/chart.js';
import {
  startDiscord,
  type DiscordBot,
  type DiscordOptions,
} from '../../../src/adapters/discord/index.js';
import { IDS, type FakeDiscord } from './index.js';

/** Draws a real (tiny) PNG and states the request in its alt text, like the real renderer. */
export const tinyRenderer: ChartRenderer = async (request): Promise<RenderedChart> => {
  const canvas = createCanvas(64, 40);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 64, 40);
  ctx.strokeStyle = '#5865f2';
  ctx.beginPath();
  ctx.moveTo(4, 4);
  ctx.quadraticCurveTo(32, 60, 60, 8);
  ctx.stroke();
  return {
    png: Buffer.from(await canvas.encode('png')),
    alt: `Test chart of kind ${request.kind}: a U-shaped loss curve with its minimum marked.`,
    width: 64,
    height: 40,
    filename: `${request.kind}-test.png`,
  };
};

export async function startBot(
  fake: FakeDiscord,
  options: Partial<DiscordOptions> = {},
): Promise<DiscordBot> {
  return startDiscord({
    token: fake.token,
    applicationId: IDS.application,
    apiUrl: fake.apiUrl,
    renderChart: tinyRenderer,
    ...options,
  });
}
