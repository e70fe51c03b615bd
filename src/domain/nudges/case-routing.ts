// Who a case goes to, from roles in the database: the person's own manager (the nearest unit at
// or above theirs that has one), the unit's managers and skyddsombud, and the nearest HR partners.
// Whoever is the subject of a case is never its owner: their own manager above them gets it.
import type { DbTx } from "../../db/client.js";
import { findNearestRoleHolders, loadUnitTree, type OrgRole } from "../org/unit-tree.js";

type Role = OrgRole;

async function listRoleHolders(db: DbTx, unitId: string, role: Role): Promise<string[]> {
  const rows = await db.assignment.findMany({
    where: { unitId, role, active: true, person: { active: true } },
    select: { personId: true },
    orderBy: { personId: "asc" },
  });
  return [...new Set(rows.map((r) => r.personId))];
}

/** The nearest holders of `role` at or above `unitId`, leaving out `except`. */
export async function findNearest(db: DbTx, unitId: string, role: Role, except: string | null = null): Promise<{ unitId: string; personIds: string[] } | null> {
  return findNearestRoleHolders(db, unitId, role, { except });
}

/** A person's manager: through the person's member units (first by id), else any unit they are in. */
export async function findManagerOf(db: DbTx, personId: string): Promise<{ ownerId: string; unitId: string } | null> {
  const rows = await db.assignment.findMany({ where: { personId, active: true }, select: { unitId: true, role: true }, orderBy: { unitId: "asc" } });
  const units = [...new Set([...rows.filter((r) => r.role === "member"), ...rows].map((r) => r.unitId))];
  const tree = units.length > 1 ? await loadUnitTree(db) : undefined; // one load for all their units
  for (const unitId of units) {
    const found = await findNearestRoleHolders(db, unitId, "manager", { except: personId, tree });
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
