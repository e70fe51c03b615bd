// The tab's unit page and what the two parties do there (issue 17):
//   GET  /api/tab/units/{unitId}               the unit's released figures, friskfaktor profile, priorities, activities (and the chef's own cases)
//   GET  /api/tab/units/{unitId}/figures.csv   its released figures as a spreadsheet
//   POST /api/tab/units/{unitId}/priorities    propose / confirm, as on the friskfaktor card
//   POST /api/tab/units/{unitId}/activities    a new activity for an agreed factor
//   POST /api/tab/activities/{activityId}      done / postpone / edit
// Scope comes from the database on every request (tab-scope.ts): an unknown unit is 404, one
// outside the caller's scope 403. Every page and CSV shown is audited; every change goes through
// the same domain functions as the cards and tells the other party the same way.
import { Router, type Request, type Response } from "express";
import { DateTime } from "luxon";
import type { z } from "zod/v4";
import { prettifyError } from "zod/v4";
import { recordAggregateViews } from "../../domain/aggregates/record-view.js";
import { readUnitHealthFactors, readUnitSeries } from "../../domain/aggregates/read-unit-page.js";
import { relationToUnit, type Relation } from "../../domain/aggregates/tab-scope.js";
import { addActivity, changeActivity, type ActivityRefusal } from "../../domain/priorities/activities.js";
import { confirmPriorities, proposePriorities, readAgreement, type AgreementRefusal } from "../../domain/priorities/agreement.js";
import { listOtherSide, listToldOfStep } from "../../domain/priorities/parties.js";
import { translatorFor, type Translate } from "../../i18n/index.js";
import type { TabDeps } from "../tab-deps.js";
import { viewerOf, type TabViewer } from "../viewer.js";
import type { TabEndpoint } from "./endpoint.js";
import { csvDisposition, figuresCsv } from "./figures-csv.js";
import { ActionResponseSchema, ActivityAddSchema, ActivityChangeSchema, PriorityActionSchema, UnitResponseSchema } from "./schemas.js";
import { sendChecked, sendError } from "./send-checked.js";
import { buildUnitPage } from "./unit-page.js";

const unitParam = { name: "unitId", in: "path" as const, description: "The unit's id (as in the org export)", required: true };

export const unitEndpoints: TabEndpoint[] = [
  {
    method: "get",
    path: "/api/tab/units/{unitId}",
    summary: "One unit's page: every question's released series, target, friskfaktor profile, priorities, activities",
    description:
      "What the caller's relation to the unit lets them see: members get results, the profile, agreed priorities and activities; proposals are shown to the parties, those above them and HR; `cases` (the caller's own open cases in the unit) only to its chef, null for everyone else. Every view is audited.",
    params: [unitParam],
    response: UnitResponseSchema,
  },
  {
    method: "get",
    path: "/api/tab/units/{unitId}/figures.csv",
    summary: "The unit's released figures as CSV (Swedish Excel: UTF-8 with BOM, semicolons, decimal commas)",
    description:
      "One row per pulse and question, oldest first: date, question, respondents, invited, share good or better, and each answer bar's label, count and percent. A withheld row has the reason and empty figures. Headers in the caller's language. Audited.",
    params: [unitParam],
    response: { contentType: "text/csv; charset=utf-8", description: "The CSV file (Content-Disposition: attachment)" },
  },
  {
    method: "post",
    path: "/api/tab/units/{unitId}/priorities",
    summary: "Propose (or counter-propose) 1–3 priority factors, or confirm the other side's proposal",
    description:
      "Only the unit's two parties (chef side; skyddsombud or their stand-in). Refusals carry the card's code in `error`: notParty (403); notReady, alreadyAgreed, ownProposal, stale, noRound (409); invalid (400). The other side is told as from the card.",
    params: [unitParam],
    body: PriorityActionSchema,
    response: ActionResponseSchema,
  },
  {
    method: "post",
    path: "/api/tab/units/{unitId}/activities",
    summary: "Add an activity for an agreed factor",
    description: "Only the unit's two parties. Refusals: notParty (403); notAgreed, factorNotAgreed, noRound (409); invalidActivity, pastDue (400).",
    params: [unitParam],
    body: ActivityAddSchema,
    response: ActionResponseSchema,
  },
  {
    method: "post",
    path: "/api/tab/activities/{activityId}",
    summary: "Mark an activity done, postpone it to a new date, or edit what and who",
    description: "Only the unit's two parties. Refusals: unknownActivity (404); notParty (403); alreadyDone (409); invalidActivity, pastDue (400).",
    params: [{ name: "activityId", in: "path", description: "The activity's id", required: true }],
    body: ActivityChangeSchema,
    response: ActionResponseSchema,
  },
];

const REFUSAL_STATUS: Record<AgreementRefusal | ActivityRefusal | "noRound", 400 | 403 | 404 | 409> = {
  notParty: 403,
  notReady: 409,
  alreadyAgreed: 409,
  ownProposal: 409,
  stale: 409,
  invalid: 400,
  notAgreed: 409,
  factorNotAgreed: 409,
  invalidActivity: 400,
  pastDue: 400,
  unknownActivity: 404,
  alreadyDone: 409,
  noRound: 409,
};

export function unitRoutes(deps: TabDeps): Router {
  const router = Router();
  const k = deps.config.minGroupSize;

  /** The unit and the caller's relation to it, or the 404 / 403 already sent. */
  async function openUnit(req: Request, res: Response): Promise<{ viewer: TabViewer; unit: { id: string; name: string }; relation: Relation } | null> {
    const viewer = viewerOf(res);
    const t = translatorFor(viewer.locale);
    const unitId = String(req.params.unitId);
    const unit = await deps.db.unit.findUnique({ where: { id: unitId }, select: { id: true, name: true } });
    if (!unit) {
      sendError(res, 404, "unknownUnit", t("tabUnit.errors.unknownUnit"));
      return null;
    }
    const relation = await relationToUnit(deps.db, viewer.personId, unit.id);
    if (!relation) {
      deps.logger.info({ event: "tab.unit", outcome: "outsideScope" }, "tab unit refused");
      sendError(res, 403, "outsideScope", t("tabUnit.errors.outsideScope"));
      return null;
    }
    return { viewer, unit, relation };
  }

  const personOf = async (personId: string) =>
    deps.db.person.findUniqueOrThrow({ where: { id: personId }, select: { id: true, displayName: true, timeZone: true } });

  router.get("/units/:unitId", async (req, res) => {
    const opened = await openUnit(req, res);
    if (!opened) return;
    const { viewer, unit, relation } = opened;
    const now = deps.clock.now();
    const person = await personOf(viewer.personId);
    const page = await buildUnitPage({ db: deps.db, k, now }, { personId: viewer.personId, locale: viewer.locale, timeZone: person.timeZone }, unit, relation);
    await recordAggregateViews(deps.db, [
      { actorId: viewer.personId, unitId: unit.id, pulseId: page.pulseId, roundId: page.roundId, view: "tabUnit", via: "tab", at: now },
    ]);
    sendChecked(res, UnitResponseSchema, page.body);
  });

  router.get("/units/:unitId/figures.csv", async (req, res) => {
    const opened = await openUnit(req, res);
    if (!opened) return;
    const { viewer, unit } = opened;
    const now = deps.clock.now();
    const person = await personOf(viewer.personId);
    const series = await readUnitSeries(deps.db, { unitId: unit.id, now, k });
    const csv = figuresCsv(series, { locale: viewer.locale, timeZone: person.timeZone, k });
    await recordAggregateViews(deps.db, [
      { actorId: viewer.personId, unitId: unit.id, pulseId: series.latestPulse?.id ?? null, view: "tabFiguresCsv", via: "tab", at: now },
    ]);
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", csvDisposition(unit.name, DateTime.fromJSDate(now, { zone: person.timeZone }).toISODate()!));
    res.send(csv);
  });

  router.post("/units/:unitId/priorities", async (req, res) => {
    const opened = await openUnit(req, res);
    if (!opened) return;
    const body = parseBody(req, res, PriorityActionSchema);
    if (!body) return;
    const { viewer, unit } = opened;
    const t = translatorFor(viewer.locale);
    const roundId = body.roundId ?? (await latestRoundOf(unit.id));
    if (!roundId) return refuse(res, t, "tab.priorities", "noRound");
    const now = deps.clock.now();
    const args = { roundId, unitId: unit.id, actorId: viewer.personId, factorIds: body.factorIds, now };
    const result = body.action === "propose" ? await proposePriorities(deps.db, args) : await confirmPriorities(deps.db, args);
    deps.logger.info({ event: `tab.${body.action}`, outcome: result.ok ? (result.agreedNow ? "agreed" : "recorded") : result.reason }, "priorities");
    if (!result.ok) return refuse(res, t, `tab.${body.action}`, result.reason);
    // As from the card: the other side (once agreed, everyone on both sides) gets a fresh unit card; the members the result.
    const others = listToldOfStep(result.state.parties, viewer.personId, result.agreedNow);
    await deps.notifier?.unitCards({ roundId, unitId: unit.id, personIds: others, stage: `step${result.state.steps.length}`, now });
    if (result.agreedNow) await deps.notifier?.memberResults({ roundId, unitId: unit.id, now });
    sendChecked(res, ActionResponseSchema, { ok: true, agreed: result.agreedNow });
  });

  router.post("/units/:unitId/activities", async (req, res) => {
    const opened = await openUnit(req, res);
    if (!opened) return;
    const body = parseBody(req, res, ActivityAddSchema);
    if (!body) return;
    const { viewer, unit } = opened;
    const t = translatorFor(viewer.locale);
    const { roundId: askedRound, ...input } = body;
    const roundId = askedRound ?? (await latestRoundOf(unit.id));
    if (!roundId) return refuse(res, t, "tab.activity", "noRound");
    const now = deps.clock.now();
    const person = await personOf(viewer.personId);
    const result = await addActivity(deps.db, { roundId, unitId: unit.id, actorId: viewer.personId, input, now, timeZone: person.timeZone });
    deps.logger.info({ event: "tab.activity", outcome: result.ok ? "added" : result.reason }, "priority activity");
    if (!result.ok) return refuse(res, t, "tab.activity", result.reason);
    await notifyOtherSide({ roundId, unitId: unit.id, actorId: viewer.personId, stage: `activity-${result.activityId}`, now }, (tr) =>
      tr("healthFactors.activities.addedBy", { name: person.displayName }),
    );
    sendChecked(res, ActionResponseSchema, { ok: true, activityId: result.activityId });
  });

  router.post("/activities/:activityId", async (req, res) => {
    const body = parseBody(req, res, ActivityChangeSchema);
    if (!body) return;
    const viewer = viewerOf(res);
    const t = translatorFor(viewer.locale);
    const activityId = String(req.params.activityId);
    const now = deps.clock.now();
    const person = await personOf(viewer.personId);
    const result = await changeActivity(deps.db, { activityId, actorId: viewer.personId, change: body, now, timeZone: person.timeZone });
    deps.logger.info({ event: "tab.activityChange", outcome: result.ok ? result.kind : result.reason }, "priority activity change");
    if (!result.ok) return refuse(res, t, "tab.activityChange", result.reason);
    await notifyOtherSide(
      { roundId: result.roundId, unitId: result.unitId, actorId: viewer.personId, stage: `activity-${activityId}-${result.kind}-${now.getTime()}`, now },
      (tr) => tr(`healthFactors.activities.changedBy.${result.kind}`, { name: person.displayName }),
    );
    sendChecked(res, ActionResponseSchema, { ok: true });
  });

  /** The round the unit page shows: the latest closed round with a profile. */
  async function latestRoundOf(unitId: string): Promise<string | null> {
    return (await readUnitHealthFactors(deps.db, { unitId, k }))?.current.round.id ?? null;
  }

  function refuse(res: Response, t: Translate, event: string, reason: keyof typeof REFUSAL_STATUS): void {
    deps.logger.warn({ event, outcome: reason }, "tab action refused");
    const message =
      reason === "noRound"
        ? t("tabUnit.errors.noRound")
        : reason === "unknownActivity"
          ? t("tabUnit.errors.unknownActivity")
          : t(`healthFactors.refused.${reason}`);
    sendError(res, REFUSAL_STATUS[reason], reason, message);
  }

  async function notifyOtherSide(o: { roundId: string; unitId: string; actorId: string; stage: string; now: Date }, notice: (t: Translate) => string) {
    const { parties } = await readAgreement(deps.db, o.roundId, o.unitId);
    await deps.notifier?.unitCards({ roundId: o.roundId, unitId: o.unitId, personIds: listOtherSide(parties, o.actorId), stage: o.stage, now: o.now, notice });
  }

  function parseBody<S extends z.ZodType>(req: Request, res: Response, schema: S): z.output<S> | null {
    const parsed = schema.safeParse(req.body);
    if (parsed.success) return parsed.data;
    sendError(res, 400, "invalidBody", prettifyError(parsed.error));
    return null;
  }

  return router;
}
