import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  SubTitle,
  Title,
} from 'chart.js';
import { registerChartFonts } from './fonts.js';
import { FONT_FAMILY, FONT_SIZES, INK, MUTED_INK } from './theme.js';

let ready = false;

/**
 * Once per thread: register only the Chart.js parts we draw with (no tooltip, animation or
 * DOM events run on a server), and set the defaults every chart shares.
 */
export function setUpCharts(): void {
  if (ready) return;
  registerChartFonts();
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    BarController,
    BarElement,
    LinearScale,
    LogarithmicScale,
    CategoryScale,
    Legend,
    Title,
    SubTitle,
  );
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.font.size = FONT_SIZES.ticks;
  Chart.defaults.color = MUTED_INK;
  Chart.defaults.animation = false;
  Chart.defaults.responsive = false;
  Chart.defaults.devicePixelRatio = 1;
  Chart.defaults.events = [];
  Chart.defaults.plugins.title.color = INK;
  ready = true;
}
