// The express app: Bot Framework endpoint, the tab, health probes, one log line per request.
import express, { type ErrorRequestHandler } from "express";
import { errorForLog, type Logger } from "../logger.js";
import type { Db } from "../db/client.js";
import { healthRoutes, type HealthOptions } from "./routes/health.js";
import { messagesRoute, type MessagesRouteOptions } from "./routes/messages.js";
import { metricsRoute } from "./routes/metrics.js";
import type { PrometheusMetrics } from "../metrics/prometheus.js";

/** /metrics on this app, behind a Bearer token (only when no separate metrics port is configured). */
export interface PublicMetrics {
  metrics: PrometheusMetrics;
  token: string;
}

export function createHttpApp(
  db: Db,
  logger: Logger,
  messages: MessagesRouteOptions,
  health: HealthOptions = {},
  publicMetrics?: PublicMetrics,
  /** The tab's page and API (src/tab/routes.ts). */
  tab?: express.Router,
): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ event: "http.request", method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, "request");
    });
    next();
  });
  app.use(healthRoutes(db, { metrics: messages.metrics, ...health }));
  if (publicMetrics) app.use(metricsRoute(publicMetrics.metrics, publicMetrics.token, logger));
  app.use(messagesRoute(messages));
  if (tab) app.use(tab);
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = typeof error.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ event: "http.error", err: errorForLog(error) }, "request failed");
    res.status(status).json({ error: status === 500 ? "internal error" : (error.type ?? error.message) });
  };
  app.use(onError);
  return app;
}

/** The separate metrics listener's app: /metrics and nothing else (token optional there). */
export function createMetricsApp(metrics: PrometheusMetrics, token: string | undefined, logger: Logger): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(metricsRoute(metrics, token, logger));
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  return app;
}
