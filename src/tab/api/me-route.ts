// GET /api/tab/me: who the caller is, their roles, and every unit they may open with why (the tab's
// navigation). Read from the database on every request: a role taken away in today's HR import is
// gone from the next response.
import { Router } from "express";
import { listVisibleUnits } from "../../domain/aggregates/tab-scope.js";
import type { TabDeps } from "../tab-deps.js";
import { viewerOf } from "../viewer.js";
import type { TabEndpoint } from "./endpoint.js";
import { MeResponseSchema } from "./schemas.js";
import { sendChecked, sendError } from "./send-checked.js";

export const meEndpoints: TabEndpoint[] = [
  {
    method: "get",
    path: "/api/tab/me",
    summary: "The signed-in person, their roles and the units they may open",
    description:
      "Units: a member's own unit(s); a chef's or skyddsombud's units with everything below; where a huvudskyddsombud or regionalt skyddsombud stands in for a missing skyddsombud; an HR partner's areas. Parents come before their children; parentId is set only when the parent is in the list too.",
    response: MeResponseSchema,
  },
];

export function meRoutes(deps: TabDeps): Router {
  const router = Router();
  router.get("/me", async (_req, res) => {
    const viewer = viewerOf(res);
    const [person, scope] = await Promise.all([
      deps.db.person.findUnique({ where: { id: viewer.personId }, select: { id: true, displayName: true, active: true } }),
      listVisibleUnits(deps.db, viewer.personId),
    ]);
    if (!person?.active) return sendError(res, 403, "notAPerson");
    sendChecked(res, MeResponseSchema, {
      person: { id: person.id, name: person.displayName, locale: viewer.locale },
      roles: scope.roles,
      units: scope.units.map((u) => ({ id: u.id, name: u.name, relation: u.relation, parentId: u.parentId, depth: u.depth })),
      areas: scope.areas,
      privacy: {
        minGroupSize: deps.config.minGroupSize,
        answerRetentionMonths: deps.config.retention.answersMonths,
        absenceRetentionMonths: deps.config.retention.absencesMonths,
      },
    });
  });
  return router;
}
