// The HR partner's area in the tab (issue 17): the "Chefsstöd" overview (read-subtree-overview.ts:
// the same need signals and ranking) widened to every active unit of the area, with a cell per
// question of the area's latest pulse (a heatmap), the follow-up of early-signal cases (counts
// only), where the unit's friskfaktor round stands, and the sick-leave statistics
// (read-sick-leave-stats.ts: the latest monthly snapshot, read by the caller). Every figure is
// Released or a reason; nothing here names a person.
import { z } from "zod/v4";
import { DateTime } from "luxon";
import type { DbTx } from "../../db/client.js";
import { loadUnitTree } from "../org/unit-tree.js";
import { ROUND_TIME_ZONE } from "../health-factors/round-deadlines.js";
import { release, suppressed, type Figure } from "./released.js";
import { figureOfCell } from "./cell-figures.js";
import { findLatestPulseFor } from "./read-unit-summary.js";
import { byNeed, needCasesWhere, needsOf, readSubtreeOverview, type OverviewRow } from "./read-subtree-overview.js";
import type { SickLeaveFigures } from "./read-sick-leave-stats.js";

/** Cases opened this long ago or later are followed up in the overview. */
export const CASE_FOLLOW_UP_MONTHS = 12;

export interface ShareCell {
  sharePct: number | null;
  respondents: number;
}

export interface CaseFollowUp {
  /** Early-signal cases of the unit opened in the last CASE_FOLLOW_UP_MONTHS months; of them: */
  opened: number;
  planned: number;
  done: number;
  escalated: number;
}

export type RoundState = "none" | "collecting" | "closed";

export interface AreaRow extends OverviewRow {
  parentId: string | null;
  /** One per question of the area's pulse, in `questions` order. */
  cells: Figure<ShareCell>[];
  change: Figure<number> | null;
  participation: Figure<number> | null;
  needs: NonNullable<OverviewRow["needs"]>;
  followUp: CaseFollowUp;
  round: { state: RoundState; prioritiesAgreed: boolean; overdueActivities: number };
  sickLeave: Figure<SickLeaveFigures> | null;
}

export interface AreaOverview {
  root: { id: string; name: string };
  pulse: { id: string; dueAt: Date; closesAt: Date } | null;
  questionIds: string[];
  total: Figure<ShareCell> | null;
  /** Every active unit of the area, the root included (depth 0), ranked by need. */
  rows: AreaRow[];
}

const QuestionIdsSchema = z.array(z.string());

export async function readAreaOverview(
  db: DbTx,
  o: {
    rootUnitId: string;
    k: number;
    now: Date;
    /** Cases about the viewer are not counted for them. */
    viewerId: string;
    /** The latest sick-leave snapshot for the whole organisation (readSickLeaveStats: unit → figure). */
    sickLeave: ReadonlyMap<string, Figure<SickLeaveFigures>>;
  },
): Promise<AreaOverview | null> {
  const tree = await loadUnitTree(db, { activeOnly: true });
  const root = tree.get(o.rootUnitId);
  if (!root) return null;
  const units = tree.subtree(root.id);
  const unitIds = units.map((u) => u.id);
  const pulseId = await findLatestPulseFor(db, root.id);
  const [pulse, base, cells] = await Promise.all([
    pulseId ? db.pulse.findUnique({ where: { id: pulseId }, select: { id: true, dueAt: true, closesAt: true, questionIds: true } }) : null,
    pulseId ? readSubtreeOverview(db, { rootUnitId: root.id, pulseId, k: o.k, viewerId: o.viewerId }) : null,
    pulseId ? db.pulseCell.findMany({ where: { pulseId, unitId: { in: unitIds } } }) : [],
  ]);
  const questionIds = pulse ? QuestionIdsSchema.parse(JSON.parse(pulse.questionIds)) : [];
  const cellOf = new Map(cells.map((c) => [`${c.unitId}|${c.questionId}`, c]));
  const baseRows = new Map<string, OverviewRow>();
  for (const row of [...(base?.rows ?? []), ...(base?.rootRow ? [base.rootRow] : [])]) baseRows.set(row.unit.id, row);
  const [needCases, followUp, rounds] = await Promise.all([
    db.nudgeCase.findMany({ where: needCasesWhere(unitIds, o.viewerId), select: { unitId: true, escalatedAt: true } }),
    readCaseFollowUp(db, { unitIds, now: o.now, viewerId: o.viewerId, sickLeave: o.sickLeave }),
    readRoundStates(db, unitIds, o.now),
  ]);
  const total = base ? shareCellOf(base.total) : null;
  const areaShare = base?.total.released ? base.total.value.sharePct : null;
  const rows: AreaRow[] = units.map((unit) => {
    const from = baseRows.get(unit.id);
    // A unit without a cell: nobody answered in its subtree (0 < k).
    const own = needCases.filter((c) => c.unitId === unit.id);
    const row: AreaRow = {
      unit: { id: unit.id, name: unit.name },
      depth: tree.depthBelow(unit.id, root.id)!,
      parentId: unit.id === root.id ? null : unit.parentId,
      figure: from?.figure ?? suppressed("fewerThanK"),
      cells: questionIds.map((q) => {
        const cell = cellOf.get(`${unit.id}|${q}`);
        return cell ? shareCellOf(figureOfCell(cell, o.k)) : suppressed("fewerThanK");
      }),
      change: from?.change ?? null,
      participation: from?.participation ?? null,
      cases: from?.cases ?? { open: own.length, escalated: own.filter((c) => c.escalatedAt !== null).length },
      needs: [],
      followUp: followUp.get(unit.id) ?? { opened: 0, planned: 0, done: 0, escalated: 0 },
      round: rounds.get(unit.id) ?? { state: "none", prioritiesAgreed: false, overdueActivities: 0 },
      sickLeave: o.sickLeave.get(unit.id) ?? null,
    };
    row.needs = from?.needs ?? needsOf(row, areaShare);
    return row;
  });
  rows.sort(byNeed);
  return {
    root: { id: root.id, name: root.name },
    pulse: pulse ? { id: pulse.id, dueAt: pulse.dueAt, closesAt: pulse.closesAt } : null,
    questionIds,
    total,
    rows,
  };
}

function shareCellOf(figure: ReturnType<typeof figureOfCell>): Figure<ShareCell> {
  return figure.released ? release({ sharePct: figure.value.sharePct, respondents: figure.value.respondents }) : figure;
}

/**
 * Early-signal cases per unit, counts only: never about the viewer. A sick-leave case
 * (omtankessamtal) that has not been escalated is counted only where the unit's sick-leave
 * statistics are released: otherwise a count in a small unit would tell what the withheld
 * "more than N occasions" share hides. Escalated ones the HR partner has by name anyway.
 */
async function readCaseFollowUp(
  db: DbTx,
  o: { unitIds: string[]; now: Date; viewerId: string; sickLeave: ReadonlyMap<string, Figure<SickLeaveFigures>> },
): Promise<Map<string, CaseFollowUp>> {
  const since = DateTime.fromJSDate(o.now, { zone: ROUND_TIME_ZONE }).minus({ months: CASE_FOLLOW_UP_MONTHS }).toJSDate();
  const cases = await db.nudgeCase.findMany({
    where: {
      unitId: { in: o.unitIds },
      openedAt: { gte: since },
      OR: [{ subjectPersonId: null }, { subjectPersonId: { not: o.viewerId } }],
    },
    select: { unitId: true, signal: true, status: true, escalatedAt: true },
  });
  const result = new Map<string, CaseFollowUp>();
  for (const c of cases) {
    if (c.signal === "short_sick_leave" && c.escalatedAt === null && !o.sickLeave.get(c.unitId)?.released) continue;
    let counts = result.get(c.unitId);
    if (!counts) result.set(c.unitId, (counts = { opened: 0, planned: 0, done: 0, escalated: 0 }));
    counts.opened++;
    if (c.status === "planned") counts.planned++;
    if (c.status === "done") counts.done++;
    if (c.escalatedAt !== null) counts.escalated++;
  }
  return result;
}

/**
 * Per unit: the latest friskfaktor round covering it (collecting or closed), whether that round's
 * priorities are agreed, and the unit's activities (any round) not done and due before today.
 */
async function readRoundStates(db: DbTx, unitIds: string[], now: Date): Promise<Map<string, AreaRow["round"]>> {
  const today = DateTime.fromJSDate(now, { zone: ROUND_TIME_ZONE }).toISODate()!;
  const [roundUnits, overdue] = await Promise.all([
    db.hfRoundUnit.findMany({
      where: { unitId: { in: unitIds } },
      select: { roundId: true, unitId: true, round: { select: { status: true, opensAt: true } } },
      orderBy: [{ round: { opensAt: "desc" } }, { roundId: "asc" }],
    }),
    db.priorityActivity.findMany({ where: { unitId: { in: unitIds }, status: { not: "done" }, dueDate: { lt: today } }, select: { unitId: true } }),
  ]);
  const latest = new Map<string, { roundId: string; status: string }>();
  for (const r of roundUnits) if (!latest.has(r.unitId)) latest.set(r.unitId, { roundId: r.roundId, status: r.round.status });
  const agreements =
    latest.size === 0
      ? []
      : await db.priorityAgreement.findMany({
          where: { OR: [...latest].map(([unitId, r]) => ({ unitId, roundId: r.roundId })) },
          select: { unitId: true, roundId: true },
        });
  const agreed = new Set(agreements.map((a) => `${a.roundId}|${a.unitId}`));
  const result = new Map<string, AreaRow["round"]>();
  for (const unitId of unitIds) {
    const r = latest.get(unitId);
    result.set(unitId, {
      state: !r ? "none" : r.status === "closed" ? "closed" : "collecting",
      prioritiesAgreed: r ? agreed.has(`${r.roundId}|${unitId}`) : false,
      overdueActivities: overdue.filter((a) => a.unitId === unitId).length,
    });
  }
  return result;
}
