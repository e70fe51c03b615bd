// The owner answers a case from the card: planned (a date), done, or not relevant (a reason from a
// fixed list: free text could carry health details). Only the owner — or, once the case has been
// escalated, an HR partner whose area holds its unit (and who is not its subject) — and only while
// the case is open; each change is one conditional update, so a replayed or raced tap changes
// nothing twice.
import { DateTime } from "luxon";
import { z } from "zod/v4";
import type { Db } from "../../db/client.js";
import { recordAudit } from "../records/audit.js";
import { hrAreaOf } from "./list-cases.js";
import type { Signal } from "./thresholds.js";

export const DISMISS_REASONS = ["handled_elsewhere", "known_cause", "left_unit", "other"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** The reasons that fit a case: "the person has left" only where the case is about a person. */
export function dismissReasonsFor(signal: Signal): DismissReason[] {
  return signal === "falling_pulse" ? DISMISS_REASONS.filter((r) => r !== "left_unit") : [...DISMISS_REASONS];
}

export type CaseActionRefusal = "notFound" | "notOwner" | "closed" | "invalidDate" | "invalidReason";
export type CaseActionResult = { ok: true } | { ok: false; reason: CaseActionRefusal };

const IsoDateSchema = z.iso.date();

type Checked = { ok: true; signal: Signal; ownerId: string } | { ok: false; reason: CaseActionRefusal };

async function check(db: Db, caseId: string, actorId: string): Promise<Checked> {
  const row = await db.nudgeCase.findUnique({
    where: { id: caseId },
    select: { ownerId: true, status: true, signal: true, unitId: true, escalatedAt: true, subjectPersonId: true },
  });
  if (!row) return { ok: false, reason: "notFound" };
  if (row.ownerId !== actorId && !(row.escalatedAt && row.subjectPersonId !== actorId && (await hrAreaOf(db, actorId)).has(row.unitId)))
    return { ok: false, reason: "notOwner" };
  if (row.status !== "open" && row.status !== "planned") return { ok: false, reason: "closed" };
  return { ok: true, signal: row.signal as Signal, ownerId: row.ownerId };
}

const stillOpen = (caseId: string, ownerId: string) => ({ id: caseId, ownerId, status: { in: ["open", "planned"] } });

export async function planCase(db: Db, o: { caseId: string; actorId: string; date: unknown; now: Date; timeZone: string }): Promise<CaseActionResult> {
  const checked = await check(db, o.caseId, o.actorId);
  if (!checked.ok) return checked;
  const date = IsoDateSchema.safeParse(o.date);
  const today = DateTime.fromJSDate(o.now, { zone: o.timeZone }).toISODate()!;
  const latest = DateTime.fromJSDate(o.now, { zone: o.timeZone }).plus({ years: 1 }).toISODate()!;
  if (!date.success || date.data < today || date.data > latest) return { ok: false, reason: "invalidDate" };
  const updated = await db.nudgeCase.updateMany({ where: stillOpen(o.caseId, checked.ownerId), data: { status: "planned", plannedFor: date.data } });
  return audited(db, updated.count, { ...o, status: "planned", byOwner: checked.ownerId === o.actorId });
}

export async function completeCase(db: Db, o: { caseId: string; actorId: string; now: Date }): Promise<CaseActionResult> {
  const checked = await check(db, o.caseId, o.actorId);
  if (!checked.ok) return checked;
  const updated = await db.nudgeCase.updateMany({ where: stillOpen(o.caseId, checked.ownerId), data: { status: "done", openKey: null, closedAt: o.now } });
  return audited(db, updated.count, { ...o, status: "done", byOwner: checked.ownerId === o.actorId });
}

export async function dismissCase(db: Db, o: { caseId: string; actorId: string; reason: unknown; now: Date }): Promise<CaseActionResult> {
  const checked = await check(db, o.caseId, o.actorId);
  if (!checked.ok) return checked;
  const reason = z.enum(dismissReasonsFor(checked.signal) as [DismissReason, ...DismissReason[]]).safeParse(o.reason);
  if (!reason.success) return { ok: false, reason: "invalidReason" };
  const updated = await db.nudgeCase.updateMany({
    where: stillOpen(o.caseId, checked.ownerId),
    data: { status: "not_relevant", reason: reason.data, openKey: null, closedAt: o.now },
  });
  return audited(db, updated.count, { ...o, status: "not_relevant", byOwner: checked.ownerId === o.actorId });
}

/** A change that happened is audited (the case, its new status — the case row holds the rest). */
async function audited(
  db: Db,
  changed: number,
  o: { caseId: string; actorId: string; now: Date; status: string; byOwner: boolean },
): Promise<CaseActionResult> {
  if (changed !== 1) return { ok: false, reason: "closed" };
  await recordAudit(db, {
    at: o.now,
    actorId: o.actorId,
    action: "case.status",
    subjectType: "case",
    subjectId: o.caseId,
    detail: o.byOwner ? { status: o.status } : { status: o.status, as: "hr_partner" },
  });
  return { ok: true };
}
