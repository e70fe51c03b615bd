// Per-unit pauses (issue 16): a unit's chef or an HR partner covering the unit stops pulses for
// the unit and the units below it between two local dates (a closed workplace, a reorganisation,
// a hard period). Roles come from the database; every change is audited. A pulse due on a paused
// day does not reach the paused units' members; when the schedule's own unit is paused, the pulse
// is not planned at all.
import { DateTime } from "luxon";
import { z } from "zod/v4";
import type { Db, DbTx } from "../../db/client.js";
import { loadUnitTree, type UnitTree } from "../org/unit-tree.js";
import type { DatePause } from "../schedule/pause-periods.js";

/** The longest pause one change may set. */
export const MAX_UNIT_PAUSE_DAYS = 400;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Both dates empty = remove the pause. */
export const UnitPauseChangeSchema = z.strictObject({
  unitId: z.string().min(1).max(64),
  unitPauseFrom: z.union([IsoDate, z.literal("")]).default(""),
  unitPauseUntil: z.union([IsoDate, z.literal("")]).default(""),
});
export type UnitPauseChange = z.infer<typeof UnitPauseChangeSchema>;

export type UnitPauseResult = { ok: true; pause: DatePause | null } | { ok: false; reason: "notAllowed" | "invalidDates" };

/** Active units the person may pause: those they are chef of, and those their HR partner assignments cover. */
export async function mayPauseUnit(db: DbTx, personId: string, unitId: string, tree?: UnitTree): Promise<boolean> {
  const units = tree ?? (await loadUnitTree(db));
  const unit = units.get(unitId);
  if (!unit) return false;
  const chain = units.ancestry(unitId);
  const roles = await db.assignment.findMany({
    where: {
      personId,
      active: true,
      unit: { active: true },
      OR: [
        { role: "manager", unitId },
        { role: "hr_partner", unitId: { in: chain } },
      ],
    },
    select: { unitId: true },
  });
  return roles.length > 0;
}

export async function readUnitPause(db: DbTx, unitId: string): Promise<DatePause | null> {
  const row = await db.unitPause.findUnique({ where: { unitId } });
  return row && { fromDate: row.fromDate, toDate: row.toDate };
}

export async function setUnitPause(db: Db, actorId: string, change: UnitPauseChange, now: Date): Promise<UnitPauseResult> {
  if (!(await mayPauseUnit(db, actorId, change.unitId))) return { ok: false, reason: "notAllowed" };
  const clear = change.unitPauseFrom === "" && change.unitPauseUntil === "";
  if (!clear) {
    const from = DateTime.fromISO(change.unitPauseFrom);
    const to = DateTime.fromISO(change.unitPauseUntil);
    if (!from.isValid || !to.isValid || to < from || to.diff(from, "days").days > MAX_UNIT_PAUSE_DAYS) return { ok: false, reason: "invalidDates" };
  }
  const pause = clear ? null : { fromDate: change.unitPauseFrom, toDate: change.unitPauseUntil };
  await db.$transaction(async (tx) => {
    if (pause) {
      const data = { ...pause, setById: actorId, setAt: now };
      await tx.unitPause.upsert({ where: { unitId: change.unitId }, create: { unitId: change.unitId, ...data }, update: data });
    } else {
      await tx.unitPause.deleteMany({ where: { unitId: change.unitId } });
    }
    await tx.auditEvent.create({
      data: {
        at: now,
        actorId,
        action: pause ? "pulse.unitPause.set" : "pulse.unitPause.clear",
        subjectType: "unit",
        subjectId: change.unitId,
        detail: JSON.stringify(pause ?? {}),
      },
    });
  });
  return { ok: true, pause };
}

/** Every unit pause, by unit. */
export async function loadUnitPauses(db: DbTx): Promise<Map<string, DatePause>> {
  const rows = await db.unitPause.findMany({ select: { unitId: true, fromDate: true, toDate: true } });
  return new Map(rows.map((r) => [r.unitId, { fromDate: r.fromDate, toDate: r.toDate }]));
}

/** The pause that holds a unit on a local date: its own or one above it. */
export function pauseHolding(tree: UnitTree, pauses: Map<string, DatePause>, unitId: string, localDate: string): DatePause | undefined {
  for (const id of tree.ancestry(unitId)) {
    const p = pauses.get(id);
    if (p && localDate >= p.fromDate && localDate <= p.toDate) return p;
  }
  return undefined;
}

/** Units paused on a local date (directly or through a unit above them). */
export function pausedUnitsOn(tree: UnitTree, unitIds: Iterable<string>, pauses: Map<string, DatePause>, localDate: string): Set<string> {
  const out = new Set<string>();
  if (pauses.size === 0) return out;
  for (const id of unitIds) if (pauseHolding(tree, pauses, id, localDate)) out.add(id);
  return out;
}
