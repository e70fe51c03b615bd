import { Router } from "express";
import { pingDatabase, type Db } from "../../db/client.js";
import { noMetrics, type MetricsRecorder } from "../../metrics/recorder.js";

export interface HealthOptions {
  /** True once SIGTERM arrived: the load balancer should stop sending new requests here. */
  draining?: () => boolean;
  /** Counts a failed database probe (src/metrics); nothing when not given. */
  metrics?: MetricsRecorder;
}

/** /healthz: the process is alive. /readyz: it can reach its database and is not shutting down. */
export function healthRoutes(db: Db, options: HealthOptions = {}): Router {
  const metrics = options.metrics ?? noMetrics;
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    if (options.draining?.()) {
      res.status(503).json({ status: "draining" });
      return;
    }
    const ok = await pingDatabase(db);
    if (!ok) metrics.recordDatabaseError("probe");
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unreachable" });
  });
  return router;
}
