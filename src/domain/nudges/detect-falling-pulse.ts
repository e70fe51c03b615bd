// A unit's share of Bra/Mycket bra falling well below its rolling baseline (both released by the
// aggregates module) → a case for the unit's manager and one for each skyddsombud, naming the
// unit's weakest friskfaktor when a released round has one. One case per unit and pulse: a
// closed case is not reopened for the same pulse.
import type { Db } from "../../db/client.js";
import { listShareDrops } from "../aggregates/read-share-drops.js";
import { readWeakestFactor } from "../aggregates/read-hf-profile.js";
import { findUnitManager, listSafetyReps } from "./case-routing.js";
import { openCase, openKeyOf, parseCaseDetail } from "./open-case.js";
import type { NudgeThresholds } from "./thresholds.js";

/** A pulse older than this no longer opens a case (a late import or a restored backup). */
const MAX_PULSE_AGE_DAYS = 28;

export async function detectFallingPulse(db: Db, now: Date, k: number, t: NudgeThresholds): Promise<{ units: number; opened: number }> {
  const drops = await listShareDrops(db, { now, k, dropPoints: t.pulseDropPoints, baselinePulses: t.baselinePulses, maxAgeDays: MAX_PULSE_AGE_DAYS });
  let opened = 0;
  for (const drop of drops) {
    const earlier = await db.nudgeCase.findMany({ where: { signal: "falling_pulse", unitId: drop.unitId }, select: { detail: true } });
    if (earlier.some((c) => parseCaseDetail(c.detail).pulseId === drop.pulseId)) continue;
    const manager = await findUnitManager(db, drop.unitId);
    const weakestFactor = await readWeakestFactor(db, drop.unitId, k);
    const detail = { pulseId: drop.pulseId, latestPct: drop.latestPct, baselinePct: drop.baselinePct, weakestFactor };
    const owners: { ownerId: string; role: "manager" | "safety_rep" }[] = [
      ...(manager ? [{ ownerId: manager, role: "manager" as const }] : []),
      ...(await listSafetyReps(db, drop.unitId)).filter((p) => p !== manager).map((ownerId) => ({ ownerId, role: "safety_rep" as const })),
    ];
    for (const owner of owners) {
      const key = owner.role === "manager" ? openKeyOf("falling_pulse", drop.unitId) : openKeyOf("falling_pulse", `${drop.unitId}:${owner.ownerId}`);
      const id = await openCase(
        db,
        {
          signal: "falling_pulse",
          subjectPersonId: null,
          unitId: drop.unitId,
          ownerId: owner.ownerId,
          openKey: key,
          detail: { ...detail, ownerRole: owner.role },
        },
        now,
      );
      if (id) opened++;
    }
  }
  return { units: drops.length, opened };
}
