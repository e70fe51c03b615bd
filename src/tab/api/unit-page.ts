// The tab's unit page (GET /api/tab/units/{unitId}) assembled from the domain's read functions for
// one viewer: what their relation to the unit lets them see, texts in their language. Figures come
// only as Released or a reason; this file turns them into the contract's figure JSON.
import { DateTime } from "luxon";
import type { Db } from "../../db/client.js";
import type { QuestionFigures } from "../../domain/aggregates/read-unit-summary.js";
import { readUnitHealthFactors, readUnitSeries, type QuestionSeries, type UnitSeries } from "../../domain/aggregates/read-unit-page.js";
import type { UnitProfile } from "../../domain/aggregates/read-hf-profile.js";
import { readTargetProgress } from "../../domain/aggregates/targets.js";
import type { Relation } from "../../domain/aggregates/tab-scope.js";
import { FACTOR_IDS } from "../../domain/health-factors/catalogue.js";
import { listOpenCasesOfIn } from "../../domain/nudges/list-cases.js";
import { loadUnitTree } from "../../domain/org/unit-tree.js";
import { readAgreement } from "../../domain/priorities/agreement.js";
import { listActivities } from "../../domain/priorities/activities.js";
import { sideOf } from "../../domain/priorities/parties.js";
import { scaleOf } from "../../domain/pulse/question-bank.js";
import { translatorFor, type Locale, type Translate } from "../../i18n/index.js";
import type { UnitResponse } from "./schemas.js";
import { figureJson } from "./figure-json.js";

export function questionFiguresJson(v: QuestionFigures): QuestionFigures {
  return {
    respondents: v.respondents,
    invited: v.invited,
    distribution: v.distribution.map((d) => ({ values: [...d.values], count: d.count, pct: d.pct })),
    merged: v.merged,
    sharePct: v.sharePct,
  };
}

export function scaleJson(t: Translate, questionId: string) {
  const scale = scaleOf(questionId);
  return { options: scale.values.map((value) => ({ value, label: t(`pulse.scales.${scale.name}.${value}`) })), goodValues: [...scale.goodValues] };
}

function seriesJson(t: Translate, q: QuestionSeries): UnitResponse["questions"][number] {
  return {
    questionId: q.questionId,
    text: t(`pulse.questions.${q.questionId}`),
    scale: scaleJson(t, q.questionId),
    pulses: q.pulses.map((p) => ({ pulseId: p.pulseId, dueAt: p.dueAt.toISOString(), figure: figureJson(p.figure, questionFiguresJson) })),
    change: q.change && figureJson(q.change, (v) => v),
  };
}

type Profile = UnitProfile["profile"];
type FactorRow = NonNullable<UnitResponse["healthFactors"]>["factors"][number];

function factorRows(t: Translate, current: Profile, previous: Profile | null): FactorRow[] {
  return FACTOR_IDS.map((factorId) => {
    const now = current.released ? current.value.factors.find((f) => f.factorId === factorId) : undefined;
    const before = previous?.released ? previous.value.factors.find((f) => f.factorId === factorId) : undefined;
    return {
      factorId,
      name: t(`healthFactors.factors.${factorId}`),
      current: !current.released
        ? { released: false, reason: current.reason }
        : !now || !now.shown
          ? { released: false, reason: now && !now.shown ? now.reason : "fewerThanK" }
          : {
              released: true,
              value: {
                mean: now.mean,
                rated: now.rated,
                dontKnow: now.dontKnow,
                distribution: now.distribution?.map((d) => ({ value: d.value, count: d.count })) ?? null,
              },
            },
      previous:
        previous === null
          ? null
          : !previous.released
            ? { released: false, reason: previous.reason }
            : !before || !before.shown
              ? { released: false, reason: before && !before.shown ? before.reason : "fewerThanK" }
              : { released: true, value: { mean: before.mean, rated: before.rated } },
    };
  });
}

export interface UnitPageDeps {
  db: Db;
  k: number;
  now: Date;
}

export interface UnitPage {
  body: UnitResponse;
  /** What the page showed, for the audit row. */
  pulseId: string | null;
  roundId: string | null;
}

export async function buildUnitPage(
  deps: UnitPageDeps,
  viewer: { personId: string; locale: Locale; timeZone: string },
  unit: { id: string; name: string },
  relation: Relation,
): Promise<UnitPage> {
  const { db, k, now } = deps;
  const t = translatorFor(viewer.locale);
  const [tree, series, target, hf, cases] = await Promise.all([
    loadUnitTree(db),
    readUnitSeries(db, { unitId: unit.id, now, k }),
    readTargetProgress(db, unit.id, now),
    readUnitHealthFactors(db, { unitId: unit.id, k }),
    relation === "manager" ? listOpenCasesOfIn(db, viewer.personId, unit.id) : Promise.resolve(null),
  ]);
  const path = tree
    .ancestors(unit.id)
    .reverse()
    .map((id) => ({ id, name: tree.get(id)!.name }));
  const body: UnitResponse = {
    unit: { id: unit.id, name: unit.name, path },
    relation,
    generatedAt: now.toISOString(),
    latestPulse: latestPulseJson(series),
    questions: series.questions.map((q) => seriesJson(t, q)),
    target: target && {
      year: target.year,
      baselineYear: target.baselineYear,
      targetPp: target.targetPp,
      baselinePct: target.baselinePct?.value ?? null,
      currentPct: target.currentPct?.value ?? null,
    },
    healthFactors: hf && (await healthFactorsJson(db, t, hf, relation, viewer, now)),
    cases:
      cases?.map((c) => ({
        id: c.id,
        signal: c.signal,
        status: c.status,
        subjectName: c.subjectName,
        openedAt: c.openedAt.toISOString(),
        plannedFor: c.plannedFor,
        escalated: c.escalated,
      })) ?? null,
  };
  return { body, pulseId: series.latestPulse?.id ?? null, roundId: hf?.current.round.id ?? null };
}

function latestPulseJson(series: UnitSeries): UnitResponse["latestPulse"] {
  const p = series.latestPulse;
  return p && { id: p.id, dueAt: p.dueAt.toISOString(), closesAt: p.closesAt.toISOString() };
}

async function healthFactorsJson(
  db: Db,
  t: Translate,
  hf: NonNullable<Awaited<ReturnType<typeof readUnitHealthFactors>>>,
  relation: Relation,
  viewer: { personId: string; timeZone: string },
  now: Date,
): Promise<NonNullable<UnitResponse["healthFactors"]>> {
  const { current, previous } = hf;
  const [agreement, activities] = await Promise.all([
    readAgreement(db, current.round.id, current.unit.id),
    listActivities(db, current.round.id, current.unit.id),
  ]);
  const agreed = agreement.agreed;
  // Members see what was agreed; the parties, those above them and HR also what is on the table.
  const proposal = !agreed && relation !== "member" ? agreement.proposal : null;
  // Who agreed: whoever put the agreed set on the table, and whoever confirmed it.
  const confirm = agreed ? [...agreement.steps].reverse().find((s) => s.kind === "confirm") : undefined;
  const proposer = confirm ? [...agreement.steps].reverse().find((s) => (s.kind === "propose" || s.kind === "counter") && s.at <= confirm.at) : undefined;
  const agreedBy = [proposer, confirm].filter((s) => s !== undefined);
  const names = await namesOf(db, [...agreedBy.map((s) => s.actorId), ...(proposal ? [proposal.actorId] : [])]);
  const today = DateTime.fromJSDate(now, { zone: viewer.timeZone }).toISODate()!;
  return {
    round: { id: current.round.id, closesAt: current.round.closesAt.toISOString() },
    previousRound: previous && { id: previous.round.id, closesAt: previous.round.closesAt.toISOString() },
    respondents: figureJson(current.profile, (p) => p.respondents),
    factors: factorRows(t, current.profile, previous?.profile ?? null),
    priorities: {
      agreed: agreed && {
        factorIds: [...agreed.factorIds],
        at: agreed.at.toISOString(),
        by: agreedBy.map((s) => ({ name: names.get(s.actorId) ?? "", role: s.actorRole })),
      },
      proposal: proposal && { factorIds: [...proposal.factorIds], byName: names.get(proposal.actorId) ?? "", at: proposal.at.toISOString() },
    },
    activities: (agreed ? activities : []).map((a) => ({
      id: a.id,
      factorId: a.factorId,
      what: a.what,
      owner: a.owner,
      dueDate: a.dueDate,
      status: a.status as "planned" | "done" | "postponed",
      overdue: a.status !== "done" && a.dueDate < today,
      originalDueDate: a.status === "postponed" ? a.originalDueDate : null,
      doneOn: a.doneAt ? DateTime.fromJSDate(a.doneAt, { zone: "Europe/Stockholm" }).toISODate() : null,
    })),
    canEdit: sideOf(agreement.parties, viewer.personId) !== null,
  };
}

async function namesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const people = await db.person.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, displayName: true } });
  return new Map(people.map((p) => [p.id, p.displayName]));
}
