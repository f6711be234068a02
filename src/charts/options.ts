/** Option pieces every chart kind shares: the card, titles, legend and log axes. */
import {
  Chart,
  type ChartOptions,
  type LegendItem,
  type Plugin,
  type ScaleOptions,
} from 'chart.js';
import { formatTick } from './format.js';
import { CARD, CARD_BORDER, FONT_SIZES, GRID, INK } from './theme.js';

/** Paint the opaque card first: Chart.js leaves the canvas transparent. */
export const cardPlugin: Plugin = {
  id: 'card',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = CARD;
    ctx.fillRect(0, 0, width, height);
    // A hairline edge, so the white card has a boundary on white chat backgrounds.
    ctx.strokeStyle = CARD_BORDER;
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
    ctx.restore();
  },
};

const MINOR_GRID = '#f1f3f5';

/**
 * A log axis labelled in counts people read. Over a narrow span (under three decades) the 2s
 * and 5s are labelled too; over a wide one only powers of ten, so labels never collide.
 */
export function logAxis(
  title: string,
  min: number,
  max: number,
  format: (v: number) => string = formatTick,
): ScaleOptions<'logarithmic'> {
  const dense = Math.log10(max / min) < 3;
  return {
    type: 'logarithmic',
    min,
    max,
    title: { display: true, text: title, color: INK, font: { size: FONT_SIZES.axisTitle } },
    // Minor grid lines only where they help read values; over many decades they are clutter.
    grid: { color: (c) => (c.tick?.major ? GRID : dense ? MINOR_GRID : 'rgba(0,0,0,0)') },
    border: { color: '#8c959f' },
    ticks: {
      autoSkip: false,
      maxRotation: 0,
      font: { size: FONT_SIZES.ticks },
      callback(value) {
        const v = Number(value);
        const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
        const near = (x: number): boolean => Math.abs(m - x) < 1e-6;
        // Chart.js also ticks the axis ends (e.g. 17T); only round values get text.
        if (near(1) || (dense && (near(2) || near(5)))) return format(v);
        return '';
      },
    },
  } as ScaleOptions<'logarithmic'>;
}

export function linearAxis(
  title: string,
  extra: Record<string, unknown> = {},
): ScaleOptions<'linear'> {
  return {
    type: 'linear',
    title: { display: true, text: title, color: INK, font: { size: FONT_SIZES.axisTitle } },
    grid: { color: GRID },
    border: { color: '#8c959f' },
    ticks: { font: { size: FONT_SIZES.ticks } },
    ...extra,
  } as ScaleOptions<'linear'>;
}

/** Title, subtitle and legend, sized to survive being scaled down to a chat preview. */
/** A legend entry that is not a dataset, e.g. "dashed: same compute". */
export interface LegendExtra {
  text: string;
  colour: string;
  dash?: number[];
  width?: number;
}

/**
 * Legend entries drawn as the datasets are: with point styles on, Chart.js takes the style of a
 * line's first point and loses its dash, so put the line's dash and width back. Datasets with
 * an empty label are left out; extras are appended.
 */
function legendItems(extras: LegendExtra[]) {
  return (chart: Chart): LegendItem[] => {
    const items = Chart.defaults.plugins.legend.labels
      .generateLabels(chart)
      .filter((item) => item.text !== '')
      .map((item) => {
        const ds = chart.data.datasets[item.datasetIndex ?? 0] as {
          borderDash?: number[];
          borderWidth?: number;
          pointStyle?: LegendItem['pointStyle'];
        };
        return {
          ...item,
          lineDash: ds.borderDash ?? [],
          lineWidth: ds.borderWidth ?? 2,
          pointStyle: ds.pointStyle ?? 'line',
        };
      });
    const more = extras.map((e): LegendItem => ({
      text: e.text,
      strokeStyle: e.colour,
      fillStyle: e.colour,
      fontColor: INK,
      lineWidth: e.width ?? 2,
      lineDash: e.dash ?? [],
      pointStyle: 'line',
      hidden: false,
    }));
    return [...items, ...more];
  };
}

export function basePlugins(
  title: string,
  subtitle?: string | string[],
  legend = true,
  extras: LegendExtra[] = [],
): ChartOptions['plugins'] {
  return {
    title: {
      display: true,
      text: title,
      color: INK,
      font: { size: FONT_SIZES.title, weight: 'bold' },
      padding: { top: 6, bottom: subtitle ? 2 : 10 },
    },
    subtitle: {
      display: Boolean(subtitle),
      text: subtitle ?? '',
      color: '#57606a',
      font: { size: FONT_SIZES.subtitle },
      padding: { bottom: 8 },
    },
    legend: {
      display: legend,
      position: 'bottom',
      // Point styles let a legend entry show a dashed line, a solid one or a dot, as drawn.
      labels: {
        color: INK,
        font: { size: FONT_SIZES.legend },
        usePointStyle: true,
        pointStyleWidth: 34,
        boxHeight: 8,
        generateLabels: legendItems(extras),
        padding: 16,
      },
    },
  };
}

export const LAYOUT_PADDING = { top: 8, right: 24, bottom: 6, left: 12 };

/** Round axis bounds to a 1-2-5 step, so the end ticks are round numbers too. */
export function niceBounds(lo: number, hi: number, targetTicks = 6): { min: number; max: number } {
  const raw = (hi - lo) / targetTicks || Math.abs(hi) * 0.1 || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return { min: Math.floor(lo / step) * step, max: Math.ceil(hi / step) * step };
}
