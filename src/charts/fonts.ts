import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';
import { FONT_FAMILY } from './theme.js';

const require = createRequire(import.meta.url);
let registered = false;

/**
 * Register the shipped DejaVu Sans (regular and bold) once per thread, so charts look the same
 * on every machine and ×, ², α, β have glyphs whatever fonts the host has.
 */
export function registerChartFonts(): void {
  if (registered) return;
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    const path = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    if (!GlobalFonts.registerFromPath(path, FONT_FAMILY)) {
      throw new Error(`Could not register the chart font ${path}`);
    }
  }
  registered = true;
}
