// Partnered priorities: each side proposes 1–3 factors; the other side confirms exactly that set
// (then it is agreed) or counter-proposes. Every step is a PriorityStep with who, role and when.
// The state is derived from the steps, inside one transaction per step.
import { z } from "zod/v4";
import type { Db, DbTx } from "../../db/client.js";
import { FactorIdSchema, MAX_PRIORITIES, type FactorId } from "../health-factors/catalogue.js";
import { loadParties, sideOf, type Parties, type Side } from "./parties.js";
import { recordAudit } from "../records/audit.js";

export const FactorSetSchema = z
  .array(FactorIdSchema)
  .min(1)
  .max(MAX_PRIORITIES)
  .refine((ids) => new Set(ids).size === ids.length, "duplicate factor")
  .transform((ids) => [...ids].sort() as FactorId[]);

const StoredSetSchema = z.array(FactorIdSchema);

export interface AgreementState {
  roundId: string;
  unitId: string;
  parties: Parties;
  /** The set on the table and the side that put it there; null before anyone proposed. */
  proposal: { factorIds: FactorId[]; side: Side; actorId: string; at: Date } | null;
  agreed: { factorIds: FactorId[]; at: Date } | null;
  steps: { kind: string; actorId: string; actorRole: string; factorIds: FactorId[]; at: Date }[];
}

export type AgreementRefusal = "notParty" | "notReady" | "alreadyAgreed" | "ownProposal" | "stale" | "invalid";
export type AgreementResult = { ok: true; state: AgreementState; agreedNow: boolean } | { ok: false; reason: AgreementRefusal; state?: AgreementState };

export async function readAgreement(db: DbTx, roundId: string, unitId: string): Promise<AgreementState> {
  const [parties, steps, agreement] = await Promise.all([
    loadParties(db, unitId),
    db.priorityStep.findMany({ where: { roundId, unitId }, orderBy: { createdAt: "asc" } }),
    db.priorityAgreement.findUnique({ where: { roundId_unitId: { roundId, unitId } } }),
  ]);
  const parsed = steps.map((s) => ({
    kind: s.kind,
    actorId: s.actorId,
    actorRole: s.actorRole,
    factorIds: StoredSetSchema.parse(JSON.parse(s.factorIds)),
    at: s.createdAt,
  }));
  const last = [...parsed].reverse().find((s) => s.kind === "propose" || s.kind === "counter");
  return {
    roundId,
    unitId,
    parties,
    proposal: last ? { factorIds: last.factorIds, side: last.actorRole === "manager" ? "manager" : "second", actorId: last.actorId, at: last.at } : null,
    agreed: agreement ? { factorIds: StoredSetSchema.parse(JSON.parse(agreement.factorIds)), at: agreement.agreedAt } : null,
    steps: parsed,
  };
}

/** Propose (or counter-propose) a set. The round must be closed and the unit part of it. */
export async function proposePriorities(
  db: Db,
  o: { roundId: string; unitId: string; actorId: string; factorIds: unknown; now: Date },
): Promise<AgreementResult> {
  const factorIds = FactorSetSchema.safeParse(o.factorIds);
  if (!factorIds.success) return { ok: false, reason: "invalid" };
  return db.$transaction(async (tx): Promise<AgreementResult> => {
    const check = await authorise(tx, o.roundId, o.unitId, o.actorId);
    if (!check.ok) return check;
    const { state, side } = check;
    await recordStep(tx, o, roleOf(side, state.parties), state.proposal ? "counter" : "propose", factorIds.data);
    await tx.hfRoundUnit.update({ where: { roundId_unitId: { roundId: o.roundId, unitId: o.unitId } }, data: { state: "proposed" } });
    await recordAudit(tx, {
      at: o.now,
      actorId: o.actorId,
      action: `priorities.${state.proposal ? "counter" : "propose"}`,
      subjectType: "unit",
      subjectId: o.unitId,
      detail: { roundId: o.roundId, factorIds: factorIds.data },
    });
    return { ok: true, state: await readAgreement(tx, o.roundId, o.unitId), agreedNow: false };
  });
}

/** Confirm the set on the table. `factorIds` is what the confirming person saw: it must match. */
export async function confirmPriorities(
  db: Db,
  o: { roundId: string; unitId: string; actorId: string; factorIds: unknown; now: Date },
): Promise<AgreementResult> {
  const factorIds = FactorSetSchema.safeParse(o.factorIds);
  if (!factorIds.success) return { ok: false, reason: "invalid" };
  return db
    .$transaction(async (tx): Promise<AgreementResult> => {
      const check = await authorise(tx, o.roundId, o.unitId, o.actorId);
      if (!check.ok) return check;
      const { state, side } = check;
      if (!state.proposal || state.proposal.factorIds.join() !== factorIds.data.join()) return { ok: false, reason: "stale", state };
      if (state.proposal.side === side) return { ok: false, reason: "ownProposal", state };
      await recordStep(tx, o, roleOf(side, state.parties), "confirm", factorIds.data);
      await tx.priorityAgreement.create({ data: { roundId: o.roundId, unitId: o.unitId, factorIds: JSON.stringify(factorIds.data), agreedAt: o.now } });
      await tx.hfRoundUnit.update({ where: { roundId_unitId: { roundId: o.roundId, unitId: o.unitId } }, data: { state: "agreed" } });
      await recordAudit(tx, {
        at: o.now,
        actorId: o.actorId,
        action: "priorities.agreed",
        subjectType: "unit",
        subjectId: o.unitId,
        detail: { roundId: o.roundId, factorIds: factorIds.data },
      });
      return { ok: true, state: await readAgreement(tx, o.roundId, o.unitId), agreedNow: true };
    })
    .catch(alreadyAgreedOnRace);
}

/** Two confirmations at once: the database keeps one agreement (unique round + unit); the second reads as agreed. */
function alreadyAgreedOnRace(error: unknown): AgreementResult {
  if ((error as { code?: string }).code === "P2002") return { ok: false, reason: "alreadyAgreed" };
  throw error;
}

type Authorised = { ok: true; state: AgreementState; side: Side } | { ok: false; reason: AgreementRefusal; state?: AgreementState };

async function authorise(tx: DbTx, roundId: string, unitId: string, actorId: string): Promise<Authorised> {
  if (!z.uuid().safeParse(roundId).success) return { ok: false, reason: "notReady" };
  const roundUnit = await tx.hfRoundUnit.findUnique({ where: { roundId_unitId: { roundId, unitId } }, select: { round: { select: { status: true } } } });
  if (!roundUnit) return { ok: false, reason: "notParty" };
  const state = await readAgreement(tx, roundId, unitId);
  const side = sideOf(state.parties, actorId);
  if (!side) return { ok: false, reason: "notParty" };
  if (roundUnit.round.status !== "closed") return { ok: false, reason: "notReady", state };
  if (state.agreed) return { ok: false, reason: "alreadyAgreed", state };
  return { ok: true, state, side };
}

/** One step of the agreement (a proposal, a counter-proposal, a confirmation), as the party made it. */
async function recordStep(
  tx: DbTx,
  o: { roundId: string; unitId: string; actorId: string; now: Date },
  actorRole: string,
  kind: "propose" | "counter" | "confirm",
  factorIds: FactorId[],
): Promise<void> {
  await tx.priorityStep.create({
    data: { roundId: o.roundId, unitId: o.unitId, actorId: o.actorId, actorRole, kind, factorIds: JSON.stringify(factorIds), createdAt: o.now },
  });
}

function roleOf(side: Side, parties: Parties): string {
  return side === "manager" ? "manager" : parties.secondRole;
}
