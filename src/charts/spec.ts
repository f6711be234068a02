import type { ChartConfiguration } from 'chart.js';
import type { Guide, Mark } from './marks.js';

/** Everything needed to draw one chart and describe it, before any pixels exist. */
export interface ChartSpec {
  config: ChartConfiguration;
  marks: Mark[];
  guides: Guide[];
  alt: string;
  filename: string;
}

/** A curve through (x, y) points, drawn as a line without point markers. */
export function curve(
  label: string,
  colour: string,
  points: { x: number; y: number }[],
  dash: number[] = [],
  width = 3,
) {
  return {
    type: 'line' as const,
    label,
    data: points,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: width,
    borderDash: dash,
    pointRadius: 0,
    pointStyle: 'line' as const,
    tension: 0,
    parsing: false as const,
    normalized: true,
  };
}
