// Org-change planning (src/domain/org/import/plan-org-changes.ts) without a database: what a new
// export creates, updates, deactivates and reactivates, and whose Entra id is kept or freed.
import { describe, expect, it } from "vitest";
import { countPlannedChanges, deactivationShare, isEmptyPlan, planOrgChanges, type CurrentOrg } from "../../src/domain/org/import/plan-org-changes.js";
import type { OrgExport } from "../../src/domain/org/import/validate-org-export.js";

const AAD_ANNA = "aaaaaaaa-0000-4000-8000-000000000001";
const AAD_BO = "bbbbbbbb-0000-4000-8000-000000000002";

type PersonSpec = { id: string; name?: string; email?: string | null; aad?: string | null; locale?: string };

function exportOf(o: { units?: [string, string, string | null][]; people?: PersonSpec[]; assignments?: [string, string, string][] }): OrgExport {
  let line = 2;
  return {
    units: (o.units ?? []).map(([unit_id, name, parent_id]) => ({ unit_id, name, parent_id, line: line++ })),
    people: (o.people ?? []).map((p) => ({
      person_id: p.id,
      display_name: p.name ?? p.id,
      email: p.email === undefined ? `${p.id.toLowerCase()}@kommun.se` : p.email,
      aad_object_id: p.aad ?? null,
      locale: p.locale ?? "sv-SE",
      line: line++,
    })),
    assignments: (o.assignments ?? []).map(([person_id, unit_id, role]) => ({
      person_id,
      unit_id,
      role: role as OrgExport["assignments"][number]["role"],
      line: line++,
    })),
  } as OrgExport;
}

/** What the database would hold after importing `org` (everything active). */
function stored(org: OrgExport): CurrentOrg {
  return {
    units: org.units.map((u) => ({ id: u.unit_id, name: u.name, parentId: u.parent_id, active: true })),
    people: org.people.map((p) => ({
      id: p.person_id,
      displayName: p.display_name,
      email: p.email,
      aadObjectId: p.aad_object_id,
      aadObjectIdSource: null,
      locale: p.locale,
      active: true,
    })),
    assignments: org.assignments.map((a) => ({ personId: a.person_id, unitId: a.unit_id, role: a.role, active: true })),
  };
}

const BASE = exportOf({
  units: [
    ["U0", "Kommunen", null],
    ["U1", "Skolan", "U0"],
    ["U2", "Köket", "U0"],
  ],
  people: [
    { id: "P1", name: "Anna", aad: AAD_ANNA },
    { id: "P2", name: "Bo", aad: AAD_BO },
    { id: "P3", name: "Cissi" },
  ],
  assignments: [
    ["P1", "U1", "manager"],
    ["P2", "U1", "member"],
    ["P3", "U2", "member"],
  ],
});

describe("planning org changes", () => {
  it("an empty database gets everything created", () => {
    const plan = planOrgChanges({ units: [], people: [], assignments: [] }, BASE);
    expect(plan.units.create.map((u) => u.id)).toEqual(["U0", "U1", "U2"]);
    expect(plan.people.create).toContainEqual({
      id: "P1",
      displayName: "Anna",
      email: "p1@kommun.se",
      aadObjectId: AAD_ANNA,
      aadObjectIdSource: null,
      locale: "sv-SE",
    });
    expect(plan.assignments.create).toHaveLength(3);
    expect(countPlannedChanges(plan, BASE)).toEqual({
      units: { created: 3, updated: 0, deactivated: 0, total: 3 },
      people: { created: 3, updated: 0, deactivated: 0, total: 3 },
      assignments: { created: 3, reactivated: 0, deactivated: 0, total: 3 },
    });
  });

  it("the same export again plans nothing at all", () => {
    const plan = planOrgChanges(stored(BASE), BASE);
    expect(isEmptyPlan(plan)).toBe(true);
    expect(deactivationShare(plan, stored(BASE))).toBe(0);
  });

  it("a renamed or moved unit and a changed person are updated; only what changed is listed", () => {
    const next = exportOf({
      units: [
        ["U0", "Kommunen", null],
        ["U1", "Grundskolan", "U0"],
        ["U2", "Köket", "U1"],
      ],
      people: [
        { id: "P1", name: "Anna", aad: AAD_ANNA, locale: "en-US" },
        { id: "P2", name: "Bo", aad: AAD_BO, email: null },
        { id: "P3", name: "Cissi" },
      ],
      assignments: BASE.assignments.map((a) => [a.person_id, a.unit_id, a.role]),
    });
    const plan = planOrgChanges(stored(BASE), next);
    expect(plan.units).toEqual({
      create: [],
      update: [
        { id: "U1", name: "Grundskolan", parentId: "U0" },
        { id: "U2", name: "Köket", parentId: "U1" },
      ],
      deactivate: [],
    });
    expect(plan.people.update.map((p) => [p.id, p.locale, p.email])).toEqual([
      ["P1", "en-US", "p1@kommun.se"],
      ["P2", "sv-SE", null],
    ]);
    expect(plan.people.create).toEqual([]);
  });

  it("what is missing is deactivated, and comes back by reactivation rather than a second row", () => {
    const smaller = exportOf({
      units: [
        ["U0", "Kommunen", null],
        ["U1", "Skolan", "U0"],
      ],
      people: [
        { id: "P1", name: "Anna", aad: AAD_ANNA },
        { id: "P2", name: "Bo", aad: AAD_BO },
      ],
      assignments: [
        ["P1", "U1", "manager"],
        ["P2", "U1", "safety_rep"],
      ],
    });
    const plan = planOrgChanges(stored(BASE), smaller);
    expect(plan.units.deactivate).toEqual(["U2"]);
    expect(plan.people.deactivate).toEqual(["P3"]);
    expect(plan.assignments).toEqual({
      create: [{ personId: "P2", unitId: "U1", role: "safety_rep" }],
      reactivate: [],
      deactivate: [
        { personId: "P2", unitId: "U1", role: "member" },
        { personId: "P3", unitId: "U2", role: "member" },
      ],
    });
    // One of three people, one of three units.
    expect(deactivationShare(plan, stored(BASE))).toBeCloseTo(1 / 3);

    const after = stored(BASE);
    after.units.find((u) => u.id === "U2")!.active = false;
    after.people.find((p) => p.id === "P3")!.active = false;
    after.assignments.find((a) => a.personId === "P3")!.active = false;
    const back = planOrgChanges(after, BASE);
    expect(back.units.update).toEqual([{ id: "U2", name: "Köket", parentId: "U0" }]);
    expect(back.people.update.map((p) => p.id)).toEqual(["P3"]);
    expect(back.assignments).toEqual({ create: [], reactivate: [{ personId: "P3", unitId: "U2", role: "member" }], deactivate: [] });
    // Already inactive rows are not deactivated twice.
    expect(planOrgChanges(after, smaller).people.deactivate).toEqual([]);
  });

  it("someone who left gives up their Entra id when a listed person now has it", () => {
    const next = exportOf({
      units: BASE.units.map((u) => [u.unit_id, u.name, u.parent_id]),
      people: [
        { id: "P1", name: "Anna", aad: AAD_ANNA },
        { id: "P4", name: "Bo again", aad: AAD_BO },
        { id: "P3", name: "Cissi" },
      ],
      assignments: [["P4", "U1", "member"]],
    });
    const plan = planOrgChanges(stored(BASE), next);
    expect(plan.people.deactivate).toEqual(["P2"]);
    expect(plan.people.releaseAadObjectId).toEqual(["P2"]);
    // Nobody listed has Bo's id: he keeps it (deactivated), nothing to free.
    const gone = planOrgChanges(
      stored(BASE),
      exportOf({
        people: [
          { id: "P1", name: "Anna", aad: AAD_ANNA },
          { id: "P3", name: "Cissi" },
        ],
      }),
    );
    expect(gone.people.deactivate).toEqual(["P2"]);
    expect(gone.people.releaseAadObjectId).toEqual([]);
  });

  it("an id matched in Entra by e-mail survives an export without one, unless the e-mail changed or the id went to someone else", () => {
    const current = stored(BASE);
    Object.assign(
      current.people.find((p) => p.id === "P3")!,
      { aadObjectId: "cccccccc-0000-4000-8000-000000000003", aadObjectIdSource: "graph" },
    );
    expect(isEmptyPlan(planOrgChanges(current, BASE))).toBe(true);

    const newMail = exportOf({ units: [], people: [{ id: "P3", name: "Cissi", email: "cissi@kommun.se" }] });
    expect(planOrgChanges(current, newMail).people.update).toEqual([
      { id: "P3", displayName: "Cissi", email: "cissi@kommun.se", aadObjectId: null, aadObjectIdSource: null, locale: "sv-SE" },
    ]);

    const taken = exportOf({
      units: [],
      people: [
        { id: "P3", name: "Cissi" },
        { id: "P9", name: "Nils", aad: "cccccccc-0000-4000-8000-000000000003" },
      ],
    });
    expect(planOrgChanges(current, taken).people.update).toEqual([
      { id: "P3", displayName: "Cissi", email: "p3@kommun.se", aadObjectId: null, aadObjectIdSource: null, locale: "sv-SE" },
    ]);

    // An id in the export replaces the matched one and is no longer marked as from Graph.
    const given = exportOf({ units: [], people: [{ id: "P3", name: "Cissi", aad: "dddddddd-0000-4000-8000-000000000004" }] });
    expect(planOrgChanges(current, given).people.update[0]).toMatchObject({ aadObjectId: "dddddddd-0000-4000-8000-000000000004", aadObjectIdSource: null });
  });
});
