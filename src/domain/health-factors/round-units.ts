// Which units an HR partner may start a round for (their assigned units and everything below),
// from the database only.
import type { DbTx } from "../../db/client.js";

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
  const children = new Map<string, UnitRow[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const root = units.find((u) => u.id === rootId);
  if (!root) return [];
  const result: UnitRow[] = [];
  const walk = (u: UnitRow, depth: number) => {
    if (depth > 100) return;
    result.push(u);
    for (const c of children.get(u.id) ?? []) walk(c, depth + 1);
  };
  walk(root, 0);
  return result;
}

/** Units in the subtree of any unit the person is an active HR partner for. */
export async function listHrScopeUnits(db: DbTx, personId: string): Promise<UnitRow[]> {
  const assigned = await db.assignment.findMany({
    where: { personId, role: "hr_partner", active: true, unit: { active: true }, person: { active: true } },
    select: { unitId: true },
  });
  if (assigned.length === 0) return [];
  const units = await loadActiveUnits(db);
  const seen = new Map<string, UnitRow>();
  for (const a of assigned) for (const u of listSubtree(units, a.unitId)) seen.set(u.id, u);
  return [...seen.values()];
}
