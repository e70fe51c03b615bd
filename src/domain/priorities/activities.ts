// Activities for the agreed factors: what, who owns it, when it is due. Either party adds them;
// both are reminded once when one falls due.
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

export type ActivityRefusal = "notParty" | "notAgreed" | "factorNotAgreed" | "invalid" | "pastDue";

export async function addActivity(
  db: Db,
  o: { roundId: string; unitId: string; actorId: string; input: unknown; now: Date; timeZone: string },
): Promise<{ ok: true } | { ok: false; reason: ActivityRefusal }> {
  const input = ActivityInputSchema.safeParse(o.input);
  if (!input.success) return { ok: false, reason: "invalid" };
  if (input.data.dueDate < DateTime.fromJSDate(o.now, { zone: o.timeZone }).toISODate()!) return { ok: false, reason: "pastDue" };
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
    return { ok: true as const };
  });
}

export async function listActivities(db: DbTx, roundId: string, unitId: string) {
  return db.priorityActivity.findMany({ where: { roundId, unitId }, orderBy: [{ dueDate: "asc" }, { createdAt: "asc" }] });
}

/** Activities due on or before `today` (YYYY-MM-DD) that have not been reminded of. */
export async function listDueActivities(db: DbTx, today: string) {
  return db.priorityActivity.findMany({ where: { dueDate: { lte: today }, remindedAt: null, doneAt: null }, orderBy: { dueDate: "asc" } });
}

export async function markActivityReminded(db: DbTx, id: string, now: Date): Promise<void> {
  await db.priorityActivity.update({ where: { id }, data: { remindedAt: now } });
}
