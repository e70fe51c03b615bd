// Composition root: config → database (migrated) → Teams adapter and bot → HTTP server.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config.js";
import { systemClock, type Clock } from "./clock.js";
import { createLogger, type Logger } from "./logger.js";
import { createDb, type Db } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { createTeamsAdapter, createTeamsInbound } from "./teams/adapter.js";
import { createReplayGuard } from "./teams/replay-guard.js";
import { startSenderLookup } from "./teams/turn-context.js";
import { createBotApplication } from "./teams/bot.js";
import { createHttpApp, createMetricsApp } from "./http/server.js";
import { createTabAuth } from "./tab/auth/create-tab-auth.js";
import { tabRoutes } from "./tab/routes.js";
import type { PartyNotifier } from "./tab/tab-deps.js";
import { planMemberResults, planUnitCards } from "./teams/health-factor-presenter.js";
import { createPrometheusMetrics } from "./metrics/prometheus.js";
import { noMetrics } from "./metrics/recorder.js";
import { createConnectorSender } from "./teams/connector-sender.js";
import { createDispatcher } from "./delivery/create-dispatcher.js";
import type { Dispatcher } from "./delivery/dispatcher.js";
import { buildJobs } from "./jobs/registry.js";
import { startCron } from "./scheduler/start-cron.js";
import { resolveAnswerTokenSecret } from "./answer-token-secret.js";

export interface RunningFriskpuls {
  url: string;
  port: number;
  db: Db;
  dispatcher: Dispatcher;
  /** The separate metrics listener's base URL, when METRICS_PORT is set. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
}

export async function startFriskpuls(config: Config, options: StartOptions = {}): Promise<RunningFriskpuls> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const migration = await migrateDatabase(config.database);
  logger.info({ event: "db.migrated", provider: config.database.provider, applied: migration.applied.length }, "database ready");
  const db = createDb(config.database);
  const answerTokenSecret = resolveAnswerTokenSecret(config, logger);
  const adapter = createTeamsAdapter(config, logger);
  // Every turn runs at most once per activity id (ADR 0012).
  adapter.use(
    createReplayGuard({
      db,
      clock,
      logger,
      secret: answerTokenSecret,
      defaultLocale: config.defaultLocale,
      alongsideClaim: (activity) => startSenderLookup(activity, { db }),
    }),
  );
  const bot = createBotApplication(adapter, config.bot.appId, {
    db,
    clock,
    logger,
    minGroupSize: config.minGroupSize,
    answerRetentionMonths: config.answerRetentionMonths,
    retention: config.retention,
    nudges: config.nudges,
    support: config.support,
    defaultLocale: config.defaultLocale,
    answerTokenSecret,
  });
  const prometheus = config.metrics ? createPrometheusMetrics({ db, clock }) : undefined;
  const metrics = prometheus ?? noMetrics;
  const dispatcher = createDispatcher(config, db, createConnectorSender(config), clock, logger, metrics);
  const cron = config.schedulerEnabled
    ? startCron(buildJobs({ db, clock, config, answerTokenSecret }), clock, logger, () => dispatcher.nudge(), metrics)
    : undefined;
  if (config.schedulerEnabled) dispatcher.start();
  // /metrics on the public port only behind a token and only without a metrics port of its own.
  const publicMetrics =
    prometheus && config.metrics?.port === undefined && config.metrics?.token ? { metrics: prometheus, token: config.metrics.token } : undefined;
  let draining = false;
  // The tab tells the other party of a priority step or an activity through the bot's own cards.
  const presenter = { db, clock, minGroupSize: config.minGroupSize, defaultLocale: config.defaultLocale };
  const notifier: PartyNotifier = { unitCards: (o) => planUnitCards(presenter, o), memberResults: (o) => planMemberResults(presenter, o) };
  const tabDeps = { db, clock, logger, config, notifier };
  const tab = tabRoutes(tabDeps, await createTabAuth(tabDeps));
  const http = createHttpApp(
    db,
    logger,
    { teams: createTeamsInbound(adapter, bot), allowedTenantIds: config.bot.allowedTenantIds, logger, metrics },
    { draining: () => draining },
    publicMetrics,
    tab,
  );
  const server = await listen(http, config.port, config.host);
  const metricsServer =
    prometheus && config.metrics?.port !== undefined
      ? await listen(createMetricsApp(prometheus, config.metrics.token, logger), config.metrics.port, config.metrics.host)
      : undefined;
  const metricsUrl = metricsServer && `http://${hostForUrl(config.metrics!.host)}:${(metricsServer.address() as AddressInfo).port}`;
  if (metricsUrl) logger.info({ event: "metrics.listening", url: metricsUrl }, `metrics on ${metricsUrl}/metrics`);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
  logger.info({ event: "http.listening", port, host: config.host }, `Friskpuls listening on ${url}/api/messages`);
  return {
    url,
    port,
    db,
    dispatcher,
    ...(metricsUrl ? { metricsUrl } : {}),
    // Draining first (ADR 0020): /readyz answers 503, no new jobs or claims, in-flight sends
    // finish, claimed rows go back to pending for the other instances; then HTTP closes.
    async stop() {
      draining = true;
      await cron?.stop();
      await dispatcher.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      if (metricsServer) {
        const closed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections();
        await closed;
      }
      await db.$disconnect();
    },
  };
}

const hostForUrl = (host: string) => (host === "0.0.0.0" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host);

function listen(app: ReturnType<typeof createHttpApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    // Keep idle connections longer than the proxy in front (App Service's front end, Container Apps'
    // envoy: 60 s and more) and than a busy event loop's pause: with Node's 5 s default the server
    // may close a socket just as the client reuses it, and that request fails with ECONNRESET/502.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once("error", reject);
  });
}
