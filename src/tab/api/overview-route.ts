// GET /api/tab/overview: the HR partner's areas ("Chefsstöd" and "Statistikstöd"). One area per
// unit the caller is HR partner for (from the database, never the request): the heatmap of the
// area's latest pulse, ranked by need, case follow-up counts, round state and sick-leave
// statistics per unit (the latest monthly snapshot, with its day: nothing is computed here). Managers, skyddsombud and members have no area overview (their units are
// under /api/tab/units): they get 200 with areas []. Every area shown is audited.
import { Router } from "express";
import type { TabDeps } from "../tab-deps.js";
import type { TabEndpoint } from "./endpoint.js";
import { OverviewResponseSchema, type OverviewResponse } from "./schemas.js";
import { sendChecked } from "./send-checked.js";
import { figureJson, figureJsonOrNull } from "./figure-json.js";
import { viewerOf } from "../viewer.js";
import { translatorFor } from "../../i18n/index.js";
import { listHrSubtreeRoots } from "../../domain/aggregates/viewer-scope.js";
import { readAreaOverview, type AreaOverview } from "../../domain/aggregates/read-area-overview.js";
import { readSickLeaveStats } from "../../domain/aggregates/read-sick-leave-stats.js";
import { recordAggregateViews } from "../../domain/aggregates/record-view.js";
import { scaleOf } from "../../domain/pulse/question-bank.js";

export const overviewEndpoints: TabEndpoint[] = [
  {
    method: "get",
    path: "/api/tab/overview",
    summary: "The HR partner's areas, units ranked by need",
    description:
      "One area per unit the caller is HR partner for: every question of the area's latest summarised pulse per unit (share good or better, respondents), " +
      "the need signals and ranking of the chat's overview card, early-signal case counts (no names), the friskfaktor round's state and sick-leave statistics per unit " +
      "from the latest monthly snapshot (sickLeaveAsOf: the day they are counted to; null and no figures before the first). " +
      "Others get an empty list. Every figure passed the release rules; each area returned is recorded in the audit log.",
    response: OverviewResponseSchema,
  },
];

type Area = OverviewResponse["areas"][number];

function toArea(a: AreaOverview, questionText: (id: string) => string, sickLeaveAsOf: string | null): Area {
  // The heatmap shows the share answering good or better: only questions whose scale has a good
  // line have one. The others are named beside it (their figures are on each unit's page).
  const inHeatmap = a.questionIds.map((id) => scaleOf(id).goodValues.length > 0);
  return {
    root: a.root,
    pulse: a.pulse ? { id: a.pulse.id, dueAt: a.pulse.dueAt.toISOString(), closesAt: a.pulse.closesAt.toISOString() } : null,
    questions: a.questionIds.filter((_, i) => inHeatmap[i]).map((questionId) => ({ questionId, text: questionText(questionId) })),
    otherQuestions: a.questionIds.filter((_, i) => !inHeatmap[i]).map((questionId) => ({ questionId, text: questionText(questionId) })),
    total: figureJsonOrNull(a.total),
    sickLeaveAsOf,
    rows: a.rows.map((r) => ({
      unit: r.unit,
      depth: r.depth,
      parentId: r.parentId,
      cells: r.cells.filter((_, i) => inHeatmap[i]).map((c) => figureJson(c)),
      change: figureJsonOrNull(r.change),
      participation: figureJsonOrNull(r.participation),
      needs: r.needs,
      cases: r.followUp,
      round: r.round,
      sickLeave: figureJsonOrNull(r.sickLeave),
    })),
  };
}

export function overviewRoutes(deps: TabDeps): Router {
  const router = Router();
  router.get("/overview", async (_req, res) => {
    const viewer = viewerOf(res);
    const now = deps.clock.now();
    const roots = await listHrSubtreeRoots(deps.db, viewer.personId);
    const areas: Area[] = [];
    if (roots.length > 0) {
      const k = deps.config.minGroupSize;
      // The latest monthly snapshot, decided for the whole organisation when it was built.
      const snapshot = await readSickLeaveStats(deps.db);
      const sickLeave = snapshot?.figures ?? new Map();
      const t = translatorFor(viewer.locale);
      const shown: AreaOverview[] = [];
      for (const root of roots) {
        const area = await readAreaOverview(deps.db, { rootUnitId: root.id, k, now, viewerId: viewer.personId, sickLeave });
        if (!area) continue;
        shown.push(area);
        areas.push(toArea(area, (id) => t(`pulse.questions.${id}`), snapshot?.asOf ?? null));
      }
      await recordAggregateViews(
        deps.db,
        shown.map((a) => ({ actorId: viewer.personId, unitId: a.root.id, pulseId: a.pulse?.id ?? null, view: "subtreeOverview", via: "tab", at: now })),
      );
    }
    sendChecked(res, OverviewResponseSchema, { generatedAt: now.toISOString(), areas });
  });
  return router;
}
