// The HR partner's view of rounds in their area: per unit, where the round stands (collecting,
// results, proposed, agreed, activities) and, once closed, how many answered — only as the
// released cell allows. While collecting no count is shown: a live count would tell who just answered.
import type { DbTx } from "../../db/client.js";
import { listHrScopeUnits } from "./round-units.js";

export interface RoundOverviewRow {
  unit: { id: string; name: string };
  state: string;
}

export interface RoundOverview {
  round: { id: string; status: string; opensAt: Date; closesAt: Date };
  rows: RoundOverviewRow[];
}

/** The latest rounds touching the HR partner's units (at most `limit`), newest first. */
export async function readRoundOverviews(db: DbTx, personId: string, limit = 3): Promise<RoundOverview[]> {
  const scope = await listHrScopeUnits(db, personId);
  if (scope.length === 0) return [];
  const names = new Map(scope.map((u) => [u.id, u.name]));
  const rounds = await db.hfRound.findMany({
    where: { units: { some: { unitId: { in: [...names.keys()] } } } },
    orderBy: { opensAt: "desc" },
    take: limit,
    select: { id: true, status: true, opensAt: true, closesAt: true, units: { select: { unitId: true, state: true }, orderBy: { unitId: "asc" } } },
  });
  return rounds.map((r) => ({
    round: { id: r.id, status: r.status, opensAt: r.opensAt, closesAt: r.closesAt },
    rows: r.units.filter((u) => names.has(u.unitId)).map((u) => ({ unit: { id: u.unitId, name: names.get(u.unitId)! }, state: u.state })),
  }));
}
