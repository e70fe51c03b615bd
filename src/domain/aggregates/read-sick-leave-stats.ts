// Sick-leave statistics per unit ("Statistikstöd", issue 17): for each unit's subtree, how many
// employees, the share with more than N occasions in the last M months (the early signal's rule),
// occasions per employee, and short (≤ 14 calendar days) vs longer occasions. Computed from
// Absence and the org (active members), never from or together with answers or participation.
//
// Monthly snapshots, not figures on request: build-sick-leave-cells.ts computes every active
// unit's cell once per calendar month and decides its release under the pulse figures' rules
// (release-rules.ts): each unit is a cell whose people are its employees; fewer than k employees →
// fewerThanK; an atom of 1…k−1 people over the month's cells *and* the cells released in the 12
// months before (a nested or overlapping unit, or the same unit a month earlier with one person
// joined or left) → differencing. The tab reads the latest snapshot (readSickLeaveStats); each
// figure is a sum over the cell's people, so the person-set reasoning of the pulse cells covers it.
import { DateTime } from "luxon";
import { z } from "zod/v4";
import type { DbTx } from "../../db/client.js";
import { UnitTree, type UnitNode } from "../org/unit-tree.js";
import { ABSENCE_TIME_ZONE } from "../absences/absence-calendar.js";
import { occasionWindowOf } from "../absences/occasion-window.js";
import { mergeOccasionSpans } from "../nudges/detect-sick-leave.js";
import { decideReleases, type CellInput, type ReleasedWindow, type SuppressionReason } from "./release-rules.js";
import { release, suppressed, type Figure } from "./released.js";

/** An occasion of at most this many calendar days (first and last day included) is short. */
export const SHORT_OCCASION_MAX_DAYS = 14;
const DAY_MS = 86_400_000;

/** As stored in a released SickLeaveCell (JSON, checked when read back). */
export const SickLeaveFiguresJsonSchema = z.object({
  employees: z.number().int(),
  /** Share (%) of employees with more than `occasions` occasions starting in the window. */
  repeatedSharePct: z.number(),
  occasionsPerEmployee: z.number(),
  shortOccasions: z.number().int(),
  longOccasions: z.number().int(),
});

export type SickLeaveFigures = z.infer<typeof SickLeaveFiguresJsonSchema>;

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
  /** The sick-leave cells released in the months before (release-rules.ts); none: decided alone. */
  window?: ReleasedWindow;
}

export type SickLeaveCellResult = {
  unitId: string;
  /** The unit's employees (its subtree's active members). */
  people: ReadonlySet<string>;
} & ({ released: true; figures: SickLeaveFigures } | { released: false; reason: SuppressionReason });

/** One cell per unit with employees (units without are left out), sorted by unit id. Pure: the database side is build-sick-leave-cells.ts. */
export function computeSickLeaveCells(input: SickLeaveInput): SickLeaveCellResult[] {
  const tree = new UnitTree(input.units);
  const employeesOf = new Map<string, Set<string>>();
  for (const m of input.members) {
    for (const unitId of tree.ancestry(m.unitId)) {
      let set = employeesOf.get(unitId);
      if (!set) employeesOf.set(unitId, (set = new Set()));
      set.add(m.personId);
    }
  }
  const { from } = occasionWindowOf(input.today, input.months);
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
  const decisions = decideReleases(cells, input.k, input.window);
  return unitIds.map((unitId): SickLeaveCellResult => {
    const decision = decisions.get(unitId)!;
    const people = employeesOf.get(unitId)!;
    if (!decision.released) return { unitId, people, released: false, reason: decision.reason };
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
    return {
      unitId,
      people,
      released: true,
      figures: {
        employees: people.size,
        repeatedSharePct: (100 * repeated) / people.size,
        occasionsPerEmployee: total / people.size,
        shortOccasions: short,
        longOccasions: total - short,
      },
    };
  });
}

function lengthInDays(o: { firstDay: string; lastDay: string }): number {
  // Calendar days as UTC midnights (no zone, no DST): luxon's diff here was a quarter of computing the statistics.
  return Math.round((Date.parse(`${o.lastDay}T00:00:00Z`) - Date.parse(`${o.firstDay}T00:00:00Z`)) / DAY_MS) + 1;
}

export interface SickLeaveSnapshot {
  /** YYYY-MM: the calendar month of the snapshot. */
  month: string;
  /** YYYY-MM-DD (Swedish time): the day the figures are counted to ("per 1 december"). */
  asOf: string;
  /** unit → its figure; units without employees then (or created since) are left out. */
  figures: Map<string, Figure<SickLeaveFigures>>;
}

/** The latest monthly snapshot, as it was decided when built; null before the first one. */
export async function readSickLeaveStats(db: DbTx): Promise<SickLeaveSnapshot | null> {
  const latest = await db.sickLeaveCell.findFirst({ orderBy: { month: "desc" }, select: { month: true } });
  if (!latest) return null;
  const cells = await db.sickLeaveCell.findMany({
    where: { month: latest.month },
    select: { unitId: true, builtAt: true, released: true, reason: true, figures: true },
  });
  const figures = new Map<string, Figure<SickLeaveFigures>>();
  let builtAt = cells[0]!.builtAt;
  for (const c of cells) {
    if (c.builtAt < builtAt) builtAt = c.builtAt;
    // A released cell without figures cannot be shown: withheld rather than guessed.
    const value = c.released && c.figures !== null ? SickLeaveFiguresJsonSchema.parse(JSON.parse(c.figures)) : null;
    figures.set(c.unitId, value ? release(value) : suppressed(c.reason === "fewerThanK" ? "fewerThanK" : "differencing"));
  }
  return { month: latest.month, asOf: DateTime.fromJSDate(builtAt, { zone: ABSENCE_TIME_ZONE }).toISODate()!, figures };
}
