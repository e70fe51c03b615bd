// The HR partner's overview of a subtree after a pulse ("Chefsstöd": where support is needed):
// one row per unit with a cell, ranked by need. Every figure is Released or a reason; the need
// signals are computed from released figures only (share, its change since the unit's previous
// pulse, response rate) and from case counts (counts only: no names, no signal type).
import type { DbTx } from "../../db/client.js";
import { CORE_QUESTION_ID } from "../pulse/question-bank.js";
import { UnitTree } from "../org/unit-tree.js";
import { release, type Figure } from "./released.js";
import { figureOfCell, shareOfCell, type CellRow } from "./cell-figures.js";
import type { QuestionFigures } from "./read-unit-summary.js";
import { DEFAULT_NUDGE_THRESHOLDS } from "../nudges/thresholds.js";
import { z } from "zod/v4";

/** Why a unit ranks high, strongest first in the card. */
export const NEEDS = ["escalatedCases", "falling", "lowShare", "lowParticipation", "openCases"] as const;
export type Need = (typeof NEEDS)[number];
const NEED_WEIGHT: Record<Need, number> = { escalatedCases: 3, falling: 2, lowShare: 2, lowParticipation: 1, openCases: 1 };

/** The need thresholds (percentage points / percent). */
export const OVERVIEW_NEED_RULES = {
  /** The unit's share fell at least this many points since its previous released pulse (as the falling-pulse signal). */
  fallPoints: DEFAULT_NUDGE_THRESHOLDS.pulseDropPoints,
  /** The unit's share lies at least this many points below the whole area's. */
  belowAreaPoints: 10,
  /** Fewer than this share of the people who got the pulse answered it. */
  lowParticipationPct: 50,
} as const;

export interface OverviewRow {
  unit: { id: string; name: string };
  /** Depth below the overview's root (0 = the root itself). */
  depth: number;
  figure: Figure<QuestionFigures>;
  /** Change of the share (percentage points) since the unit's previous pulse of the schedule; null: no earlier pulse. */
  change?: Figure<number> | null;
  /** Share (%) of the people who got the pulse in this unit that answered; only where the respondents are released. */
  participation?: Figure<number> | null;
  /** Early-signal cases of the unit that are not done: counts only. */
  cases?: { open: number; escalated: number };
  /** Why the unit ranks where it does (empty: nothing stands out). */
  needs?: Need[];
}

export interface SubtreeOverview {
  root: { id: string; name: string };
  pulse: { id: string; dueAt: Date; closesAt: Date };
  total: Figure<QuestionFigures>;
  totalParticipation?: Figure<number> | null;
  /** Every unit below the root, sorted by need. */
  rows: OverviewRow[];
  /** The root as a row of its own (its need against itself: change, participation, cases). */
  rootRow?: OverviewRow;
}

const UnitIdsSchema = z.array(z.string());

export async function readSubtreeOverview(
  db: DbTx,
  o: { rootUnitId: string; pulseId: string; k: number; /** Cases about the viewer are not counted for them. */ viewerId?: string },
): Promise<SubtreeOverview | null> {
  const [pulse, units, cells] = await Promise.all([
    db.pulse.findUnique({ where: { id: o.pulseId }, select: { id: true, dueAt: true, closesAt: true, scheduleId: true } }),
    db.unit.findMany({ select: { id: true, name: true, parentId: true } }),
    db.pulseCell.findMany({ where: { pulseId: o.pulseId, questionId: CORE_QUESTION_ID } }),
  ]);
  const tree = new UnitTree(units);
  const rootCell = cells.find((c) => c.unitId === o.rootUnitId);
  const root = tree.get(o.rootUnitId);
  if (!pulse || !root || !rootCell) return null;
  const unitIds = cells.map((c) => c.unitId);
  const [previous, recipients, cases] = await Promise.all([
    readPreviousCells(db, { unitIds, scheduleId: pulse.scheduleId, before: pulse.dueAt }),
    // Released cells know how many got the pulse in their subtree (issue 16); the recipients (a
    // row per person) are read only for cells built before that.
    cells.some((c) => c.released && c.invited === null) ? db.pulseRecipient.findMany({ where: { pulseId: pulse.id }, select: { unitIds: true } }) : [],
    // Every unit's (open cases are few): a list of every unit of the area costs more than they do.
    db.nudgeCase.findMany({ where: needCasesWhere(null, o.viewerId), select: { unitId: true, escalatedAt: true } }),
  ]);
  const casesOf = new Map<string, typeof cases>();
  for (const c of cases) casesOf.set(c.unitId, [...(casesOf.get(c.unitId) ?? []), c]);
  // People who got the pulse per unit subtree (each person once per unit), for cells without it.
  const invited = new Map<string, number>();
  for (const r of recipients) {
    const reached = new Set<string>();
    for (const id of UnitIdsSchema.parse(JSON.parse(r.unitIds))) for (const a of tree.ancestry(id)) reached.add(a);
    for (const id of reached) invited.set(id, (invited.get(id) ?? 0) + 1);
  }
  const participationOf = (unitId: string, figure: Figure<QuestionFigures>): Figure<number> | null => {
    if (!figure.released) return figure;
    const n = figure.value.invited ?? invited.get(unitId);
    return n ? release(Math.min(100, (100 * figure.value.respondents) / n)) : null;
  };
  const total = figureOfCell(rootCell, o.k);
  const areaShare = total.released ? total.value.sharePct : null;
  const rows: OverviewRow[] = [];
  let rootRow: OverviewRow | null = null;
  for (const cell of cells) {
    const depth = tree.depthBelow(cell.unitId, o.rootUnitId);
    if (depth === null) continue;
    const unit = tree.get(cell.unitId)!;
    const figure = figureOfCell(cell, o.k);
    const before = previous.get(cell.unitId);
    const change = before ? changeOf(shareOfCell(cell, o.k), shareOfCell(before, o.k)) : null;
    const participation = participationOf(cell.unitId, figure);
    const own = casesOf.get(cell.unitId) ?? [];
    const row: OverviewRow = {
      unit: { id: unit.id, name: unit.name },
      depth,
      figure,
      change,
      participation,
      cases: { open: own.length, escalated: own.filter((c) => c.escalatedAt !== null).length },
      needs: [],
    };
    row.needs = needsOf(row, areaShare);
    if (depth === 0) rootRow = row;
    else rows.push(row);
  }
  rows.sort(byNeed);
  return {
    root: { id: root.id, name: root.name },
    pulse: { id: pulse.id, dueAt: pulse.dueAt, closesAt: pulse.closesAt },
    total,
    totalParticipation: participationOf(root.id, total),
    rows,
    ...(rootRow ? { rootRow } : {}),
  };
}

/**
 * The cases that count towards a unit's need: not done, never about the viewer, and sick-leave
 * cases only once escalated (they belong to the person's own chef, DESIGN.md; the HR partner has
 * escalated ones anyway). unitIds null: every unit's.
 */
export function needCasesWhere(unitIds: string[] | null, viewerId?: string) {
  return {
    ...(unitIds ? { unitId: { in: unitIds } } : {}),
    status: { in: ["open", "planned"] },
    AND: [
      { OR: [{ signal: { not: "short_sick_leave" } }, { escalatedAt: { not: null } }] },
      ...(viewerId ? [{ OR: [{ subjectPersonId: null }, { subjectPersonId: { not: viewerId } }] }] : []),
    ],
  };
}

const PREVIOUS_CELL = { unitId: true, questionId: true, released: true, reason: true, respondents: true, counts: true, goodCount: true } as const;

/**
 * Each unit's latest core-question cell of the schedule before `before` (its previous pulse): the
 * cells of the schedule's previous pulse in one query, then older ones only for the units that
 * had no cell in it. Not every earlier cell of every unit (two years of an organisation's
 * pulses: ~26,000 rows, most of the whole overview's time).
 */
async function readPreviousCells(db: DbTx, o: { unitIds: string[]; scheduleId: string; before: Date }): Promise<Map<string, CellRow>> {
  const previous = new Map<string, CellRow>();
  const last = await db.pulse.findFirst({
    where: { scheduleId: o.scheduleId, dueAt: { lt: o.before } },
    orderBy: { dueAt: "desc" },
    select: { id: true, dueAt: true },
  });
  if (!last) return previous;
  // By the pulse (the cells' key) and filtered here: a list of every unit in the query costs more than the rows.
  const wanted = new Set(o.unitIds);
  for (const cell of await db.pulseCell.findMany({ where: { pulseId: last.id, questionId: CORE_QUESTION_ID }, select: PREVIOUS_CELL }))
    if (wanted.has(cell.unitId)) previous.set(cell.unitId, cell);
  const missing = o.unitIds.filter((id) => !previous.has(id));
  if (missing.length === 0) return previous;
  const older = await db.pulseCell.findMany({
    where: { unitId: { in: missing }, questionId: CORE_QUESTION_ID, scheduleId: o.scheduleId, dueAt: { lt: last.dueAt } },
    orderBy: { dueAt: "desc" },
    select: PREVIOUS_CELL,
  });
  for (const cell of older) if (!previous.has(cell.unitId)) previous.set(cell.unitId, cell);
  return previous;
}

function changeOf(now: Figure<number>, before: Figure<number>): Figure<number> {
  if (!now.released) return now;
  if (!before.released) return before;
  return release(now.value - before.value);
}

export function needsOf(row: OverviewRow, areaShare: number | null): Need[] {
  const rules = OVERVIEW_NEED_RULES;
  const share = row.figure.released ? row.figure.value.sharePct : null;
  const needs: Need[] = [];
  if (row.cases && row.cases.escalated > 0) needs.push("escalatedCases");
  if (row.change?.released && row.change.value <= -rules.fallPoints) needs.push("falling");
  if (share !== null && areaShare !== null && share <= areaShare - rules.belowAreaPoints) needs.push("lowShare");
  if (row.participation?.released && row.participation.value < rules.lowParticipationPct) needs.push("lowParticipation");
  if (row.cases && row.cases.open > row.cases.escalated) needs.push("openCases");
  return needs;
}

function needScore(r: OverviewRow): number {
  return (r.needs ?? []).reduce((sum, n) => sum + NEED_WEIGHT[n], 0);
}

/** Most need first; then the lowest released share; withheld figures after released ones; then by name. */
export function byNeed(a: OverviewRow, b: OverviewRow): number {
  const share = (r: OverviewRow) => (r.figure.released ? (r.figure.value.sharePct ?? 101) : 1000);
  const fall = (r: OverviewRow) => (r.change?.released ? r.change.value : 0);
  return needScore(b) - needScore(a) || share(a) - share(b) || fall(a) - fall(b) || a.unit.name.localeCompare(b.unit.name, "sv");
}
