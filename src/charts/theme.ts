/**
 * Size, colours and type for every chart. One light, opaque card: a transparent PNG with dark
 * text vanishes on Discord's dark theme and light text vanishes on Slack, while an opaque light
 * card reads the same on all three and keeps colour contrast of the palette high.
 */

/**
 * 960×540 (16:9): chat clients show previews about 400–550 px wide, so larger images only add
 * encode time (PNG cost grows with pixels) without adding legibility; the full-size view still
 * has room for the legend and labels at 15–18 px type.
 */
export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 540;

export const FONT_FAMILY = 'DejaVu Sans';

export const INK = '#1f2328';
export const MUTED_INK = '#57606a';
export const GRID = '#e4e7eb';
export const CARD = '#ffffff';
export const CARD_BORDER = '#c4cad1';

/** Okabe–Ito colours (distinguishable with colour-vision deficiencies), without the yellow. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

/** The k:1 rule of thumb and other reference marks. */
export const RULE_COLOUR = '#1f2328';
/** A known model that is not highlighted. */
export const MODEL_COLOUR = '#5b7083';
export const HIGHLIGHT_COLOUR = '#E69F00';
export const USER_COLOUR = '#D55E00';

export const FONT_SIZES = {
  title: 22,
  subtitle: 15,
  axisTitle: 16,
  ticks: 15,
  legend: 15,
  label: 14,
};

export const seriesColour = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length]!;
