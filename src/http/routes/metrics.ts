// GET /metrics (Prometheus). Served on the public port only with METRICS_TOKEN (Bearer), or on its
// own listener (METRICS_PORT, loopback by default); with neither it does not exist (docs/operations.md).
import { createHash, timingSafeEqual } from "node:crypto";
import { Router } from "express";
import type { PrometheusMetrics } from "../../metrics/prometheus.js";
import { errorForLog, type Logger } from "../../logger.js";

export function metricsRoute(metrics: PrometheusMetrics, token: string | undefined, logger: Logger): Router {
  const router = Router();
  const expected = token === undefined ? undefined : digest(token);
  router.get("/metrics", async (req, res) => {
    if (expected) {
      const header = req.headers.authorization ?? "";
      const presented = header.startsWith("Bearer ") ? header.slice(7) : "";
      // Hashes of equal length, compared in constant time: the token's length leaks nothing either.
      if (!timingSafeEqual(digest(presented), expected)) {
        res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').json({ error: "unauthorized" });
        return;
      }
    }
    try {
      const body = await metrics.render();
      res.status(200).set("Content-Type", metrics.contentType).set("Cache-Control", "no-store").send(body);
    } catch (error) {
      logger.error({ event: "metrics.failed", err: errorForLog(error) }, "metrics could not be rendered");
      res.status(500).json({ error: "internal error" });
    }
  });
  return router;
}

const digest = (s: string) => createHash("sha256").update(s).digest();
