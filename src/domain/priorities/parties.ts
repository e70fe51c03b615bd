// The two parties of a unit's priorities (DESIGN.md, "Friskfaktorer"): the chef side (managers)
// and the employee side: the unit's skyddsombud. Where the unit has none, a stand-in from the org
// export: the nearest huvudskyddsombud at or above the unit, else the nearest regionalt
// skyddsombud, and only as the last resort the unit's HR partner. Roles come from the database;
// someone who is both chef and skyddsombud acts as chef, so a unit never agrees with itself.
import type { DbTx } from "../../db/client.js";
import { findNearestRoleHolders, loadUnitTree, type OrgRole } from "../org/unit-tree.js";

export type Side = "manager" | "second";

/** Who may stand in for a missing skyddsombud, in the order they are looked for (HR partner last). */
export const STAND_IN_ROLES = ["senior_safety_rep", "regional_safety_rep", "hr_partner"] as const satisfies readonly OrgRole[];
export type SecondRole = "safety_rep" | (typeof STAND_IN_ROLES)[number];

export interface Parties {
  manager: string[];
  second: string[];
  secondRole: SecondRole;
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
  const tree = await loadUnitTree(db);
  for (const role of STAND_IN_ROLES) {
    const holders = ((await findNearestRoleHolders(db, unitId, role, { tree }))?.personIds ?? []).filter((p) => !managers.includes(p));
    if (holders.length > 0 || role === "hr_partner") return { manager: managers, second: holders, secondRole: role };
  }
  throw new Error("unreachable: hr_partner is the last stand-in");
}

/** Everyone on both sides, once: who is told when the unit's card or an activity is due. */
export function listPartyIds(parties: Parties): string[] {
  return [...new Set([...parties.manager, ...parties.second])];
}

/** The unit's own members (active people, active assignments): who sees the agreed result. */
export async function listUnitMembers(db: DbTx, unitId: string): Promise<string[]> {
  const rows = await db.assignment.findMany({
    where: { unitId, active: true, role: "member", person: { active: true } },
    select: { personId: true },
    orderBy: { personId: "asc" },
  });
  return [...new Set(rows.map((r) => r.personId))];
}

/** The other side from the actor's: who is told of what one party did. */
export function listOtherSide(parties: Parties, actorId: string): string[] {
  return parties.manager.includes(actorId) ? parties.second : parties.manager;
}

/** Who is told of a step of the agreement: the other side; once agreed, everyone on both sides but the actor. */
export function listToldOfStep(parties: Parties, actorId: string, agreedNow: boolean): string[] {
  return agreedNow ? [...parties.manager, ...parties.second].filter((p) => p !== actorId) : listOtherSide(parties, actorId);
}

export function sideOf(parties: Parties, personId: string): Side | null {
  if (parties.manager.includes(personId)) return "manager";
  if (parties.second.includes(personId)) return "second";
  return null;
}
