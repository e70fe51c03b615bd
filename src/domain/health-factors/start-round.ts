// An HR partner starts a friskfaktor round for units in their subtree (each selected unit with
// everything below it). Authorised against the database; one collecting round per unit at a time.
import { z } from "zod/v4";
import type { Db } from "../../db/client.js";
import { ROUND_WINDOWS_DAYS } from "./catalogue.js";
import { listHrScopeUnits, listSubtree, loadActiveUnits, type UnitRow } from "./round-units.js";
import { UnitTree } from "../org/unit-tree.js";

export const StartRoundSchema = z.strictObject({
  unitIds: z.array(z.string().min(1).max(64)).min(1).max(1000),
  windowDays: z.union(ROUND_WINDOWS_DAYS.map((d) => z.literal(d)) as [z.ZodLiteral<7>, z.ZodLiteral<14>, z.ZodLiteral<21>]),
});
export type StartRoundInput = z.infer<typeof StartRoundSchema>;

export type StartRoundRefusal = "notHrPartner" | "unitOutsideScope" | "alreadyCollecting" | "noMembers";
export type StartRoundResult = { ok: true; roundId: string; units: number; recipients: number; closesAt: Date } | { ok: false; reason: StartRoundRefusal };

export async function startRound(db: Db, o: { actorId: string; input: StartRoundInput; now: Date }): Promise<StartRoundResult> {
  const scope = await listHrScopeUnits(db, o.actorId);
  if (scope.length === 0) return { ok: false, reason: "notHrPartner" };
  const scopeIds = new Set(scope.map((u) => u.id));
  if (!o.input.unitIds.every((id) => scopeIds.has(id))) return { ok: false, reason: "unitOutsideScope" };
  const units = await loadActiveUnits(db);
  const covered = new Map<string, UnitRow>();
  for (const id of o.input.unitIds) for (const u of listSubtree(units, id)) covered.set(u.id, u);
  const coveredIds = [...covered.keys()];
  const busy = await db.hfRoundUnit.count({ where: { unitId: { in: coveredIds }, round: { status: "collecting" } } });
  if (busy > 0) return { ok: false, reason: "alreadyCollecting" };
  const assignments = await db.assignment.findMany({
    where: { role: "member", active: true, unitId: { in: coveredIds }, person: { active: true } },
    select: { personId: true, unitId: true },
    orderBy: [{ personId: "asc" }, { unitId: "asc" }],
  });
  if (assignments.length === 0) return { ok: false, reason: "noMembers" };
  const unitsOf = new Map<string, string[]>();
  for (const a of assignments) unitsOf.set(a.personId, [...(unitsOf.get(a.personId) ?? []), a.unitId]);
  const closesAt = new Date(o.now.getTime() + o.input.windowDays * 86_400_000);
  const rootUnitId = lowestCommonAncestor(units, o.input.unitIds);
  const round = await db.$transaction(
    async (tx) => {
      const created = await tx.hfRound.create({ data: { rootUnitId, startedById: o.actorId, opensAt: o.now, closesAt, createdAt: o.now } });
      await tx.hfRoundUnit.createMany({ data: coveredIds.map((unitId) => ({ roundId: created.id, unitId })) });
      const recipients = [...unitsOf].map(([personId, unitIds]) => ({ roundId: created.id, personId, unitIds: JSON.stringify(unitIds) }));
      for (let i = 0; i < recipients.length; i += 500) await tx.hfRecipient.createMany({ data: recipients.slice(i, i + 500) });
      await tx.auditEvent.create({
        data: {
          at: o.now,
          actorId: o.actorId,
          action: "hf.round.start",
          subjectType: "hfRound",
          subjectId: created.id,
          detail: JSON.stringify({ unitIds: o.input.unitIds, windowDays: o.input.windowDays }),
        },
      });
      return created;
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  return { ok: true, roundId: round.id, units: coveredIds.length, recipients: unitsOf.size, closesAt };
}

function lowestCommonAncestor(units: UnitRow[], ids: string[]): string {
  return new UnitTree(units).lowestCommonAncestor(ids)!;
}
