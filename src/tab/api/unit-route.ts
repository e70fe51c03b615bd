// GET /api/tab/unit (stub: filled by issue 17's API work).
import { Router } from "express";
import type { TabDeps } from "../tab-deps.js";
import type { TabEndpoint } from "./endpoint.js";

export const unitEndpoints: TabEndpoint[] = [];

export function unitRoutes(_deps: TabDeps): Router {
  return Router();
}
