// GET /api/tab/overview (stub: filled by issue 17's API work).
import { Router } from "express";
import type { TabDeps } from "../tab-deps.js";
import type { TabEndpoint } from "./endpoint.js";

export const overviewEndpoints: TabEndpoint[] = [];

export function overviewRoutes(_deps: TabDeps): Router {
  return Router();
}
