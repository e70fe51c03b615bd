// Who a case goes to, from roles in the database: the person's own manager (the nearest unit at
// or above theirs that has one), the unit's managers and skyddsombud, and the nearest HR partners.
// Whoever is the subject of a case is never its owner: their own manager above them gets it.
import type { DbTx } from "../../db/client.js";

type Role = "manager" | "safety_rep" | "hr_partner";

export async function listUnitChain(db: DbTx, unitId: string): Promise<string[]> {
  const chain: string[] = [];
  let at: string | null = unitId;
  while (at && chain.length < 100 && !chain.includes(at)) {
    chain.push(at);
    const unit: { parentId: string | null } | null = await db.unit.findUnique({ where: { id: at }, select: { parentId: true } });
    at = unit?.parentId ?? null;
  }
  return chain;
}

async function listRoleHolders(db: DbTx, unitId: string, role: Role): Promise<string[]> {
  const rows = await db.assignment.findMany({ where: { unitId, role, active: true, person: { active: true } }, select: { personId: true }, orderBy: { personId: "asc" } });
  return [...new Set(rows.map((r) => r.personId))];
}

/** The nearest holders of `role` at or above `unitId`, leaving out `except`. */
export async function findNearest(db: DbTx, unitId: string, role: Role, except: string | null = null): Promise<{ unitId: string; personIds: string[] } | null> {
  for (const at of await listUnitChain(db, unitId)) {
    const holders = (await listRoleHolders(db, at, role)).filter((p) => p !== except);
    if (holders.length > 0) return { unitId: at, personIds: holders };
  }
  return null;
}

/** A person's manager: through the person's member units (first by id), else any unit they are in. */
export async function findManagerOf(db: DbTx, personId: string): Promise<{ ownerId: string; unitId: string } | null> {
  const rows = await db.assignment.findMany({ where: { personId, active: true }, select: { unitId: true, role: true }, orderBy: { unitId: "asc" } });
  const units = [...new Set([...rows.filter((r) => r.role === "member"), ...rows].map((r) => r.unitId))];
  for (const unitId of units) {
    const found = await findNearest(db, unitId, "manager", personId);
    if (found) return { ownerId: found.personIds[0]!, unitId };
  }
  return null;
}

export async function findUnitManager(db: DbTx, unitId: string): Promise<string | null> {
  return (await findNearest(db, unitId, "manager"))?.personIds[0] ?? null;
}

export async function listSafetyReps(db: DbTx, unitId: string): Promise<string[]> {
  return listRoleHolders(db, unitId, "safety_rep");
}

export async function findHrPartners(db: DbTx, unitId: string, except: string | null): Promise<string[]> {
  return (await findNearest(db, unitId, "hr_partner", except))?.personIds ?? [];
}
