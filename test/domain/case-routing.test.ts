// Who a case goes to (src/domain/nudges/case-routing.ts), on a real SQLite database:
//
//   U0 Kommunen: manager D, HR partner H0 ─┬─ U1 Skolan: manager C1 (and C1b), skyddsombud S1
//                                          │   └─ U11 Klass 1: no manager; HR partner H11
//                                          └─ U2 Köket: no manager
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { findHrPartners, findManagerOf, findNearest, findUnitManager, listSafetyReps } from "../../src/domain/nudges/case-routing.js";
import type { Role } from "../../src/domain/org/roles.js";

let t: TestDatabase;

async function give(personId: string, unitId: string, role: Role) {
  if (!(await t.db.person.findUnique({ where: { id: personId } }))) await buildPerson(t.db, { id: personId });
  await assignRole(t.db, personId, unitId, role);
}

beforeEach(async () => {
  t = await createSqliteTestDb();
  await buildUnit(t.db, { id: "U0", name: "Kommunen" });
  await buildUnit(t.db, { id: "U1", name: "Skolan", parentId: "U0" });
  await buildUnit(t.db, { id: "U11", name: "Klass 1", parentId: "U1" });
  await buildUnit(t.db, { id: "U2", name: "Köket", parentId: "U0" });
  await give("D", "U0", "manager");
  await give("H0", "U0", "hr_partner");
  await give("C1", "U1", "manager");
  await give("S1", "U1", "safety_rep");
  await give("H11", "U11", "hr_partner");
});

afterEach(async () => t.cleanup());

describe("case routing", () => {
  it("a member's manager is the nearest manager at or above their unit", async () => {
    await give("M1", "U1", "member");
    await give("M11", "U11", "member");
    await give("M2", "U2", "member");
    expect(await findManagerOf(t.db, "M1")).toEqual({ ownerId: "C1", unitId: "U1" });
    expect(await findManagerOf(t.db, "M11")).toEqual({ ownerId: "C1", unitId: "U11" });
    expect(await findManagerOf(t.db, "M2")).toEqual({ ownerId: "D", unitId: "U2" });
  });

  it("a manager's case goes to the manager above: nobody owns their own case", async () => {
    expect(await findManagerOf(t.db, "C1")).toEqual({ ownerId: "D", unitId: "U1" });
    expect(await findManagerOf(t.db, "D")).toBeNull();
  });

  it("member units come first, then the person's other units, each in id order", async () => {
    await give("X", "U2", "safety_rep");
    expect(await findManagerOf(t.db, "X")).toEqual({ ownerId: "D", unitId: "U2" });
    await give("X", "U11", "member");
    expect(await findManagerOf(t.db, "X")).toEqual({ ownerId: "C1", unitId: "U11" });
  });

  it("with several managers the first by id owns it; inactive managers and assignments are skipped", async () => {
    await give("C0", "U1", "manager");
    expect(await findUnitManager(t.db, "U11")).toBe("C0");
    await t.db.person.update({ where: { id: "C0" }, data: { active: false } });
    expect(await findUnitManager(t.db, "U11")).toBe("C1");
    await t.db.assignment.update({ where: { personId_unitId_role: { personId: "C1", unitId: "U1", role: "manager" } }, data: { active: false } });
    expect(await findUnitManager(t.db, "U11")).toBe("D");
    expect(await findNearest(t.db, "U11", "manager")).toEqual({ unitId: "U0", personIds: ["D"] });
  });

  it("a person without an active assignment, or with no manager above, has none", async () => {
    await buildPerson(t.db, { id: "Nobody" });
    expect(await findManagerOf(t.db, "Nobody")).toBeNull();
    await t.db.assignment.update({ where: { personId_unitId_role: { personId: "D", unitId: "U0", role: "manager" } }, data: { active: false } });
    await give("M2", "U2", "member");
    expect(await findManagerOf(t.db, "M2")).toBeNull();
  });

  it("skyddsombud are the unit's own, never inherited", async () => {
    expect(await listSafetyReps(t.db, "U1")).toEqual(["S1"]);
    expect(await listSafetyReps(t.db, "U11")).toEqual([]);
    await give("S0", "U1", "safety_rep");
    expect(await listSafetyReps(t.db, "U1")).toEqual(["S0", "S1"]);
  });

  it("HR partners are the nearest unit's that has any, leaving out the case's subject", async () => {
    expect(await findHrPartners(t.db, "U11", null)).toEqual(["H11"]);
    expect(await findHrPartners(t.db, "U1", null)).toEqual(["H0"]);
    // H11 is the subject: the HR partners above take it.
    expect(await findHrPartners(t.db, "U11", "H11")).toEqual(["H0"]);
    expect(await findHrPartners(t.db, "U0", "H0")).toEqual([]);
  });

  it("a cycle in the unit tree ends the walk instead of looping", async () => {
    await t.db.assignment.update({ where: { personId_unitId_role: { personId: "D", unitId: "U0", role: "manager" } }, data: { active: false } });
    await t.db.unit.update({ where: { id: "U0" }, data: { parentId: "U2" } });
    expect(await findUnitManager(t.db, "U2")).toBeNull();
    expect(await findNearest(t.db, "U2", "hr_partner")).toEqual({ unitId: "U0", personIds: ["H0"] });
  });
});
