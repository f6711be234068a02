/**
 * Marked points, guide lines and their labels, drawn by a small inline Chart.js plugin. Chart.js
 * has no annotation or data-label support of its own, and both plugins for it assume a browser;
 * this does the little we need and places labels so that they do not overlap.
 */
import type { Chart, Plugin } from 'chart.js';
import { CARD, FONT_FAMILY, FONT_SIZES, INK, MUTED_INK } from './theme.js';

export type MarkShape = 'circle' | 'square' | 'diamond' | 'triangle' | 'none';

/** A point to mark at data coordinates, optionally labelled. */
export interface Mark {
  /** Stable id, so tests can find where e.g. `optimum:epoch2024` was drawn. */
  id: string;
  x: number;
  y: number;
  colour: string;
  shape: MarkShape;
  /** Radius in pixels. */
  size: number;
  /** Filled, or drawn as an outline. */
  hollow?: boolean;
  /** Lines of label text. */
  label?: string[];
  labelColour?: string;
  bold?: boolean;
  /** Lower places first; labels that find no free spot are dropped unless `mustLabel`. */
  priority?: number;
  mustLabel?: boolean;
  /** Only spots right next to the mark (no leader lines): for crowded plots of many points. */
  nearOnly?: boolean;
  /** Label type size in pixels; default FONT_SIZES.label. */
  labelSize?: number;
  /** Where to try first: labels beside bars read best to the right or above. */
  prefer?: 'right' | 'above' | 'left' | 'below';
}

/** A vertical line at x, across the plot area. */
export interface Guide {
  x: number;
  colour: string;
  dash: number[];
  label?: string;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const labelSize = (mark: Mark): number => mark.labelSize ?? FONT_SIZES.label;
const lineHeight = (mark: Mark): number => labelSize(mark) + 4;
const LINE_HEIGHT = FONT_SIZES.label + 4;
const PAD = 4;

const overlaps = (a: Box, b: Box): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

const inside = (a: Box, area: Box): boolean =>
  a.left >= area.left && a.right <= area.right && a.top >= area.top && a.bottom <= area.bottom;

/** Pixel position of a mark on the chart's x and y scales. */
export function markPixel(chart: Chart, mark: { x: number; y: number }): { x: number; y: number } {
  return {
    x: chart.scales.x!.getPixelForValue(mark.x),
    y: chart.scales.y!.getPixelForValue(mark.y),
  };
}

type Ctx = Chart['ctx'];

function drawShape(ctx: Ctx, mark: Mark, x: number, y: number): void {
  const r = mark.size;
  ctx.beginPath();
  switch (mark.shape) {
    case 'none':
      return;
    case 'circle':
      ctx.arc(x, y, r, 0, Math.PI * 2);
      break;
    case 'square':
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      break;
    case 'diamond':
      ctx.moveTo(x, y - r * 1.3);
      ctx.lineTo(x + r * 1.3, y);
      ctx.lineTo(x, y + r * 1.3);
      ctx.lineTo(x - r * 1.3, y);
      break;
    case 'triangle':
      ctx.moveTo(x, y - r * 1.3);
      ctx.lineTo(x + r * 1.2, y + r * 0.9);
      ctx.lineTo(x - r * 1.2, y + r * 0.9);
      break;
  }
  ctx.closePath();
  if (mark.hollow) {
    ctx.fillStyle = CARD;
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = mark.colour;
    ctx.stroke();
  } else {
    ctx.fillStyle = mark.colour;
    ctx.fill();
    // A light rim separates the mark from the curve it sits on.
    ctx.lineWidth = 2;
    ctx.strokeStyle = CARD;
    ctx.stroke();
  }
}

/** Candidate label boxes around a point, nearest first; `far` ones get a leader line. */
function candidates(
  x: number,
  y: number,
  r: number,
  w: number,
  h: number,
  prefer: Mark['prefer'],
): { box: Box; far: boolean }[] {
  const out: { box: Box; far: boolean }[] = [];
  for (const [gap, far] of [
    [r + 6, false],
    [r + 34, true],
    [r + 70, true],
  ] as const) {
    const spots: Record<string, [number, number]> = {
      right: [x + gap, y - h / 2],
      above: [x - w / 2, y - gap - h],
      left: [x - gap - w, y - h / 2],
      below: [x - w / 2, y + gap],
      upRight: [x + gap * 0.7, y - gap * 0.7 - h],
      downRight: [x + gap * 0.7, y + gap * 0.7],
      upLeft: [x - gap * 0.7 - w, y - gap * 0.7 - h],
      downLeft: [x - gap * 0.7 - w, y + gap * 0.7],
    };
    const order = ['right', 'left', 'above', 'below', 'upRight', 'downRight', 'upLeft', 'downLeft'];
    if (prefer) order.unshift(prefer);
    for (const key of new Set(order)) {
      const [left, top] = spots[key]!;
      out.push({ box: { left, top, right: left + w, bottom: top + h }, far });
    }
  }
  return out;
}

function drawLabel(ctx: Ctx, mark: Mark, box: Box): void {
  ctx.fillStyle = 'rgba(255,255,255,0.88)';
  ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  ctx.fillStyle = mark.labelColour ?? INK;
  ctx.font = `${mark.bold ? 'bold ' : ''}${labelSize(mark)}px "${FONT_FAMILY}"`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  mark.label!.forEach((line, i) =>
    ctx.fillText(line, box.left + PAD, box.top + PAD + i * lineHeight(mark)),
  );
}

function drawGuides(chart: Chart, guides: Guide[], taken: Box[]): void {
  const { ctx, chartArea: area } = chart;
  for (const guide of guides) {
    const x = chart.scales.x!.getPixelForValue(guide.x);
    if (x < area.left || x > area.right) continue;
    ctx.save();
    ctx.strokeStyle = guide.colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(guide.dash);
    ctx.beginPath();
    ctx.moveTo(x, area.top);
    ctx.lineTo(x, area.bottom);
    ctx.stroke();
    ctx.restore();
    if (!guide.label) continue;
    ctx.font = `${FONT_SIZES.label}px "${FONT_FAMILY}"`;
    const w = ctx.measureText(guide.label).width + 2 * PAD;
    const h = LINE_HEIGHT + PAD;
    // Top of the plot, on whichever side of the line has room.
    const left = x + 4 + w <= area.right ? x + 4 : x - 4 - w;
    const box = { left, top: area.top + 4, right: left + w, bottom: area.top + 4 + h };
    taken.push(box);
    ctx.fillStyle = 'rgba(255,255,255,0.88)';
    ctx.fillRect(box.left, box.top, w, h);
    ctx.fillStyle = MUTED_INK;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(guide.label, box.left + PAD, box.top + PAD);
  }
}

/**
 * What labels should not cover. Scatter points are hard obstacles (a label on another point
 * would name the wrong one); each drawn line is one soft group of boxes sampled every few
 * pixels. Bars are not obstacles: their value labels sit beside them by construction.
 */
function obstacles(chart: Chart): { points: Box[]; lines: Box[][] } {
  const points: Box[] = [];
  const lines: Box[][] = [];
  chart.data.datasets.forEach((dataset, i) => {
    const meta = chart.getDatasetMeta(i);
    if (meta.type !== 'line' || meta.hidden) return;
    const pts = meta.data.map((p) => ({ x: p.x, y: p.y }));
    if ((dataset as { showLine?: boolean }).showLine === false) {
      for (const p of pts)
        points.push({ left: p.x - 7, top: p.y - 7, right: p.x + 7, bottom: p.y + 7 });
      return;
    }
    const line: Box[] = [];
    pts.forEach((p, j) => {
      const next = pts[j + 1] ?? p;
      const steps = Math.max(1, Math.ceil(Math.hypot(next.x - p.x, next.y - p.y) / 6));
      for (let s = 0; s < steps; s++) {
        const x = p.x + ((next.x - p.x) * s) / steps;
        const y = p.y + ((next.y - p.y) * s) / steps;
        line.push({ left: x - 2, top: y - 2, right: x + 2, bottom: y + 2 });
      }
    });
    lines.push(line);
  });
  return { points, lines };
}

const countOverlaps = (box: Box, boxes: Box[]): number =>
  boxes.reduce((n, b) => n + (overlaps(box, b) ? 1 : 0), 0);

/** How many lines or points a label box would cover. */
const groupsCovered = (box: Box, groups: Box[][]): number =>
  groups.reduce((n, g) => n + (g.some((b) => overlaps(box, b)) ? 1 : 0), 0);

/**
 * The plugin: guides, then marks, then labels placed greedily by priority at the nearest spot
 * that covers no other label or mark and as little of the curves as it can.
 */
export function marksPlugin(marks: Mark[], guides: Guide[] = []): Plugin {
  return {
    id: 'marks',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area } = chart;
      const taken: Box[] = [];
      const { points, lines } = obstacles(chart);
      ctx.save();
      drawGuides(chart, guides, taken);
      const placed = marks.map((mark) => ({ mark, at: markPixel(chart, mark) }));
      for (const { mark, at } of placed) {
        if (at.x < area.left - 1 || at.x > area.right + 1) continue;
        drawShape(ctx, mark, at.x, at.y);
        const r = mark.shape === 'none' ? 0 : mark.size + 2;
        taken.push({ left: at.x - r, top: at.y - r, right: at.x + r, bottom: at.y + r });
      }
      taken.push(...points);
      const labelled = placed
        .filter((p) => p.mark.label?.length)
        .sort((a, b) => (a.mark.priority ?? 0) - (b.mark.priority ?? 0));
      for (const { mark, at } of labelled) {
        ctx.font = `${mark.bold ? 'bold ' : ''}${labelSize(mark)}px "${FONT_FAMILY}"`;
        const w = Math.max(...mark.label!.map((l) => ctx.measureText(l).width)) + 2 * PAD;
        const h = mark.label!.length * lineHeight(mark) + PAD;
        const r = mark.size;
        let best: { box: Box; far: boolean } | undefined;
        let bestScore = Infinity;
        candidates(at.x, at.y, r, w, h, mark.prefer).forEach((c, index) => {
          if (!inside(c.box, area) || (mark.nearOnly && c.far)) return;
          const hard = countOverlaps(c.box, taken);
          if (hard > 0 && !mark.mustLabel) return;
          // Covering a line costs about as much as moving one ring further out.
          const score = hard * 1000 + groupsCovered(c.box, lines) * 20 + index * 4;
          if (score < bestScore) [best, bestScore] = [c, score];
        });
        if (!best) continue;
        const chosen: { box: Box; far: boolean } = best;
        if (chosen.far) drawLeader(ctx, mark, at, chosen.box);
        drawLabel(ctx, mark, chosen.box);
        taken.push(chosen.box);
      }
      ctx.restore();
    },
  };
}

/** A thin line from the mark's edge to the nearest point of its label. */
function drawLeader(ctx: Ctx, mark: Mark, at: { x: number; y: number }, box: Box): void {
  const bx = Math.min(Math.max(at.x, box.left), box.right);
  const by = Math.min(Math.max(at.y, box.top), box.bottom);
  const length = Math.hypot(bx - at.x, by - at.y) || 1;
  const r = mark.shape === 'none' ? 0 : mark.size + 1;
  ctx.strokeStyle = mark.labelColour ?? MUTED_INK;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(at.x + ((bx - at.x) * r) / length, at.y + ((by - at.y) * r) / length);
  ctx.lineTo(bx, by);
  ctx.stroke();
}
