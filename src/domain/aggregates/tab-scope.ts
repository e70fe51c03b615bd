// Which units a person may open in the tab (issue 17), from the database on every request
// (DESIGN.md, "Roles"): a member their own unit(s); a chef or skyddsombud the units they hold that
// role for, each with its subtree; a huvudskyddsombud or regionalt skyddsombud the units below
// them where they stand in for a missing skyddsombud (parties.ts); an HR partner the subtree of
// every unit they are assigned to. Nothing a token or a request says decides this.
import type { DbTx } from "../../db/client.js";
import { isRole, sortRoles, type Role } from "../org/roles.js";
import { loadUnitTree, UnitTree } from "../org/unit-tree.js";
import { STAND_IN_ROLES } from "../priorities/parties.js";

/** How the person relates to a unit: decides what its page shows (strongest first). */
export const RELATIONS = ["manager", "safety_rep", "stand_in", "hr_partner", "member"] as const;
export type Relation = (typeof RELATIONS)[number];

export interface VisibleUnit {
  id: string;
  name: string;
  relation: Relation;
  /** The unit's parent when the person may open that too; null otherwise (a root of the list). */
  parentId: string | null;
  /** Levels below the nearest root of the list (0: a root). */
  depth: number;
}

export interface TabScope {
  roles: Role[];
  /** Parent before children, siblings by name. */
  units: VisibleUnit[];
  /** Roots of the HR partner's areas. */
  areas: { id: string; name: string }[];
}

const SAFETY_STAND_INS: readonly string[] = STAND_IN_ROLES.filter((r) => r !== "hr_partner");

export async function listVisibleUnits(db: DbTx, personId: string): Promise<TabScope> {
  const person = await db.person.findUnique({ where: { id: personId }, select: { active: true } });
  if (!person?.active) return { roles: [], units: [], areas: [] };
  const [assignments, units] = await Promise.all([
    db.assignment.findMany({ where: { personId, active: true }, select: { unitId: true, role: true }, orderBy: [{ unitId: "asc" }, { role: "asc" }] }),
    db.unit.findMany({ where: { active: true }, select: { id: true, name: true, parentId: true } }),
  ]);
  units.sort((a, b) => a.name.localeCompare(b.name, "sv") || (a.id < b.id ? -1 : 1));
  const tree = new UnitTree(units);
  const active = assignments.filter((a) => tree.has(a.unitId) && isRole(a.role));
  const relationOf = new Map<string, Relation>();
  const grant = (unitId: string, relation: Relation) => {
    const current = relationOf.get(unitId);
    if (current === undefined || RELATIONS.indexOf(relation) < RELATIONS.indexOf(current)) relationOf.set(unitId, relation);
  };
  for (const a of active) {
    if (a.role === "member") grant(a.unitId, "member");
    if (a.role === "manager" || a.role === "safety_rep") for (const u of tree.subtree(a.unitId)) grant(u.id, a.role);
    if (a.role === "hr_partner") for (const u of tree.subtree(a.unitId)) grant(u.id, "hr_partner");
  }
  const standInRoots = active.filter((a) => SAFETY_STAND_INS.includes(a.role)).map((a) => a.unitId);
  if (standInRoots.length > 0) {
    // Only where they are the employee side now: no skyddsombud of its own and nobody nearer.
    const candidates = [...tree.subtreeIds(...standInRoots)].filter((id) => {
      const current = relationOf.get(id);
      return current === undefined || RELATIONS.indexOf("stand_in") < RELATIONS.indexOf(current);
    });
    for (const unitId of await listStandInUnits(db, personId, candidates)) grant(unitId, "stand_in");
  }
  const visible: VisibleUnit[] = [];
  const depthOf = new Map<string, number>();
  // Depth first from every root of the org, parents before children (a unit in a cycle has no root: it stays out).
  for (const root of units.filter((u) => u.parentId === null || !tree.has(u.parentId))) {
    for (const unit of tree.subtree(root.id)) {
      const relation = relationOf.get(unit.id);
      if (relation === undefined || depthOf.has(unit.id)) continue;
      const parentDepth = unit.parentId === null ? undefined : depthOf.get(unit.parentId);
      const depth = parentDepth === undefined ? 0 : parentDepth + 1;
      depthOf.set(unit.id, depth);
      visible.push({ id: unit.id, name: unit.name, relation, parentId: parentDepth === undefined ? null : unit.parentId, depth });
    }
  }
  return {
    roles: sortRoles(active.map((a) => a.role as Role)),
    units: visible,
    areas: active.filter((a) => a.role === "hr_partner").map((a) => ({ id: a.unitId, name: tree.get(a.unitId)!.name })),
  };
}

/**
 * Of `candidates`, the units where the person is the employee side now as a huvudskyddsombud or
 * regionalt skyddsombud: the choice loadParties (parties.ts) makes for one unit — no skyddsombud of
 * its own (a chef who is also skyddsombud counts as chef), then the nearest holders of each stand-in
 * role in turn, leaving out the unit's chefs — for many units in two queries.
 */
async function listStandInUnits(db: DbTx, personId: string, candidates: readonly string[]): Promise<string[]> {
  if (candidates.length === 0) return [];
  // Every unit, active or not, as loadParties walks the tree.
  const tree = await loadUnitTree(db);
  const chains = new Map(candidates.map((id) => [id, tree.ancestry(id).length > 0 ? tree.ancestry(id) : [id]]));
  const rows = await db.assignment.findMany({
    where: {
      unitId: { in: [...new Set([...chains.values()].flat())] },
      active: true,
      role: { in: ["manager", "safety_rep", ...SAFETY_STAND_INS] },
      person: { active: true },
    },
    select: { personId: true, unitId: true, role: true },
  });
  const holders = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = `${r.unitId}\u0000${r.role}`;
    holders.set(key, (holders.get(key) ?? new Set()).add(r.personId));
  }
  const at = (unitId: string, role: string) => holders.get(`${unitId}\u0000${role}`) ?? new Set<string>();
  const result: string[] = [];
  for (const [unitId, chain] of chains) {
    const managers = at(unitId, "manager");
    if ([...at(unitId, "safety_rep")].some((p) => !managers.has(p))) continue;
    for (const role of SAFETY_STAND_INS) {
      const nearest = chain.find((id) => at(id, role).size > 0);
      const second = nearest === undefined ? [] : [...at(nearest, role)].filter((p) => !managers.has(p));
      if (second.length === 0) continue;
      if (second.includes(personId)) result.push(unitId);
      break;
    }
  }
  return result;
}

/** The person's relation to one unit, or null when it is outside what they may open (403). */
export async function relationToUnit(db: DbTx, personId: string, unitId: string): Promise<Relation | null> {
  const scope = await listVisibleUnits(db, personId);
  return scope.units.find((u) => u.id === unitId)?.relation ?? null;
}
