// Which friskfaktor results a party sees in chat: for each unit the person is chef or skyddsombud
// of, and each unit below a huvudskyddsombud or regionalt skyddsombud where they stand in (issue
// 16), the unit's latest closed round.
import type { DbTx } from "../../db/client.js";
import { loadUnitTree } from "../org/unit-tree.js";
import { loadParties, STAND_IN_ROLES } from "../priorities/parties.js";

const SAFETY_STAND_INS = STAND_IN_ROLES.filter((r) => r !== "hr_partner");

export async function listLatestClosedRoundUnits(db: DbTx, personId: string): Promise<{ roundId: string; unitId: string }[]> {
  const assignments = await db.assignment.findMany({
    where: { personId, active: true, role: { in: ["manager", "safety_rep", ...SAFETY_STAND_INS] } },
    select: { unitId: true, role: true },
  });
  const own = new Set(assignments.filter((a) => a.role === "manager" || a.role === "safety_rep").map((a) => a.unitId));
  const standInRoots = assignments.filter((a) => (SAFETY_STAND_INS as readonly string[]).includes(a.role));
  // Units below a stand-in's own: only those where they are the second party now (no skyddsombud of their own, nobody nearer).
  const candidates = new Set(own);
  if (standInRoots.length > 0) {
    const tree = await loadUnitTree(db, { activeOnly: true });
    for (const unitId of tree.subtreeIds(...standInRoots.map((a) => a.unitId))) candidates.add(unitId);
  }
  const result: { roundId: string; unitId: string }[] = [];
  for (const unitId of candidates) {
    const latest = await db.hfRoundUnit.findFirst({
      where: { unitId, round: { status: "closed" } },
      orderBy: { round: { closesAt: "desc" } },
      select: { roundId: true },
    });
    if (!latest) continue;
    if (!own.has(unitId) && !(await loadParties(db, unitId)).second.includes(personId)) continue;
    result.push({ roundId: latest.roundId, unitId });
  }
  return result;
}
