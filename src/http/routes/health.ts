import { Router } from "express";
import { pingDatabase, type Db } from "../../db/client.js";

export interface HealthOptions {
  /** True once SIGTERM arrived: the load balancer should stop sending new requests here. */
  draining?: () => boolean;
}

/** /healthz: the process is alive. /readyz: it can reach its database and is not shutting down. */
export function healthRoutes(db: Db, options: HealthOptions = {}): Router {
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
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unreachable" });
  });
  return router;
}
