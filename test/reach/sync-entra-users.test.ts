// The optional org sync from Entra (users delta query) against the fake Graph over real HTTP:
// pages followed, the delta link kept, @removed reported, matches by e-mail without guessing,
// an expired link starting over.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGraph } from "../harness/fake-graph.js";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { loadConfig } from "../../src/config.js";
import { fixedClock } from "../../src/clock.js";
import { createGraphReach } from "../../src/graph/create-graph-reach.js";
import { syncEntraUsers, DELTA_LINK_KEY } from "../../src/domain/reach/sync-entra-users.js";
import { readReach } from "../../src/domain/reach/read-reach.js";

const clock = fixedClock("2026-11-02T08:00:00Z");
const A = "eeeeeeee-0000-4000-8000-00000000000a";

describe("the users delta sync", () => {
  let fake: FakeGraph;
  let t: TestDatabase;
  beforeEach(async () => {
    fake = await new FakeGraph().start();
    fake.pageSize = 2;
    t = await createSqliteTestDb();
    await buildUnit(t.db, { id: "U1" });
    for (const [id, email, aad] of [
      ["P1", "anna@kommun.se", A],
      ["P2", "bo@kommun.se", null],
      ["P3", "cia@kommun.se", null],
    ] as const) {
      await buildPerson(t.db, { id, email, aadObjectId: aad, displayName: id });
      await assignRole(t.db, id, "U1", "member");
    }
    fake.addUser({ id: A, displayName: "Anna Andersson", mail: "anna@kommun.se", userPrincipalName: "anna@kommun.se", department: "Skolan" });
    fake.addUser({ id: "eeeeeeee-0000-4000-8000-00000000000b", displayName: "Bo", mail: null, userPrincipalName: "bo@kommun.se" });
    fake.addUser({ id: "eeeeeeee-0000-4000-8000-0000000000c1", displayName: "Cia", mail: "cia@kommun.se", userPrincipalName: "cia1@kommun.se" });
    fake.addUser({ id: "eeeeeeee-0000-4000-8000-0000000000c2", displayName: "Cia 2", mail: "cia@kommun.se", userPrincipalName: "cia2@kommun.se" });
    fake.addUser({ id: "eeeeeeee-0000-4000-8000-00000000000e", displayName: "Erik", mail: "erik@kommun.se", userPrincipalName: "erik@kommun.se" });
  });
  afterEach(async () => {
    await t.cleanup();
    await fake.stop();
  });

  const delta = () => createGraphReach(loadConfig({ NODE_ENV: "test", DATABASE_URL: t.url, ...fake.env() }), { backoffMs: 10 })!.delta;

  it("follows every page, keeps the delta link, matches without guessing, then reads only changes and reports removals", async () => {
    fake.fail("GET", "/v1.0/users/delta", 429, { retryAfter: "1" });
    const first = await syncEntraUsers(t.db, delta(), clock);
    expect(first).toMatchObject({ fullSync: true, users: 5, matched: 1, ambiguous: 1, removed: 0, nameDiffers: 1, managerOrDepartmentChanges: 5 });
    expect(fake.callsTo("GET", "/v1.0/users/delta")).toHaveLength(1 + 3); // the 429, then three pages of two
    expect(fake.callsTo("GET", "/v1.0/users/delta")[1]!.query.get("$select")).toContain("manager");
    expect((await t.db.person.findUniqueOrThrow({ where: { id: "P2" } })).aadObjectId).toBe("eeeeeeee-0000-4000-8000-00000000000b");
    expect((await t.db.person.findUniqueOrThrow({ where: { id: "P3" } })).aadObjectId).toBeNull();
    // The export stays the source of names: Entra's differing name is counted, not written.
    expect((await t.db.person.findUniqueOrThrow({ where: { id: "P1" } })).displayName).toBe("P1");
    const link = (await t.db.graphState.findUniqueOrThrow({ where: { key: DELTA_LINK_KEY } })).value;
    expect(link).toContain("$deltatoken=");

    fake.removeUser(A);
    fake.updateUser("eeeeeeee-0000-4000-8000-00000000000e", { displayName: "Erik E" });
    const second = await syncEntraUsers(t.db, delta(), clock);
    expect(second).toMatchObject({ fullSync: false, users: 2, removed: 1, removedKnown: 1, matched: 0 });
    expect(fake.callsTo("GET", "/v1.0/users/delta").at(-1)!.query.get("$deltatoken")).toBe(new URL(link).searchParams.get("$deltatoken"));
    const reach = await readReach(t.db);
    expect(reach.total.why).toMatchObject({ removedInEntra: 1, ambiguous: 1, notRequested: 1 });
  });

  it("starts over when the stored delta link has expired (410)", async () => {
    await t.db.graphState.create({ data: { key: DELTA_LINK_KEY, value: `${fake.url}/v1.0/users/delta?$deltatoken=expired` } });
    const result = await syncEntraUsers(t.db, delta(), clock);
    expect(result).toMatchObject({ fullSync: true, users: 5, matched: 1 });
    expect((await t.db.graphState.findUniqueOrThrow({ where: { key: DELTA_LINK_KEY } })).value).not.toContain("expired");
  });
});
