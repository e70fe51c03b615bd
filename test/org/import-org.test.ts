// Org import against a real database: all-or-nothing, idempotent, deactivate what is missing.
import { afterEach, describe, expect, it } from "vitest";
import { INNER_LOOP } from "../harness/test-scope.js";
import { importOrg, type ImportOrgResult } from "../../src/domain/org/import/import-org.js";
import { fixedClock } from "../../src/clock.js";
import type { Db } from "../../src/db/client.js";
import { createSqliteTestDb, testDatabaseFactories, type TestDatabase } from "../harness/databases.js";
import { orgFiles, readOrgDir, smallOrg, ORG_DEMO_DIR, ORG_LARGE_DIR } from "../harness/org-files.js";

const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.cleanup()));
});

async function sqlite(): Promise<Db> {
  const t = await createSqliteTestDb();
  open.push(t);
  return t.db;
}

const at = (iso: string) => ({ source: "test", clock: fixedClock(iso) });

/** Every org row with every column, so "nothing changed" means exactly that. */
async function snapshotOrg(db: Db) {
  return {
    units: await db.unit.findMany({ orderBy: { id: "asc" } }),
    people: await db.person.findMany({ orderBy: { id: "asc" } }),
    assignments: await db.assignment.findMany({ orderBy: [{ personId: "asc" }, { unitId: "asc" }, { role: "asc" }] }),
  };
}

function expectStatus<S extends ImportOrgResult["status"]>(result: ImportOrgResult, status: S): ImportOrgResult & { status: S } {
  expect(result.status, JSON.stringify(result).slice(0, 500)).toBe(status);
  return result as ImportOrgResult & { status: S };
}

describe("importOrg", () => {
  it("imports the demo export and matches people by lower-cased e-mail and Entra id", async () => {
    const db = await sqlite();
    const result = expectStatus(await importOrg(db, readOrgDir(ORG_DEMO_DIR), at("2026-11-02T08:00:00Z")), "applied");
    expect(result.counts.people).toEqual({ created: 87, updated: 0, deactivated: 0, total: 87 });
    expect(await db.person.count({ where: { active: true } })).toBe(87);
    expect(await db.unit.count({ where: { active: true } })).toBe(19);
    expect(await db.assignment.count({ where: { active: true } })).toBe(93);
    const root = await db.unit.findFirstOrThrow({ where: { parentId: null } });
    expect(root.name).toBe("Exempelkommun");
    const people = await db.person.findMany();
    expect(people.filter((p) => p.email !== p.email?.toLowerCase() || p.aadObjectId !== p.aadObjectId?.toLowerCase())).toEqual([]);
    expect(people.filter((p) => p.aadObjectId !== null)).toHaveLength(87);
    const runs = await db.importRun.findMany();
    expect(runs.map((r) => [r.kind, r.status])).toEqual([["org", "applied"]]);
    const audit = await db.auditEvent.findMany({ where: { action: "org.import" } });
    expect(audit).toHaveLength(1);
  });

  it("writes nothing to the org tables when the same export comes again", async () => {
    const db = await sqlite();
    expectStatus(await importOrg(db, readOrgDir(ORG_DEMO_DIR), at("2026-11-02T08:00:00Z")), "applied");
    const before = await snapshotOrg(db);
    const again = expectStatus(await importOrg(db, readOrgDir(ORG_DEMO_DIR), at("2026-11-09T08:00:00Z")), "unchanged");
    expect(again.counts.units).toEqual({ created: 0, updated: 0, deactivated: 0, total: 19 });
    expect(await snapshotOrg(db)).toEqual(before);
    expect((await db.importRun.findMany({ orderBy: { startedAt: "asc" } })).map((r) => r.status)).toEqual(["applied", "unchanged"]);
    expect(await db.auditEvent.count()).toBe(1);
  });

  it("changes nothing when any file has a bad row, and reports them all", async () => {
    const db = await sqlite();
    expectStatus(await importOrg(db, orgFiles(smallOrg()), at("2026-11-02T08:00:00Z")), "applied");
    const before = await snapshotOrg(db);
    const next = smallOrg();
    next.people[1] = "P1,Anna Lind,anna.lind@kommun.se,11111111-1111-1111-1111-111111111111,sv-SE"; // a good change…
    next.people.push("P6,Ny Person,ny@kommun.se,,sv-SE");
    next.assignments.push("P6,U9,member"); // …and a bad row elsewhere
    next.units.push("U3,Utan namn,");
    const result = expectStatus(await importOrg(db, orgFiles(next), at("2026-11-03T08:00:00Z")), "rejected");
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.code}`)).toEqual(["units.csv:5:secondRoot", "assignments.csv:9:unknownUnit"]);
    expect(await snapshotOrg(db)).toEqual(before);
    expect((await db.importRun.findFirstOrThrow({ where: { status: "rejected" } })).summary).toBe(JSON.stringify({ problems: 2 }));
  });

  it("deactivates people, units and roles missing from the export and reactivates them when they return", async () => {
    const db = await sqlite();
    const full = smallOrg();
    full.people.push("P6,Fia Holm,fia.holm@kommun.se,,sv-SE", "P7,Gustav Ik,gustav.ik@kommun.se,,sv-SE");
    full.units.push("U3,Kulturskolan,U0");
    full.assignments.push("P6,U2,member", "P7,U3,manager", "P2,U3,member");
    expectStatus(await importOrg(db, orgFiles(full), at("2026-11-02T08:00:00Z")), "applied");

    const reduced = smallOrg();
    reduced.people.push("P6,Fia Holm,fia.holm@kommun.se,,sv-SE");
    reduced.assignments.push("P6,U2,member");
    const result = expectStatus(await importOrg(db, orgFiles(reduced), at("2026-11-10T08:00:00Z")), "applied");
    expect(result.counts.people.deactivated).toBe(1);
    expect(result.counts.units.deactivated).toBe(1);
    expect(result.counts.assignments.deactivated).toBe(2);
    const gone = await db.person.findUniqueOrThrow({ where: { id: "P7" } });
    expect(gone).toMatchObject({ active: false, deactivatedAt: new Date("2026-11-10T08:00:00Z") });
    expect(await db.unit.findUniqueOrThrow({ where: { id: "U3" } })).toMatchObject({ active: false });
    expect(await db.assignment.findUniqueOrThrow({ where: { personId_unitId_role: { personId: "P2", unitId: "U3", role: "member" } } })).toMatchObject({
      active: false,
    });
    expect(await db.assignment.findUniqueOrThrow({ where: { personId_unitId_role: { personId: "P2", unitId: "U1", role: "member" } } })).toMatchObject({
      active: true,
    });

    const back = expectStatus(await importOrg(db, orgFiles(full), at("2026-11-17T08:00:00Z")), "applied");
    expect(back.counts.people).toMatchObject({ created: 0, updated: 1 });
    expect(back.counts.assignments).toMatchObject({ created: 0, reactivated: 2 });
    expect(await db.person.findUniqueOrThrow({ where: { id: "P7" } })).toMatchObject({ active: true, deactivatedAt: null });
    expect(await db.assignment.count({ where: { active: false } })).toBe(0);
  });

  it("lets two people swap Entra ids and gives a leaver's id to the person who now has it", async () => {
    const db = await sqlite();
    expectStatus(await importOrg(db, orgFiles(smallOrg()), at("2026-11-02T08:00:00Z")), "applied");
    const next = smallOrg();
    next.people[1] = "P1,Anna Andersson,anna.andersson@kommun.se,22222222-2222-2222-2222-222222222222,sv-SE";
    next.people[2] = "P2,Bo Berg,bo.berg@kommun.se,11111111-1111-1111-1111-111111111111,en-US";
    next.people[3] = "P8,Cissi Ek,cissi.ek@kommun.se,33333333-3333-3333-3333-333333333333,sv-SE"; // P3 left, P8 has the id
    next.assignments = next.assignments.map((l) => l.replace("P3,", "P8,"));
    expectStatus(await importOrg(db, orgFiles(next), at("2026-11-03T08:00:00Z")), "applied");
    const byId = Object.fromEntries((await db.person.findMany()).map((p) => [p.id, p]));
    expect(byId.P1!.aadObjectId).toBe("22222222-2222-2222-2222-222222222222");
    expect(byId.P2!.aadObjectId).toBe("11111111-1111-1111-1111-111111111111");
    expect(byId.P3).toMatchObject({ active: false, aadObjectId: null });
    expect(byId.P8).toMatchObject({ active: true, aadObjectId: "33333333-3333-3333-3333-333333333333" });
  });

  it("stops an export that would deactivate most of the organisation unless allowed", async () => {
    const db = await sqlite();
    expectStatus(await importOrg(db, readOrgDir(ORG_DEMO_DIR), at("2026-11-02T08:00:00Z")), "applied");
    const before = await snapshotOrg(db);
    const truncated = orgFiles(smallOrg());
    const refused = expectStatus(await importOrg(db, truncated, at("2026-11-03T08:00:00Z")), "refused");
    expect(refused.share).toBeGreaterThan(0.9);
    expect(await snapshotOrg(db)).toEqual(before);
    expectStatus(await importOrg(db, truncated, { ...at("2026-11-03T08:00:00Z"), maxDeactivationShare: 1 }), "applied");
    expect(await db.person.count({ where: { active: true } })).toBe(5);
  });

  it("dry run reports the changes and writes nothing", async () => {
    const db = await sqlite();
    const result = expectStatus(await importOrg(db, readOrgDir(ORG_DEMO_DIR), { ...at("2026-11-02T08:00:00Z"), dryRun: true }), "dryRun");
    expect(result.counts.people.created).toBe(87);
    expect(await db.person.count()).toBe(0);
    expect(await db.importRun.count()).toBe(0);
  });
});

describe.skipIf(INNER_LOOP).each(testDatabaseFactories())("importOrg on org-large (%s)", (_name, create) => {
  it("imports 10,533 people in 520 units, twelve of them under five members, then re-imports as unchanged", async () => {
    const t = await create();
    open.push(t);
    const files = readOrgDir(ORG_LARGE_DIR);
    const result = expectStatus(await importOrg(t.db, files, at("2026-11-02T08:00:00Z")), "applied");
    expect(result.counts.people.created).toBe(10_533);
    expect(result.counts.units.created).toBe(520);
    expect(await t.db.person.count({ where: { active: true } })).toBe(10_533);
    const members = await t.db.assignment.groupBy({ by: ["unitId"], where: { role: "member", active: true }, _count: { _all: true } });
    expect(members.filter((m) => m._count._all < 5)).toHaveLength(12);
    expectStatus(await importOrg(t.db, files, at("2026-11-09T08:00:00Z")), "unchanged");
  }, 120_000);
});
