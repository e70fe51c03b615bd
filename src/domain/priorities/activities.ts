// Activities for the agreed factors: what, who owns it, when it is due. Either party adds them and
// changes them: done, postponed (a new due date; the first one is kept) or edited (what, owner).
// Both are reminded once when one falls due (again after a postponement). Due dates in the past are
// refused against the caller's clock, in the person's time zone.
import { z } from "zod/v4";
import { DateTime } from "luxon";
import type { Db, DbTx } from "../../db/client.js";
import { FactorIdSchema } from "../health-factors/catalogue.js";
import { readAgreement } from "./agreement.js";
import { sideOf } from "./parties.js";
import { recordAudit } from "../records/audit.js";

export const ActivityInputSchema = z.strictObject({
  factorId: FactorIdSchema,
  what: z.string().trim().min(1).max(300),
  owner: z.string().trim().min(1).max(120),
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((d) => DateTime.fromISO(d).isValid, "not a date"),
});
export type ActivityInput = z.infer<typeof ActivityInputSchema>;

export type ActivityRefusal = "notParty" | "notAgreed" | "factorNotAgreed" | "invalidActivity" | "pastDue" | "unknownActivity" | "alreadyDone";
export type ActivityStatus = "planned" | "done" | "postponed";

const DueDateSchema = ActivityInputSchema.shape.dueDate;
export const ActivityChangeSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("done") }),
  z.strictObject({ kind: z.literal("postpone"), dueDate: DueDateSchema }),
  z.strictObject({ kind: z.literal("edit"), what: ActivityInputSchema.shape.what, owner: ActivityInputSchema.shape.owner }),
]);
export type ActivityChange = z.infer<typeof ActivityChangeSchema>;

const todayIn = (now: Date, timeZone: string) => DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;

export async function addActivity(
  db: Db,
  o: { roundId: string; unitId: string; actorId: string; input: unknown; now: Date; timeZone: string },
): Promise<{ ok: true; activityId: string } | { ok: false; reason: ActivityRefusal }> {
  const input = ActivityInputSchema.safeParse(o.input);
  if (!input.success) return { ok: false, reason: "invalidActivity" };
  if (input.data.dueDate < todayIn(o.now, o.timeZone)) return { ok: false, reason: "pastDue" };
  return db.$transaction(async (tx) => {
    const state = await readAgreement(tx, o.roundId, o.unitId);
    if (!sideOf(state.parties, o.actorId)) return { ok: false as const, reason: "notParty" as const };
    if (!state.agreed) return { ok: false as const, reason: "notAgreed" as const };
    if (!state.agreed.factorIds.includes(input.data.factorId)) return { ok: false as const, reason: "factorNotAgreed" as const };
    const created = await tx.priorityActivity.create({
      data: { roundId: o.roundId, unitId: o.unitId, ...input.data, createdById: o.actorId, createdAt: o.now },
    });
    // Ids and the factor only: the activity's own words stay in its row.
    await recordAudit(tx, {
      at: o.now,
      actorId: o.actorId,
      action: "priorities.activity.add",
      subjectType: "unit",
      subjectId: o.unitId,
      detail: { roundId: o.roundId, activityId: created.id, factorId: input.data.factorId },
    });
    await tx.hfRoundUnit.update({ where: { roundId_unitId: { roundId: o.roundId, unitId: o.unitId } }, data: { state: "activities" } });
    return { ok: true as const, activityId: created.id };
  });
}

/**
 * Done, postponed or edited, by either party of the activity's unit. A postponement needs a date
 * from today on, other than the current one; it is reminded of again on the new date.
 */
export async function changeActivity(
  db: Db,
  o: { activityId: string; actorId: string; change: unknown; now: Date; timeZone: string },
): Promise<
  { ok: true; roundId: string; unitId: string; kind: ActivityChange["kind"] } | { ok: false; reason: ActivityRefusal; at?: { roundId: string; unitId: string } }
> {
  if (!z.uuid().safeParse(o.activityId).success) return { ok: false, reason: "unknownActivity" };
  const change = ActivityChangeSchema.safeParse(o.change);
  return db.$transaction(async (tx) => {
    const activity = await tx.priorityActivity.findUnique({ where: { id: o.activityId } });
    if (!activity) return { ok: false as const, reason: "unknownActivity" as const };
    const at = { roundId: activity.roundId, unitId: activity.unitId };
    const state = await readAgreement(tx, activity.roundId, activity.unitId);
    if (!sideOf(state.parties, o.actorId)) return { ok: false as const, reason: "notParty" as const, at };
    if (!change.success) return { ok: false as const, reason: "invalidActivity" as const, at };
    if (activity.status === "done") return { ok: false as const, reason: "alreadyDone" as const, at };
    const c = change.data;
    if (c.kind === "postpone" && (c.dueDate < todayIn(o.now, o.timeZone) || c.dueDate === activity.dueDate)) {
      return { ok: false as const, reason: c.dueDate === activity.dueDate ? ("invalidActivity" as const) : ("pastDue" as const), at };
    }
    const who = { updatedById: o.actorId, updatedAt: o.now };
    const data =
      c.kind === "done"
        ? { ...who, status: "done", doneAt: o.now }
        : c.kind === "postpone"
          ? { ...who, status: "postponed", dueDate: c.dueDate, originalDueDate: activity.originalDueDate ?? activity.dueDate, remindedAt: null }
          : { ...who, what: c.what, owner: c.owner, editedAt: o.now };
    // Conditional on the row as read: two changes at once, the second finds it changed and refuses.
    const updated = await tx.priorityActivity.updateMany({ where: { id: activity.id, status: activity.status, dueDate: activity.dueDate }, data });
    if (updated.count === 0) return { ok: false as const, reason: "alreadyDone" as const, at };
    await recordAudit(tx, {
      at: o.now,
      actorId: o.actorId,
      action: `priorities.activity.${c.kind}`,
      subjectType: "unit",
      subjectId: activity.unitId,
      detail: { roundId: activity.roundId, activityId: activity.id, factorId: activity.factorId },
    });
    return { ok: true as const, ...at, kind: c.kind };
  });
}

export async function listActivities(db: DbTx, roundId: string, unitId: string) {
  return db.priorityActivity.findMany({ where: { roundId, unitId }, orderBy: [{ dueDate: "asc" }, { createdAt: "asc" }] });
}

/** Activities due on or before `today` (YYYY-MM-DD) that are not done and have not been reminded of (since a postponement). */
export async function listDueActivities(db: DbTx, today: string) {
  return db.priorityActivity.findMany({
    where: { dueDate: { lte: today }, remindedAt: null, doneAt: null, status: { not: "done" } },
    orderBy: { dueDate: "asc" },
  });
}

export async function markActivityReminded(db: DbTx, id: string, now: Date): Promise<void> {
  await db.priorityActivity.update({ where: { id }, data: { remindedAt: now } });
}
