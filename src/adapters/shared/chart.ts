/**
 * Render a reply's chart for an adapter. A failed render never costs the user the answer:
 * they get the text with a note instead.
 */
import type { RenderedChart } from '../../charts/request.js';
import type { Reply } from '../../reply.js';
import { logger } from '../../logger.js';

export type ChartRenderer = (request: NonNullable<Reply['chart']>) => Promise<RenderedChart>;

export const CHART_FAILED_NOTE =
  'The chart could not be drawn this time; the numbers above are complete.';

export async function renderReplyChart(
  reply: Reply,
  render: ChartRenderer,
): Promise<{ reply: Reply; chart?: RenderedChart }> {
  if (!reply.chart) return { reply };
  try {
    return { reply, chart: await render(reply.chart) };
  } catch (error) {
    logger.warn(
      { err: error, chart: reply.chart.kind },
      'chart render failed; answering with text only',
    );
    return { reply: { ...reply, notes: [...(reply.notes ?? []), CHART_FAILED_NOTE] } };
  }
}
