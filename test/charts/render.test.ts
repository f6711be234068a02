import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, renderChartInProcess } from '../../src/charts/index.js';
import { drawChart } from '../../src/charts/draw.js';
import type { ChartRequest } from '../../src/charts/request.js';
import { SERIES_COLOURS, USER_COLOUR, HIGHLIGHT_COLOUR } from '../../src/charts/theme.js';
import { FITS, lossOf } from '../../src/scaling/fits.js';
import { findModel } from '../../src/scaling/models.js';
import { parametricOptimum } from '../../src/scaling/optimal.js';
import {
  colourDistance,
  decode,
  hexToRgb,
  luminanceSpread,
  PNG_SIGNATURE,
  pngSize,
} from './png-helpers.js';
import { SAMPLES } from './samples.js';

/** Where the chart's own scales put a data point, from a live chart of the same request. */
function expectedPixel(req: ChartRequest, x: number, y: number): { x: number; y: number } {
  const { chart } = drawChart(req);
  try {
    return { x: chart.scales.x!.getPixelForValue(x), y: chart.scales.y!.getPixelForValue(y) };
  } finally {
    chart.destroy();
  }
}

/** A mark is a filled disc or square several pixels across: test a few pixels off its centre. */
async function expectMarkAt(png: Buffer, at: { x: number; y: number }, colour: string) {
  const pixels = await decode(png);
  const rgb = hexToRgb(colour);
  for (const [dx, dy] of [
    [0, 0],
    [0, -4],
    [0, 4],
    [-3, 0],
    [3, 0],
  ] as const) {
    expect(
      colourDistance(pixels.at(at.x + dx, at.y + dy), rgb),
      `pixel (${dx}, ${dy})`,
    ).toBeLessThan(24);
  }
}

describe('every chart kind', () => {
  for (const [kind, req] of Object.entries(SAMPLES)) {
    it(`${kind}: a PNG of the chart size, not blank, with alt text and a file name`, async () => {
      const chart = await renderChartInProcess(req);
      expect([...chart.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(chart.png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
      expect(chart.png.length).toBeLessThan(150 * 1024);
      expect([chart.width, chart.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
      const pixels = await decode(chart.png);
      expect([pixels.width, pixels.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
      expect(luminanceSpread(pixels)).toBeGreaterThan(10);
      // Opaque card, so it reads the same on dark and light chat themes.
      expect(pixels.at(2, 2)).toEqual([255, 255, 255]);
      expect(chart.alt.length).toBeGreaterThan(40);
      expect(chart.alt.length).toBeLessThanOrEqual(1000);
      expect(chart.filename).toMatch(/^[a-z0-9.-]+\.png$/);
    });
  }
});

describe('marked points are drawn where the scaling core says', () => {
  it('iso-FLOP: each fit’s optimum', async () => {
    const req = SAMPLES.isoflop as Extract<ChartRequest, { kind: 'isoflop' }>;
    const png = (await renderChartInProcess(req)).png;
    const fits = [FITS.hoffmann2022, FITS.epoch2024];
    for (const [i, fit] of fits.entries()) {
      const optimum = parametricOptimum(fit, req.compute);
      const at = expectedPixel(req, optimum.params, optimum.loss);
      await expectMarkAt(png, at, SERIES_COLOURS[i]!);
    }
  });

  it('loss landscape: the user’s run and the compute-optimal run of the same C', async () => {
    const req: ChartRequest = {
      kind: 'loss-landscape',
      params: 8e9,
      tokens: 15e12,
      fits: [{ name: 'epoch2024' }],
    };
    const png = (await renderChartInProcess(req)).png;
    const fit = FITS.epoch2024;
    const user = expectedPixel(req, req.tokens, lossOf(fit, req.params, req.tokens));
    await expectMarkAt(png, user, SERIES_COLOURS[0]!);
    const optimum = parametricOptimum(fit, 6 * req.params * req.tokens);
    await expectMarkAt(png, expectedPixel(req, optimum.tokens, optimum.loss), SERIES_COLOURS[0]!);
  });

  it('models: the highlighted model and the user’s model', async () => {
    const req = SAMPLES.models as Extract<ChartRequest, { kind: 'models' }>;
    const png = (await renderChartInProcess(req)).png;
    const chinchilla = findModel('chinchilla')!;
    await expectMarkAt(
      png,
      expectedPixel(req, chinchilla.params, chinchilla.tokens),
      HIGHLIGHT_COLOUR,
    );
    await expectMarkAt(png, expectedPixel(req, req.user!.params, req.user!.tokens), USER_COLOUR);
  });
});

describe('requests it cannot draw', () => {
  it('rejects with an Error naming the problem', async () => {
    await expect(
      renderChartInProcess({
        kind: 'isoflop',
        compute: 6e22,
        fits: [{ name: 'nope' }],
        tokensPerParam: 20,
      }),
    ).rejects.toThrow(/Unknown fit/);
    await expect(
      renderChartInProcess({
        kind: 'isoflop',
        compute: 6e22,
        fits: [{ name: 'kaplan2020' }],
        tokensPerParam: 20,
      }),
    ).rejects.toThrow(/comparable/);
    await expect(
      renderChartInProcess({
        kind: 'loss-landscape',
        params: 1e9,
        tokens: 1e10,
        fits: [{ name: 'custom' }],
      }),
    ).rejects.toThrow(/coefficients/);
  });

  it('draws a custom fit from its coefficients', async () => {
    const coefficients = { E: 1.8, A: 500, B: 1000, alpha: 0.3, beta: 0.33 };
    const chart = await renderChartInProcess({
      kind: 'isoflop',
      compute: 1e23,
      fits: [{ name: 'custom', coefficients }],
      tokensPerParam: 20,
    });
    expect(chart.alt).toContain('Custom fit optimum');
  });
});
