// Sick-leave statistics per unit ("Statistikstöd", issue 17): for each unit's subtree, how many
// employees, the share with more than N occasions in the last M months (the early signal's rule),
// occasions per employee, and short (≤ 14 calendar days) vs longer occasions. Computed on request
// from Absence and the org (active members), never from or together with answers or participation.
//
// Released under the pulse figures' rules (release-rules.ts): each unit is a cell whose people are
// its employees; fewer than k employees → fewerThanK; a unit whose employees differ from another
// released unit's (nested or overlapping) by 1…k−1 people → differencing. The decision is made for
// every active unit of the organisation at once, whoever asks, so what any viewer (or all of them
// together) sees of one request passes the rules. Each figure is a sum over the cell's people, so
// the person-set reasoning of the pulse cells covers them.
import { DateTime } from "luxon";
import type { DbTx } from "../../db/client.js";
import { UnitTree, type UnitNode } from "../org/unit-tree.js";
import { ABSENCE_TIME_ZONE } from "../absences/absence-calendar.js";
import { mergeOccasionSpans } from "../nudges/detect-sick-leave.js";
import { decideReleases, type CellInput } from "./release-rules.js";
import { release, suppressed, type Figure } from "./released.js";

/** An occasion of at most this many calendar days (first and last day included) is short. */
export const SHORT_OCCASION_MAX_DAYS = 14;

export interface SickLeaveFigures {
  employees: number;
  /** Share (%) of employees with more than `occasions` occasions starting in the window. */
  repeatedSharePct: number;
  occasionsPerEmployee: number;
  shortOccasions: number;
  longOccasions: number;
}

export interface SickLeaveRules {
  /** More than this many occasions counts as repeated (NUDGE_SICK_LEAVE_OCCASIONS). */
  occasions: number;
  /** The window, in months back from today (NUDGE_SICK_LEAVE_MONTHS). */
  months: number;
  k: number;
}

export interface SickLeaveInput extends SickLeaveRules {
  units: readonly UnitNode[];
  /** Active members: person and the unit they are a member of (a person may be in several). */
  members: readonly { personId: string; unitId: string }[];
  absences: readonly { personId: string; firstDay: string; lastDay: string }[];
  /** Today, YYYY-MM-DD (Swedish local day). */
  today: string;
}

/** unit → its figure; units without employees are left out. Pure: the database side is readSickLeaveStats. */
export function computeSickLeaveStats(input: SickLeaveInput): Map<string, Figure<SickLeaveFigures>> {
  const tree = new UnitTree(input.units);
  const employeesOf = new Map<string, Set<string>>();
  for (const m of input.members) {
    for (const unitId of tree.ancestry(m.unitId)) {
      let set = employeesOf.get(unitId);
      if (!set) employeesOf.set(unitId, (set = new Set()));
      set.add(m.personId);
    }
  }
  const from = DateTime.fromISO(input.today, { zone: "UTC" }).minus({ months: input.months }).toISODate()!;
  const rowsOf = new Map<string, { firstDay: string; lastDay: string }[]>();
  for (const a of input.absences) {
    if (a.lastDay <= from || a.firstDay > input.today) continue;
    const list = rowsOf.get(a.personId);
    if (list) list.push(a);
    else rowsOf.set(a.personId, [a]);
  }
  // Per person: occasions starting inside the window (as the signal counts them), short and long.
  const perPerson = new Map<string, { total: number; short: number }>();
  for (const [personId, rows] of rowsOf) {
    let total = 0;
    let short = 0;
    for (const o of mergeOccasionSpans(rows)) {
      if (o.firstDay <= from || o.firstDay > input.today) continue;
      total++;
      if (lengthInDays(o) <= SHORT_OCCASION_MAX_DAYS) short++;
    }
    if (total > 0) perPerson.set(personId, { total, short });
  }
  const unitIds = [...employeesOf.keys()].sort();
  const cells: CellInput[] = unitIds.map((id) => ({ id, ancestorIds: tree.ancestors(id), respondents: employeesOf.get(id)! }));
  const decisions = decideReleases(cells, input.k);
  const result = new Map<string, Figure<SickLeaveFigures>>();
  for (const unitId of unitIds) {
    const decision = decisions.get(unitId)!;
    if (!decision.released) {
      result.set(unitId, suppressed(decision.reason));
      continue;
    }
    const people = employeesOf.get(unitId)!;
    let repeated = 0;
    let short = 0;
    let total = 0;
    for (const personId of people) {
      const p = perPerson.get(personId);
      if (!p) continue;
      total += p.total;
      short += p.short;
      if (p.total > input.occasions) repeated++;
    }
    result.set(
      unitId,
      release({
        employees: people.size,
        repeatedSharePct: (100 * repeated) / people.size,
        occasionsPerEmployee: total / people.size,
        shortOccasions: short,
        longOccasions: total - short,
      }),
    );
  }
  return result;
}

function lengthInDays(o: { firstDay: string; lastDay: string }): number {
  const first = DateTime.fromISO(o.firstDay, { zone: "UTC" });
  const last = DateTime.fromISO(o.lastDay, { zone: "UTC" });
  return Math.round(last.diff(first, "days").days) + 1;
}

/**
 * Every active unit's figure (units without employees are left out). Employees: active people
 * with an active member assignment in an active unit, as pulses and rounds reach them.
 */
export async function readSickLeaveStats(db: DbTx, o: SickLeaveRules & { now: Date }): Promise<Map<string, Figure<SickLeaveFigures>>> {
  const today = DateTime.fromJSDate(o.now, { zone: ABSENCE_TIME_ZONE }).toISODate()!;
  const from = DateTime.fromISO(today, { zone: "UTC" }).minus({ months: o.months }).toISODate()!;
  const [units, members] = await Promise.all([
    db.unit.findMany({ where: { active: true }, select: { id: true, parentId: true }, orderBy: { id: "asc" } }),
    db.assignment.findMany({
      where: { role: "member", active: true, unit: { active: true }, person: { active: true } },
      select: { personId: true, unitId: true },
    }),
  ]);
  const absences = await db.absence.findMany({
    where: { lastDay: { gt: from }, firstDay: { lte: today } },
    select: { personId: true, firstDay: true, lastDay: true },
  });
  return computeSickLeaveStats({ ...o, units, members, absences, today });
}
