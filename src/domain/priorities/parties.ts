// The two parties of a unit's priorities (DESIGN.md, "Friskfaktorer"): the chef side (managers)
// and the employee side (skyddsombud; the unit's HR partner where it has none). Roles come from
// the database; someone who is both chef and skyddsombud acts as chef, so a unit never agrees
// with itself — the HR partner steps in as the second party.
import type { DbTx } from "../../db/client.js";
import { findNearestRoleHolders } from "../org/unit-tree.js";

export type Side = "manager" | "second";

export interface Parties {
  manager: string[];
  second: string[];
  secondRole: "safety_rep" | "hr_partner";
}

export async function loadParties(db: DbTx, unitId: string): Promise<Parties> {
  const rows = await db.assignment.findMany({
    where: { unitId, active: true, role: { in: ["manager", "safety_rep"] }, person: { active: true } },
    select: { personId: true, role: true },
    orderBy: { personId: "asc" },
  });
  const managers = [...new Set(rows.filter((r) => r.role === "manager").map((r) => r.personId))];
  const safetyReps = [...new Set(rows.filter((r) => r.role === "safety_rep").map((r) => r.personId))].filter((p) => !managers.includes(p));
  if (safetyReps.length > 0) return { manager: managers, second: safetyReps, secondRole: "safety_rep" };
  return { manager: managers, second: (await nearestHrPartners(db, unitId)).filter((p) => !managers.includes(p)), secondRole: "hr_partner" };
}

/** Everyone on both sides, once: who is told when the unit's card or an activity is due. */
export function listPartyIds(parties: Parties): string[] {
  return [...new Set([...parties.manager, ...parties.second])];
}

export function sideOf(parties: Parties, personId: string): Side | null {
  if (parties.manager.includes(personId)) return "manager";
  if (parties.second.includes(personId)) return "second";
  return null;
}

/** HR partners of the nearest unit at or above `unitId` that has any. */
async function nearestHrPartners(db: DbTx, unitId: string): Promise<string[]> {
  return (await findNearestRoleHolders(db, unitId, "hr_partner"))?.personIds ?? [];
}
