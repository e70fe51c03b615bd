// The scheduled reach job: with Graph configured, a tick matches and installs once a
// day; without it, there is no job and not one request reaches Graph or the token endpoint.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGraph } from "../harness/fake-graph.js";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { assignRole, buildPerson, buildUnit } from "../harness/factories.js";
import { tickInProcess } from "../harness/tick-in-process.js";
import { loadConfig } from "../../src/config.js";
import { fixedClock } from "../../src/clock.js";
import { buildJobs } from "../../src/jobs/registry.js";
import { PROJECT_ROOT } from "../../src/project-root.js";

const run = promisify(execFile);

describe("the reach job", () => {
  let fake: FakeGraph;
  let t: TestDatabase;
  beforeEach(async () => {
    fake = await new FakeGraph().start();
    t = await createSqliteTestDb();
    const unit = await buildUnit(t.db, { id: "U1" });
    for (let i = 1; i <= 3; i++) {
      const p = await buildPerson(t.db, { id: `P${i}`, email: `p${i}@kommun.se`, aadObjectId: null });
      await assignRole(t.db, p.id, unit.id, "member");
      fake.addUser({ id: `dddddddd-0000-4000-8000-00000000000${i}`, displayName: `P${i}`, mail: `p${i}@kommun.se`, userPrincipalName: `p${i}@kommun.se` });
    }
  });
  afterEach(async () => {
    await t.cleanup();
    await fake.stop();
  });

  it("sends nothing to Graph when it is not configured: no job, no token request, and `reach match` says so", async () => {
    // The URLs point at the fake, but without GRAPH_CLIENT_ID Graph is not configured.
    const env = { GRAPH_BASE_URL: fake.url, ENTRA_LOGIN_URL: fake.url, TEAMS_APP_ID: "x" };
    const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: t.url, ...env });
    expect(config.graph).toBeUndefined();
    expect(buildJobs({ db: t.db, clock: fixedClock("2026-11-02T08:00:00Z"), config, answerTokenSecret: "x".repeat(32) }).map((j) => j.name)).not.toContain(
      "reach.daily",
    );

    const tick = await tickInProcess(t.url, "2026-11-02T08:00:00Z", env);
    expect(tick.jobs["reach.daily"]).toBeUndefined();
    const match = await run(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), "reach", "match"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: "silent", ...env },
    }).catch((e) => e);
    expect(match.code).toBe(78);
    expect(match.stderr).toContain("Microsoft Graph är inte konfigurerat");
    expect(fake.calls).toHaveLength(0);
    expect(fake.tokenRequests).toHaveLength(0);
    expect(await t.db.person.count({ where: { aadObjectId: { not: null } } })).toBe(0);
  }, 180_000);

  it("with Graph configured, matches and installs once a day from REACH_JOB_TIME (Europe/Stockholm)", async () => {
    const env = fake.env({ REACH_JOB_TIME: "06:00" });
    // 05:59 in Stockholm (UTC+1 in November): not yet.
    expect((await tickInProcess(t.url, "2026-11-02T04:59:00Z", env)).jobs["reach.daily"]).toEqual({ due: 0 });
    expect(fake.calls).toHaveLength(0);

    const due = await tickInProcess(t.url, "2026-11-02T05:01:00Z", env);
    expect(due.jobs["reach.daily"]).toMatchObject({ due: 1, matched: 3, installRequested: 3, installed: 3, finished: 1 });
    expect(await t.db.person.count({ where: { aadObjectIdSource: "graph" } })).toBe(3);
    const calls = fake.calls.length;

    expect((await tickInProcess(t.url, "2026-11-02T09:00:00Z", env)).jobs["reach.daily"]).toEqual({ due: 0 });
    expect(fake.calls).toHaveLength(calls);
    // The next day: nobody unmatched, nobody without an answer: one catalogue-free, install-free pass.
    expect((await tickInProcess(t.url, "2026-11-03T05:01:00Z", env)).jobs["reach.daily"]).toMatchObject({
      due: 1,
      matched: 0,
      installRequested: 0,
      finished: 1,
    });
    expect(fake.callsTo("POST", "/v1.0/users/")).toHaveLength(3);
  });
});
