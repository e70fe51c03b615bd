// GET /api/tab/me (stub: filled by issue 17's API work).
import { Router } from "express";
import type { TabDeps } from "../tab-deps.js";
import type { TabEndpoint } from "./endpoint.js";

export const meEndpoints: TabEndpoint[] = [];

export function meRoutes(_deps: TabDeps): Router {
  return Router();
}
