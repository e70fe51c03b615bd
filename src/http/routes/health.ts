import { Router } from "express";
import { pingDatabase, type Db } from "../../db/client.js";

/** /healthz: the process is alive. /readyz: it can reach its database. */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const ok = await pingDatabase(db);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unreachable" });
  });
  return router;
}
