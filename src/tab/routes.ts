// The tab (issue 17): the page under /tab/, its JSON API under /api/tab/ (Bearer: the Teams SSO
// token, or in local mode a dev sign-in token, validated the same way), and the OpenAPI document.
import { Router } from "express";
import type { TabDeps } from "./tab-deps.js";
import { buildOpenApi } from "./api/openapi.js";
import { meEndpoints, meRoutes } from "./api/me-route.js";
import { unitEndpoints, unitRoutes } from "./api/unit-route.js";
import { tabWebRoutes } from "./web-routes.js";
import { overviewEndpoints, overviewRoutes } from "./api/overview-route.js";

export const TAB_ENDPOINTS = [...meEndpoints, ...unitEndpoints, ...overviewEndpoints];

/** requireViewer: the tab's auth middleware (src/tab/auth), which sets the viewer or answers 401/403. */
export function tabRoutes(deps: TabDeps, requireViewer: Router): Router {
  const router = Router();
  router.use(tabWebRoutes());
  const openApi = buildOpenApi(TAB_ENDPOINTS);
  router.get("/api/tab/openapi.json", (_req, res) => {
    res.json(openApi);
  });
  const api = Router();
  api.use(requireViewer);
  api.use(meRoutes(deps));
  api.use(unitRoutes(deps));
  api.use(overviewRoutes(deps));
  router.use("/api/tab", api);
  return router;
}
