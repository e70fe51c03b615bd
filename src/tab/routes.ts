// The tab (issue 17): the page under /tab/, its JSON API under /api/tab/ (Bearer: the Teams SSO
// token, or in local mode a dev sign-in token, validated the same way), and the OpenAPI document.
import { json, Router } from "express";
import type { TabDeps } from "./tab-deps.js";
import type { TabAuth } from "./auth/create-tab-auth.js";
import { buildOpenApi } from "./api/openapi.js";
import { meEndpoints, meRoutes } from "./api/me-route.js";
import { unitEndpoints, unitRoutes } from "./api/unit-route.js";
import { tabWebRoutes } from "./web-routes.js";
import { overviewEndpoints, overviewRoutes } from "./api/overview-route.js";
import { serverTiming } from "./server-timing.js";

export const TAB_ENDPOINTS = [...meEndpoints, ...unitEndpoints, ...overviewEndpoints];

export function tabRoutes(deps: TabDeps, auth: TabAuth): Router {
  const router = Router();
  router.use(tabWebRoutes());
  const openApi = buildOpenApi(TAB_ENDPOINTS);
  router.get("/api/tab/openapi.json", (_req, res) => {
    res.json(openApi);
  });
  // What the page needs before sign-in: whether to offer the local dev sign-in.
  router.get("/api/tab/config", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ devSignIn: auth.devRoutes !== undefined });
  });
  if (auth.devRoutes) router.use(auth.devRoutes);
  const api = Router();
  api.use(serverTiming());
  api.use(auth.requireViewer);
  api.use(json({ limit: "32kb" }));
  api.use(meRoutes(deps));
  api.use(unitRoutes(deps));
  api.use(overviewRoutes(deps));
  // Inside the API an unknown path is a JSON 404, after the token was checked (no probing unsigned).
  api.use((_req, res) => {
    res.status(404).json({ error: "notFound" });
  });
  router.use("/api/tab", api);
  return router;
}
