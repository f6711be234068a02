/**
 * The entry point (`npm start`): read the configuration once, start the adapters whose
 * credentials are set, and serve the one HTTP server (Slack events, /healthz, playground).
 * With no credentials it serves the playground so anyone can try the bot in a minute.
 */
import { pathToFileURL } from 'node:url';
import { commands } from '../commands/index.js';
import { closeChartPool, renderChart } from './charts/index.js';
import { enabledAdapters } from './adapters/contract.js';
import { adapters as registry } from './adapters/registry.js';
import { drainInFlight } from './adapters/shared/inflight.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { HttpServer } from './http/server.js';
import { createLogger, logger, setLogger } from './logger.js';
import { metricsEnabled, mountMetrics, startMetricsServer } from './metrics/route.js';
import { installProcessGuard } from './process-guard.js';
import { createServices, type RunningServices } from './services.js';
import { ServerDataLifecycle } from './settings/lifecycle.js';
import type { Messenger, Platform } from '../commands/define.js';

/** Started alongside the adapters but not adapters themselves (kept out of /healthz). */
const SERVICES = new Set(['services', 'metrics', 'lifecycle']);
const DAY_MS = 24 * 60 * 60_000;

interface Running {
  name: string;
  stop(): Promise<void> | void;
}

export interface Bot {
  config: Config;
  url: string;
  adapters: string[];
  /** The store-backed services the adapters' commands use (tests look inside). */
  services: RunningServices;
  /** Server removals and the deletion after the grace period (tests sweep it). */
  lifecycle: ServerDataLifecycle;
  stop(): Promise<void>;
}

/** How long a shutdown waits for answers in flight. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface BotOptions {
  /** Least time between two attempts to reopen a database that failed (default 15 s; tests). */
  storeRetryMs?: number;
}

export async function startBot(config: Config, options: BotOptions = {}): Promise<Bot> {
  // Any Host: Slack's signed events come through proxies under a public name (the path is
  // SLACK_EVENTS_PATH), and probes reach /healthz by address. Every other route (the
  // playground) must be asked for by a name this server is bound to: DNS-rebinding defence.
  const http = new HttpServer({ anyHost: ['/healthz', '/slack/events'] });
  const running: Running[] = [];
  let ready = false;
  http.route('GET', '/healthz', (_req, res) => {
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        ok: ready,
        adapters: running.filter((r) => !SERVICES.has(r.name)).map((r) => r.name),
      }),
    );
  });

  if (metricsEnabled(config.METRICS)) mountMetrics(http);
  const address = await http.listen(config.PORT, config.HOST);
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  const stopAll = async () => {
    // Answers already acknowledged finish first (charts included); /healthz says 503 meanwhile.
    ready = false;
    const left = await drainInFlight(SHUTDOWN_GRACE_MS);
    if (left > 0) logger.warn({ left }, 'stopping with answers still in flight');
    for (const r of running.reverse()) await r.stop();
    await http.close();
    await closeChartPool();
  };

  const messengers: Partial<Record<Platform, Messenger>> = {};
  // Built before the adapters so commands reach it through their context; started after them,
  // so their messengers exist to resume sessions that were running. The store opens once.
  const services = createServices({
    databaseUrl: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    messengers,
    retryMs: options.storeRetryMs,
  });
  // The bot leaving a server (adapters report it) deletes that server's data after the grace.
  const lifecycle = new ServerDataLifecycle({
    db: async () => (await services.settings?.())?.store.db,
    graceMs: config.DATA_GRACE_DAYS * DAY_MS,
    deleted: (platform, serverId) => services.engines?.settings.forget(platform, serverId),
  });
  try {
    if (config.METRICS_PORT) {
      const metrics = await startMetricsServer(config.METRICS_PORT, config.HOST);
      running.push({ name: 'metrics', stop: () => metrics.close() });
    }
    // Each adapter's module (and its SDK) is imported only when its configuration enables it.
    for (const adapter of enabledAdapters(registry, config)) {
      const started = await adapter.start({
        config,
        http,
        renderChart,
        commands,
        services,
        lifecycle,
      });
      running.push({ name: started.label ?? adapter.name, stop: started.stop });
      messengers[adapter.name] = started.messenger;
    }
    // Never throws: without a usable database /quiz says so and the math still works; a
    // database that cannot be opened now is tried again on a later /quiz (options.storeRetryMs).
    await services.start();
    running.push({ name: 'services', stop: services.stop });
    lifecycle.start();
    running.push({ name: 'lifecycle', stop: () => lifecycle.stop() });
  } catch (error) {
    await stopAll();
    throw error;
  }

  ready = true;
  return {
    config,
    url,
    adapters: running.filter((r) => !SERVICES.has(r.name)).map((r) => r.name),
    services,
    lifecycle,
    stop: stopAll,
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  setLogger(createLogger(config.LOG_LEVEL));
  let bot: Bot | undefined;
  let stopping = false;
  const shutdown = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    // Not started yet: nothing in flight to finish.
    if (!bot) return process.exit(code);
    bot.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  installProcessGuard({
    fatal: (code) => shutdown('uncaughtException', code),
    // The graceful path's own wait, plus time to close the adapters.
    forceExitMs: SHUTDOWN_GRACE_MS + 5_000,
  });
  const started = Date.now();
  try {
    bot = await startBot(config);
  } catch (error) {
    // Start-up failures (a rejected token, a port in use) are the user's to fix: one clear line.
    const message = error instanceof Error ? error.message : String(error);
    logger.fatal({ err: error }, 'could not start');
    process.stderr.write(`Scaling Tutor could not start: ${message}\n`);
    process.exit(1);
  }
  logger.info({ adapters: bot.adapters, ms: Date.now() - started, url: bot.url }, 'ready');
  if (bot.adapters.includes('playground')) {
    process.stdout.write(
      `\nScaling Tutor playground: ${bot.url}/  (no Discord or Slack credentials set — see .env.example to add them)\n\n`,
    );
  }
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  process.on('SIGINT', () => shutdown('SIGINT', 0));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
