// Builds and stores the sick-leave cells of one calendar month, once (the sickLeave.snapshot job,
// issue 17): every active unit with employees as of that moment, decided under the pulse figures'
// rules against the sick-leave cells released in the SICK_LEAVE_RELEASE_WINDOW_MONTHS months
// before (rebuilt from SickLeaveCellMember, as pulses rebuild theirs from PulseParticipation). So
// comparing two months of a unit where one person joined or left shows nothing about them: the
// later month is withheld (differencing) until the earlier one has left the window.
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import type { Db, DbTx } from "../../db/client.js";
import { ABSENCE_TIME_ZONE } from "../absences/absence-calendar.js";
import { listAbsencesIn, occasionWindowAt } from "../absences/occasion-window.js";
import { windowFromSets, type ReleasedWindow } from "./release-rules.js";
import { computeSickLeaveCells, type SickLeaveRules } from "./read-sick-leave-stats.js";

/** A month is decided against the cells released in this many calendar months before it. */
export const SICK_LEAVE_RELEASE_WINDOW_MONTHS = 12;
/** Cells (and their members) are kept for the window and one month more, then deleted. */
export const SICK_LEAVE_CELL_RETENTION_MONTHS = SICK_LEAVE_RELEASE_WINDOW_MONTHS + 1;

const BATCH = 500;

/** The calendar month (YYYY-MM, Swedish time) of an instant. */
export function sickLeaveMonthOf(now: Date): string {
  return DateTime.fromJSDate(now, { zone: ABSENCE_TIME_ZONE }).toFormat("yyyy-MM");
}

function monthsBefore(month: string, months: number): string {
  return DateTime.fromFormat(month, "yyyy-MM", { zone: "UTC" }).minus({ months }).toFormat("yyyy-MM");
}

export interface BuiltSickLeaveMonth {
  month: string;
  cells: number;
  released: number;
}

/**
 * The cells of now's month, counted to now's Swedish day; null when the month is built already
 * (by an earlier tick or another instance) or no active unit has employees.
 */
export async function buildSickLeaveCells(db: Db, o: SickLeaveRules & { now: Date }): Promise<BuiltSickLeaveMonth | null> {
  const month = sickLeaveMonthOf(o.now);
  if ((await db.sickLeaveCell.count({ where: { month } })) > 0) return null;
  const occasions = occasionWindowAt(o.now, o.months);
  const [units, members, absences, window] = await Promise.all([
    db.unit.findMany({ where: { active: true }, select: { id: true, parentId: true }, orderBy: { id: "asc" } }),
    db.assignment.findMany({
      where: { role: "member", active: true, unit: { active: true }, person: { active: true } },
      select: { personId: true, unitId: true },
    }),
    listAbsencesIn(db, occasions),
    loadSickLeaveWindow(db, month),
  ]);
  const cells = computeSickLeaveCells({ ...o, units, members, absences, today: occasions.today, window });
  if (cells.length === 0) return null;
  const rows = cells.map((c) => ({
    id: randomUUID(),
    month,
    builtAt: o.now,
    unitId: c.unitId,
    released: c.released,
    reason: c.released ? null : c.reason,
    employees: c.released ? c.figures.employees : null,
    figures: c.released ? JSON.stringify(c.figures) : null,
  }));
  const memberRows = cells.flatMap((c, i) => (c.released ? [...c.people].map((personId) => ({ cellId: rows[i]!.id, personId })) : []));
  try {
    const stored = await db.$transaction(
      async (tx) => {
        if ((await tx.sickLeaveCell.count({ where: { month } })) > 0) return false;
        for (let i = 0; i < rows.length; i += BATCH) await tx.sickLeaveCell.createMany({ data: rows.slice(i, i + BATCH) });
        for (let i = 0; i < memberRows.length; i += BATCH) await tx.sickLeaveCellMember.createMany({ data: memberRows.slice(i, i + BATCH) });
        return true;
      },
      // A large organisation writes tens of thousands of member rows; Prisma's 5 s default is too tight.
      { timeout: 60_000, maxWait: 20_000 },
    );
    if (!stored) return null;
  } catch (error) {
    // Another instance stored the month between our check and our insert (unique month + unit).
    if ((error as { code?: string }).code === "P2002") return null;
    throw error;
  }
  return { month, cells: rows.length, released: cells.filter((c) => c.released).length };
}

/**
 * person → the numbers of the sick-leave cells released in the SICK_LEAVE_RELEASE_WINDOW_MONTHS
 * calendar months before `month` that they were in. Fixed: what was shown stays shown.
 */
export async function loadSickLeaveWindow(db: DbTx, month: string): Promise<ReleasedWindow> {
  const released = await db.sickLeaveCell.findMany({
    where: { month: { gte: monthsBefore(month, SICK_LEAVE_RELEASE_WINDOW_MONTHS), lt: month }, released: true },
    select: { id: true },
    orderBy: [{ month: "asc" }, { unitId: "asc" }],
  });
  const sets = new Map(released.map((c) => [c.id, new Set<string>()]));
  const ids = [...sets.keys()];
  for (let i = 0; i < ids.length; i += BATCH) {
    const members = await db.sickLeaveCellMember.findMany({ where: { cellId: { in: ids.slice(i, i + BATCH) } }, select: { cellId: true, personId: true } });
    for (const m of members) sets.get(m.cellId)!.add(m.personId);
  }
  return windowFromSets([...sets.values()]);
}

/** Cells of months before this one (YYYY-MM) are expired at `now` (the retention job, the retention report). */
export function sickLeaveCellCutoffMonth(now: Date): string {
  return monthsBefore(sickLeaveMonthOf(now), SICK_LEAVE_CELL_RETENTION_MONTHS);
}

/**
 * Retention: cells of months more than SICK_LEAVE_CELL_RETENTION_MONTHS before now's month go,
 * their member rows (personal data) with them. Counts only.
 */
export async function deleteExpiredSickLeaveCells(db: Db, now: Date): Promise<{ sickLeaveCells: number; sickLeaveCellMembers: number }> {
  const cutoff = sickLeaveCellCutoffMonth(now);
  const expired = await db.sickLeaveCell.findMany({ where: { month: { lt: cutoff } }, select: { id: true } });
  let members = 0;
  let cells = 0;
  for (let i = 0; i < expired.length; i += BATCH) {
    const ids = expired.slice(i, i + BATCH).map((c) => c.id);
    // Members first: a crash in between leaves a cell without members, never members without a cell.
    members += (await db.sickLeaveCellMember.deleteMany({ where: { cellId: { in: ids } } })).count;
    cells += (await db.sickLeaveCell.deleteMany({ where: { id: { in: ids } } })).count;
  }
  return { sickLeaveCells: cells, sickLeaveCellMembers: members };
}
