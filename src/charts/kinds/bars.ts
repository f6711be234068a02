import { altText, slug } from '../format.js';
import type { Mark } from '../marks.js';
import { basePlugins, LAYOUT_PADDING, linearAxis } from '../options.js';
import type { ChartRequest } from '../request.js';
import type { ChartSpec } from '../spec.js';
import { INK, seriesColour } from '../theme.js';

type Entry = { label: string; value: number };

/** More bars than this stop being readable at chat size; the alt text says what was left out. */
const MAX_BARS = 15;

const shorten = (s: string, n = 22): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const valueText = (v: number): string => String(Number(v.toFixed(2)));

function barSpec(
  title: string,
  entries: Entry[],
  horizontal: boolean,
  axisTitle: string,
  what: string,
  filename: string,
): ChartSpec {
  const shown = entries.slice(0, MAX_BARS);
  const labels = shown.map((e) => shorten(e.label));
  const max = Math.max(1, ...shown.map((e) => e.value));
  const valueAxis = linearAxis(axisTitle, {
    min: 0,
    // Headroom for the value labels at the bar ends.
    suggestedMax: max * 1.12,
    ticks: { precision: 0 },
  });
  const categoryAxis = {
    type: 'category' as const,
    grid: { display: false },
    border: { color: '#8c959f' },
    ticks: { color: INK, autoSkip: false, maxRotation: 0 },
  };
  const marks: Mark[] = shown.map((e, i) => ({
    id: `bar:${i}`,
    x: horizontal ? e.value : i,
    y: horizontal ? i : e.value,
    colour: INK,
    shape: 'none',
    size: 0,
    label: [valueText(e.value)],
    labelColour: INK,
    bold: true,
    labelSize: 16,
    mustLabel: true,
    prefer: horizontal ? 'right' : 'above',
  }));
  const config = {
    type: 'bar' as const,
    data: {
      labels,
      datasets: [
        {
          label: what,
          data: shown.map((e) => e.value),
          backgroundColor: seriesColour(0),
          borderRadius: 3,
          maxBarThickness: 64,
        },
      ],
    },
    options: {
      indexAxis: horizontal ? ('y' as const) : ('x' as const),
      layout: { padding: LAYOUT_PADDING },
      plugins: basePlugins(title, entries.length ? undefined : 'Nothing to show yet', false),
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
  };
  const listed = shown.map((e) => `${e.label} ${valueText(e.value)}`).join(', ');
  const rest =
    entries.length > shown.length ? ` (${entries.length - shown.length} more not shown)` : '';
  const alt = altText([
    `${title}: bar chart of ${what}.`,
    entries.length ? `${listed}${rest}.` : 'No entries yet.',
  ]);
  return { config, marks, guides: [], alt, filename } as ChartSpec;
}

/** Quiz round summary: one horizontal bar per player, names readable at any length. */
export function scoresSpec(req: Extract<ChartRequest, { kind: 'scores' }>): ChartSpec {
  const axis = req.axis ?? { label: 'Score', unit: 'scores' };
  return barSpec(
    req.title,
    req.entries,
    true,
    axis.label,
    axis.unit,
    `scores-${slug(req.title)}.png`,
  );
}

/** Flashcards due per day, in day order. */
export function dueForecastSpec(req: Extract<ChartRequest, { kind: 'due-forecast' }>): ChartSpec {
  return barSpec(
    req.title,
    req.days,
    false,
    'Cards due',
    'cards due per day',
    `due-${slug(req.title)}.png`,
  );
}
