// The same reach flow on PostgreSQL (claims are compare-and-set on a timestamp; matching writes a
// batch in one transaction): matched, installed once, reachable through the install event; a
// stale claim settled by asking Graph.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POSTGRES_IN_RUN } from "../harness/databases.js";
import { FakeGraph, CATALOG_APP_ID } from "../harness/fake-graph.js";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { botAdded, teamsUser } from "../harness/activities.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { loadConfig } from "../../src/config.js";
import { offsetClock, systemClock } from "../../src/clock.js";
import { createGraphReach } from "../../src/graph/create-graph-reach.js";
import { matchPeople } from "../../src/domain/reach/match-people.js";
import { installAppForUnreachable } from "../../src/domain/reach/install-app.js";
import { readReach } from "../../src/domain/reach/read-reach.js";

describe.skipIf(!POSTGRES_IN_RUN)("reach on PostgreSQL", () => {
  let app: TestApp;
  let fake: FakeGraph;
  const events: Promise<unknown>[] = [];
  beforeEach(async () => {
    app = await startTestApp({ database: "postgres" });
    fake = await new FakeGraph().start();
    fake.onInstall = (userId) => void events.push(app.post(botAdded(teamsUser({ aadObjectId: userId }), app.serviceUrl)));
    await buildUnit(app.db, { id: "U1" });
    for (let i = 1; i <= 4; i++) {
      await buildPerson(app.db, { id: `P${i}`, email: `p${i}@kommun.se`, aadObjectId: null });
      await assignRole(app.db, `P${i}`, "U1", "member");
      fake.addUser({ id: `ffffffff-0000-4000-8000-00000000000${i}`, displayName: `P${i}`, mail: `p${i}@kommun.se`, userPrincipalName: `p${i}@kommun.se` });
    }
  });
  afterEach(async () => {
    await Promise.allSettled(events);
    await fake.stop();
    await app.stop();
  });

  it("matches, installs once, and the install events make everyone reachable; a stale claim is asked about, not re-sent", async () => {
    const reach = createGraphReach(loadConfig({ NODE_ENV: "test", DATABASE_URL: app.databaseUrl, ...fake.env() }), { backoffMs: 10 })!;
    expect(await matchPeople(app.db, reach.directory, systemClock)).toMatchObject({ matched: 4 });

    // P4: a run claimed them, Graph installed the app, and the process died before the answer.
    await app.db.appInstall.create({
      data: { personId: "P4", aadObjectId: "ffffffff-0000-4000-8000-000000000004", state: "requesting", requestedAt: new Date(Date.now() - 3600_000) },
    });
    fake.installed.set("ffffffff-0000-4000-8000-000000000004", new Set([CATALOG_APP_ID]));

    const report = await installAppForUnreachable(app.db, reach.installer, systemClock, { claimLeaseMs: 60_000 });
    expect(report).toMatchObject({ candidates: 4, requested: 3, installed: 4, resumed: 1 });
    expect(fake.installRequestsFor("ffffffff-0000-4000-8000-000000000004")).toBe(0);
    await Promise.all(events);
    await app.post(botAdded(teamsUser({ aadObjectId: "ffffffff-0000-4000-8000-000000000004" }), app.serviceUrl));
    expect((await readReach(app.db)).total).toMatchObject({ members: 4, matched: 4, installed: 4, reachable: 4 });

    const later = offsetClock(new Date(Date.now() + 86_400_000));
    expect(await installAppForUnreachable(app.db, reach.installer, later)).toMatchObject({ candidates: 0, requested: 0 });
    expect(fake.callsTo("POST", "/v1.0/users/")).toHaveLength(3);
  });
});
