// The tab's scope (src/domain/aggregates/tab-scope.ts) on the database: which units a person may
// open and why, the stand-ins chosen exactly as the priorities' parties are (parties.ts), today's
// roles only, and the unit page's series read from the stored cells.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { listVisibleUnits, relationToUnit } from "../../src/domain/aggregates/tab-scope.js";
import { readUnitHealthFactors, readUnitSeries } from "../../src/domain/aggregates/read-unit-page.js";
import { loadParties } from "../../src/domain/priorities/parties.js";
import { DAY, K, runPulse, seedOrg } from "./tab-seed.js";

let d: TestDatabase;
beforeEach(async () => {
  d = await createSqliteTestDb();
});
afterEach(async () => d.cleanup());

describe("listVisibleUnits", () => {
  //   R   regionalt skyddsombud Rita
  //   ├── A   skyddsombud Sara; Henrik is a member here
  //   ├── B   no skyddsombud; huvudskyddsombud Henrik
  //   │   └── B1  chef Mats, who is also huvudskyddsombud here (never the second party of his own unit)
  //   ├── C   chef Cecilia, also skyddsombud of C (acts as chef: C has no skyddsombud)
  //   └── D   closed down (inactive)
  async function seedStandIns() {
    const db = d.db;
    for (const [id, name, parentId] of [
      ["R", "Regionen", null],
      ["A", "Avdelning A", "R"],
      ["B", "Avdelning B", "R"],
      ["B1", "Enhet B1", "B"],
      ["C", "Avdelning C", "R"],
      ["D", "Avdelning D", "R"],
    ] as const) {
      await buildUnit(db, { id, name, parentId });
    }
    await db.unit.update({ where: { id: "D" }, data: { active: false } });
    const p = async (id: string) => (await buildPerson(db, { id, displayName: id })).id;
    const [rita, sara, henrik, mats, cecilia] = [await p("rita"), await p("sara"), await p("henrik"), await p("mats"), await p("cecilia")];
    await assignRole(db, rita, "R", "regional_safety_rep");
    await assignRole(db, sara, "A", "safety_rep");
    await assignRole(db, henrik, "B", "senior_safety_rep");
    await assignRole(db, henrik, "A", "member");
    await assignRole(db, mats, "B1", "manager");
    await assignRole(db, mats, "B1", "senior_safety_rep");
    await assignRole(db, cecilia, "C", "manager");
    await assignRole(db, cecilia, "C", "safety_rep");
    return { rita, sara, henrik, mats, cecilia };
  }

  it("gives stand-ins exactly the units where loadParties makes them the employee side", async () => {
    const people = await seedStandIns();
    const rel = async (who: string) => (await listVisibleUnits(d.db, who)).units.map((u) => [u.id, u.relation]);
    expect(await rel(people.rita)).toEqual([
      ["R", "stand_in"],
      ["B1", "stand_in"], // Mats is B1's chef, so the nearest huvudskyddsombud is nobody: the regional one stands in
      ["C", "stand_in"],
    ]);
    expect(await rel(people.henrik)).toEqual([
      ["A", "member"],
      ["B", "stand_in"],
    ]);
    expect(await rel(people.mats)).toEqual([["B1", "manager"]]);
    expect(await rel(people.cecilia)).toEqual([["C", "manager"]]);
    // The same answer as the parties of every active unit.
    for (const who of [people.rita, people.henrik, people.mats]) {
      const scope = await listVisibleUnits(d.db, who);
      for (const unitId of ["R", "A", "B", "B1", "C"]) {
        const parties = await loadParties(d.db, unitId);
        const second = parties.secondRole !== "safety_rep" && parties.secondRole !== "hr_partner" && parties.second.includes(who);
        const relation = scope.units.find((u) => u.id === unitId)?.relation;
        if (relation === undefined || relation === "stand_in") expect(relation === "stand_in", `${who} ${unitId}`).toBe(second);
      }
    }
  });

  it("reads today's roles: inactive assignments, units and people open nothing", async () => {
    const people = await seedStandIns();
    await d.db.assignment.create({ data: { personId: people.sara, unitId: "D", role: "manager" } });
    expect((await listVisibleUnits(d.db, people.sara)).units.map((u) => u.id)).toEqual(["A"]);
    expect(await relationToUnit(d.db, people.sara, "D")).toBeNull();
    await d.db.assignment.updateMany({ where: { personId: people.sara }, data: { active: false } });
    expect(await listVisibleUnits(d.db, people.sara)).toEqual({ roles: [], units: [], areas: [] });
    await d.db.person.update({ where: { id: people.rita }, data: { active: false } });
    expect(await relationToUnit(d.db, people.rita, "R")).toBeNull();
    // Rita gone, Henrik's B1 is still nobody's: Mats is its chef, and no regional one is left.
    expect(await relationToUnit(d.db, people.henrik, "B1")).toBeNull();
  });

  it("takes the strongest relation where roles overlap, and nests the list by the visible parents", async () => {
    const db = d.db;
    await buildUnit(db, { id: "R", name: "R" });
    await buildUnit(db, { id: "A", name: "A", parentId: "R" });
    await buildUnit(db, { id: "A1", name: "A1", parentId: "A" });
    const p = (await buildPerson(db, { id: "multi" })).id;
    await assignRole(db, p, "A", "member");
    await assignRole(db, p, "A1", "safety_rep");
    await assignRole(db, p, "R", "hr_partner");
    await assignRole(db, p, "A", "manager");
    const scope = await listVisibleUnits(db, p);
    expect(scope.roles).toEqual(["member", "manager", "safety_rep", "hr_partner"]);
    expect(scope.units).toEqual([
      { id: "R", name: "R", relation: "hr_partner", parentId: null, depth: 0 },
      { id: "A", name: "A", relation: "manager", parentId: "R", depth: 1 },
      { id: "A1", name: "A1", relation: "manager", parentId: "A", depth: 2 },
    ]);
    expect(scope.areas).toEqual([{ id: "R", name: "R" }]);
  });
});

describe("readUnitSeries and readUnitHealthFactors", () => {
  it("read every pulse of the release window from the stored cells, oldest first, withheld ones with their reason", async () => {
    const now = new Date();
    const org = await seedOrg(d.db, now);
    const series = await readUnitSeries(d.db, { unitId: "B", now, k: K });
    expect(series.latestPulse?.id).toBe(org.pulses[2]);
    expect(series.questions.map((q) => q.questionId)).toEqual(["self_rated_health", "presenteeism"]);
    const core = series.questions[0]!;
    expect(core.pulses.map((p) => p.pulseId)).toEqual(org.pulses);
    expect(core.pulses.map((p) => (p.figure.released ? p.figure.value.respondents : p.figure.reason))).toEqual([4, "differencing", 4]);
    // Only the window: a year later the same pulses are gone from it.
    expect((await readUnitSeries(d.db, { unitId: "B", now: new Date(now.getTime() + 400 * DAY), k: K })).questions).toEqual([]);
    // A larger k at read time withholds again (defence in depth).
    const stricter = await readUnitSeries(d.db, { unitId: "B", now, k: 5 });
    expect(stricter.questions[0]!.pulses.every((p) => !p.figure.released)).toBe(true);
    expect(stricter.questions[0]!.change).toBeNull();

    // A pulse nobody in B answered leaves B no cell: it still takes its place, withheld.
    const schedule = await d.db.pulseSchedule.findFirstOrThrow();
    const quiet = await runPulse(d.db, {
      scheduleId: schedule.id,
      rootUnitId: "R",
      dueAt: new Date(now.getTime() - 5 * DAY),
      questionIds: ["self_rated_health"],
      recipients: org.members.A.map((personId) => ({ personId, unitIds: ["A"] })),
      answers: org.members.A.map((personId) => ({ personId, questionId: "self_rated_health", value: 2 })),
    });
    const later = await readUnitSeries(d.db, { unitId: "B", now, k: K });
    expect(later.latestPulse?.id).toBe(quiet);
    expect(later.questions[0]!.pulses.map((p) => p.pulseId)).toEqual([...org.pulses, quiet]);
    expect(later.questions[0]!.pulses.at(-1)!.figure).toEqual({ released: false, reason: "fewerThanK" });
    expect(later.questions[1]!.pulses).toHaveLength(3); // the quiet pulse did not ask it
    expect(later.questions[0]!.change).toEqual(core.change);

    const hf = await readUnitHealthFactors(d.db, { unitId: "B", k: K });
    expect(hf?.current.round.id).toBe(org.rounds[1]);
    expect(hf?.previous?.round.id).toBe(org.rounds[0]);
    expect(await readUnitHealthFactors(d.db, { unitId: "X", k: K })).toBeNull();
  });
});
