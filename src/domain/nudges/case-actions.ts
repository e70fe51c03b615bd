// The owner answers a case from the card: planned (a date), done, or not relevant (a reason from a
// fixed list: free text could carry health details). Only the owner, only while the case is open;
// each change is one conditional update, so a replayed or raced tap changes nothing twice.
import { DateTime } from "luxon";
import { z } from "zod/v4";
import type { Db } from "../../db/client.js";
import { recordAudit } from "../records/audit.js";

export const DISMISS_REASONS = ["handled_elsewhere", "known_cause", "left_unit", "other"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export type CaseActionRefusal = "notFound" | "notOwner" | "closed" | "invalidDate" | "invalidReason";
export type CaseActionResult = { ok: true } | { ok: false; reason: CaseActionRefusal };

const IsoDateSchema = z.iso.date();

async function check(db: Db, caseId: string, actorId: string): Promise<CaseActionResult> {
  const row = await db.nudgeCase.findUnique({ where: { id: caseId }, select: { ownerId: true, status: true } });
  if (!row) return { ok: false, reason: "notFound" };
  if (row.ownerId !== actorId) return { ok: false, reason: "notOwner" };
  if (row.status !== "open" && row.status !== "planned") return { ok: false, reason: "closed" };
  return { ok: true };
}

const stillOpen = (caseId: string, actorId: string) => ({ id: caseId, ownerId: actorId, status: { in: ["open", "planned"] } });

export async function planCase(db: Db, o: { caseId: string; actorId: string; date: unknown; now: Date; timeZone: string }): Promise<CaseActionResult> {
  const checked = await check(db, o.caseId, o.actorId);
  if (!checked.ok) return checked;
  const date = IsoDateSchema.safeParse(o.date);
  const today = DateTime.fromJSDate(o.now, { zone: o.timeZone }).toISODate()!;
  const latest = DateTime.fromJSDate(o.now, { zone: o.timeZone }).plus({ years: 1 }).toISODate()!;
  if (!date.success || date.data < today || date.data > latest) return { ok: false, reason: "invalidDate" };
  const updated = await db.nudgeCase.updateMany({ where: stillOpen(o.caseId, o.actorId), data: { status: "planned", plannedFor: date.data } });
  return audited(db, updated.count, { ...o, status: "planned" });
}

export async function completeCase(db: Db, o: { caseId: string; actorId: string; now: Date }): Promise<CaseActionResult> {
  const checked = await check(db, o.caseId, o.actorId);
  if (!checked.ok) return checked;
  const updated = await db.nudgeCase.updateMany({ where: stillOpen(o.caseId, o.actorId), data: { status: "done", openKey: null, closedAt: o.now } });
  return audited(db, updated.count, { ...o, status: "done" });
}

export async function dismissCase(db: Db, o: { caseId: string; actorId: string; reason: unknown; now: Date }): Promise<CaseActionResult> {
  const checked = await check(db, o.caseId, o.actorId);
  if (!checked.ok) return checked;
  const reason = z.enum(DISMISS_REASONS).safeParse(o.reason);
  if (!reason.success) return { ok: false, reason: "invalidReason" };
  const updated = await db.nudgeCase.updateMany({
    where: stillOpen(o.caseId, o.actorId),
    data: { status: "not_relevant", reason: reason.data, openKey: null, closedAt: o.now },
  });
  return audited(db, updated.count, { ...o, status: "not_relevant" });
}

/** A change that happened is audited (the case, its new status — the case row holds the rest). */
async function audited(db: Db, changed: number, o: { caseId: string; actorId: string; now: Date; status: string }): Promise<CaseActionResult> {
  if (changed !== 1) return { ok: false, reason: "closed" };
  await recordAudit(db, { at: o.now, actorId: o.actorId, action: "case.status", subjectType: "case", subjectId: o.caseId, detail: { status: o.status } });
  return { ok: true };
}
