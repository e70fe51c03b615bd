import { Router } from "express";
import { pingDatabase, type Db } from "../../db/client.js";
import { noMetrics, type MetricsRecorder } from "../../metrics/recorder.js";

/** /healthz: the process is alive. /readyz: it can reach its database. */
export function healthRoutes(db: Db, metrics: MetricsRecorder = noMetrics): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const ok = await pingDatabase(db);
    if (!ok) metrics.recordDatabaseError("probe");
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unreachable" });
  });
  return router;
}
