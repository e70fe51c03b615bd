// Which units an HR partner may start a round for (their assigned units and everything below),
// from the database only.
import type { DbTx } from "../../db/client.js";
import { UnitTree } from "../org/unit-tree.js";

export interface UnitRow {
  id: string;
  name: string;
  parentId: string | null;
}

export async function loadActiveUnits(db: DbTx): Promise<UnitRow[]> {
  return db.unit.findMany({ where: { active: true }, select: { id: true, name: true, parentId: true }, orderBy: { id: "asc" } });
}

/** The unit and every active unit below it. */
export function listSubtree(units: UnitRow[], rootId: string): UnitRow[] {
  return new UnitTree(units).subtree(rootId);
}

/** Units in the subtree of any unit the person is an active HR partner for. */
export async function listHrScopeUnits(db: DbTx, personId: string): Promise<UnitRow[]> {
  const assigned = await db.assignment.findMany({
    where: { personId, role: "hr_partner", active: true, unit: { active: true }, person: { active: true } },
    select: { unitId: true },
  });
  if (assigned.length === 0) return [];
  const tree = new UnitTree(await loadActiveUnits(db));
  const seen = new Map<string, UnitRow>();
  for (const a of assigned) for (const u of tree.subtree(a.unitId)) seen.set(u.id, u);
  return [...seen.values()];
}

/** Each unit's depth within the list (for indenting the start form): ancestors that are in it. */
export function depthsWithin(units: UnitRow[]): Map<string, number> {
  return new UnitTree(units).depths();
}
