// Which friskfaktor results a party sees in chat: for each unit the person is chef or skyddsombud
// of, the unit's latest closed round.
import type { DbTx } from "../../db/client.js";

export async function listLatestClosedRoundUnits(db: DbTx, personId: string): Promise<{ roundId: string; unitId: string }[]> {
  const units = await db.assignment.findMany({ where: { personId, active: true, role: { in: ["manager", "safety_rep"] } }, select: { unitId: true } });
  const result: { roundId: string; unitId: string }[] = [];
  for (const unitId of new Set(units.map((u) => u.unitId))) {
    const latest = await db.hfRoundUnit.findFirst({
      where: { unitId, round: { status: "closed" } },
      orderBy: { round: { closesAt: "desc" } },
      select: { roundId: true },
    });
    if (latest) result.push({ roundId: latest.roundId, unitId });
  }
  return result;
}
