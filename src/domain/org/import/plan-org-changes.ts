// Compares a checked export with what the database holds and lists the changes. Pure, so the
// rules (deactivate what is missing, reactivate what returns, free an Entra id held by someone
// who left) are tested without a database, and an unchanged export plans nothing at all.
import type { OrgExport } from "./validate-org-export.js";

export interface CurrentUnit {
  id: string;
  name: string;
  parentId: string | null;
  active: boolean;
}
export interface CurrentPerson {
  id: string;
  displayName: string;
  email: string | null;
  aadObjectId: string | null;
  /** "graph" when matched in Entra by e-mail (issue 19), null when from the export. */
  aadObjectIdSource?: string | null;
  locale: string;
  active: boolean;
}
export interface CurrentAssignment {
  personId: string;
  unitId: string;
  role: string;
  active: boolean;
}
export interface CurrentOrg {
  units: CurrentUnit[];
  people: CurrentPerson[];
  assignments: CurrentAssignment[];
}

type UnitData = Omit<CurrentUnit, "active">;
type PersonData = Omit<CurrentPerson, "active">;
type AssignmentKey = Omit<CurrentAssignment, "active">;

export interface OrgChangePlan {
  units: { create: UnitData[]; update: UnitData[]; deactivate: string[] };
  people: { create: PersonData[]; update: PersonData[]; deactivate: string[]; releaseAadObjectId: string[] };
  assignments: { create: AssignmentKey[]; reactivate: AssignmentKey[]; deactivate: AssignmentKey[] };
}

export interface OrgChangeCounts {
  units: { created: number; updated: number; deactivated: number; total: number };
  people: { created: number; updated: number; deactivated: number; total: number };
  assignments: { created: number; reactivated: number; deactivated: number; total: number };
}

export function planOrgChanges(current: CurrentOrg, org: OrgExport): OrgChangePlan {
  const plan: OrgChangePlan = {
    units: { create: [], update: [], deactivate: [] },
    people: { create: [], update: [], deactivate: [], releaseAadObjectId: [] },
    assignments: { create: [], reactivate: [], deactivate: [] },
  };

  const unitsNow = new Map(current.units.map((u) => [u.id, u]));
  for (const row of org.units) {
    const next: UnitData = { id: row.unit_id, name: row.name, parentId: row.parent_id };
    const now = unitsNow.get(next.id);
    if (!now) plan.units.create.push(next);
    else if (!now.active || now.name !== next.name || now.parentId !== next.parentId) plan.units.update.push(next);
  }
  const unitIds = new Set(org.units.map((u) => u.unit_id));
  plan.units.deactivate = current.units.filter((u) => u.active && !unitIds.has(u.id)).map((u) => u.id);

  const peopleNow = new Map(current.people.map((p) => [p.id, p]));
  const wantedAad = new Set(org.people.map((p) => p.aad_object_id).filter((v): v is string => v !== null));
  for (const row of org.people) {
    const now = peopleNow.get(row.person_id);
    const next: PersonData = { id: row.person_id, displayName: row.display_name, email: row.email, ...entraIdOf(row, now, wantedAad), locale: row.locale };
    if (!now) plan.people.create.push(next);
    else if (
      !now.active ||
      now.displayName !== next.displayName ||
      now.email !== next.email ||
      now.aadObjectId !== next.aadObjectId ||
      (now.aadObjectIdSource ?? null) !== next.aadObjectIdSource ||
      now.locale !== next.locale
    ) {
      plan.people.update.push(next);
    }
  }
  const personIds = new Set(org.people.map((p) => p.person_id));
  plan.people.deactivate = current.people.filter((p) => p.active && !personIds.has(p.id)).map((p) => p.id);
  // aadObjectId is unique: someone no longer in the export gives theirs up if a listed person has it.
  plan.people.releaseAadObjectId = current.people
    .filter((p) => !personIds.has(p.id) && p.aadObjectId !== null && wantedAad.has(p.aadObjectId))
    .map((p) => p.id);

  const key = (a: AssignmentKey) => `${a.personId}|${a.unitId}|${a.role}`;
  const assignmentsNow = new Map(current.assignments.map((a) => [key(a), a]));
  const wanted = new Set<string>();
  for (const row of org.assignments) {
    const next: AssignmentKey = { personId: row.person_id, unitId: row.unit_id, role: row.role };
    wanted.add(key(next));
    const now = assignmentsNow.get(key(next));
    if (!now) plan.assignments.create.push(next);
    else if (!now.active) plan.assignments.reactivate.push(next);
  }
  plan.assignments.deactivate = current.assignments
    .filter((a) => a.active && !wanted.has(key(a)))
    .map(({ personId, unitId, role }) => ({ personId, unitId, role }));
  return plan;
}

/**
 * The export's Entra id wins. An empty one keeps an id matched in Entra by e-mail (ADR 0017) —
 * unless the e-mail it was matched by changed, or the export gives that id to someone else.
 */
function entraIdOf(
  row: OrgExport["people"][number],
  now: CurrentPerson | undefined,
  wantedAad: Set<string>,
): { aadObjectId: string | null; aadObjectIdSource: string | null } {
  if (row.aad_object_id !== null) return { aadObjectId: row.aad_object_id, aadObjectIdSource: null };
  const keep = now?.aadObjectIdSource === "graph" && now.aadObjectId !== null && now.email === row.email && !wantedAad.has(now.aadObjectId);
  return keep ? { aadObjectId: now.aadObjectId, aadObjectIdSource: "graph" } : { aadObjectId: null, aadObjectIdSource: null };
}

export function countPlannedChanges(plan: OrgChangePlan, org: OrgExport): OrgChangeCounts {
  return {
    units: { created: plan.units.create.length, updated: plan.units.update.length, deactivated: plan.units.deactivate.length, total: org.units.length },
    people: { created: plan.people.create.length, updated: plan.people.update.length, deactivated: plan.people.deactivate.length, total: org.people.length },
    assignments: {
      created: plan.assignments.create.length,
      reactivated: plan.assignments.reactivate.length,
      deactivated: plan.assignments.deactivate.length,
      total: org.assignments.length,
    },
  };
}

export function isEmptyPlan(plan: OrgChangePlan): boolean {
  return [plan.units, plan.people, plan.assignments].every((group) => Object.values(group).every((list) => list.length === 0));
}

/** Share of the currently active people or units the plan would deactivate (guards against a truncated export). */
export function deactivationShare(plan: OrgChangePlan, current: CurrentOrg): number {
  const activePeople = current.people.filter((p) => p.active).length;
  const activeUnits = current.units.filter((u) => u.active).length;
  return Math.max(activePeople ? plan.people.deactivate.length / activePeople : 0, activeUnits ? plan.units.deactivate.length / activeUnits : 0);
}
