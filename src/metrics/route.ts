/**
 * GET /metrics in Prometheus text. Served on the bot's own server only with METRICS=1 (that
 * server may face the internet: the playground, Slack's events), or on METRICS_PORT alone.
 */
import { HttpServer } from '../http/server.js';
import { registry, startProcessMetrics } from './index.js';

export function mountMetrics(http: HttpServer): void {
  startProcessMetrics();
  http.route('GET', '/metrics', async (_req, res) => {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(body);
  });
}

/** A server with /metrics and nothing else, on its own port. */
export async function startMetricsServer(port: number, host: string): Promise<HttpServer> {
  const http = new HttpServer();
  mountMetrics(http);
  await http.listen(port, host);
  return http;
}

export const metricsEnabled = (flag: string | undefined): boolean =>
  flag !== undefined && /^(1|true)$/i.test(flag);
