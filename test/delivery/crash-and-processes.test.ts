import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createPostgresTestDb, createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { FakeConnector } from "../harness/fake-connector.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { receivedCounts, textMessage } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { systemClock } from "../../src/clock.js";
import { PROJECT_ROOT } from "../../src/project-root.js";

function tick(
  databaseUrl: string,
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> } {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), "tick", "--horizon", "10"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, done: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, out }))) };
}

async function outcome(t: TestDatabase) {
  const rows = await t.db.outboxMessage.findMany({ select: { idempotencyKey: true, status: true, lastError: true } });
  return { rows, byStatus: rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}) };
}

describe("a fan-out survives a process killed mid-send (SQLite, real child processes)", () => {
  let t: TestDatabase;
  let connector: FakeConnector;
  beforeEach(async () => {
    t = await createSqliteTestDb();
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    await connector.stop();
    await t.cleanup();
  });

  it("delivers every remaining message once after a SIGKILL and restart, and none twice", async () => {
    const total = 240;
    const people = await seedInstalledPeople(t.db, total, connector.url);
    await enqueueMessages(
      t.db,
      systemClock,
      people.map((p, i) => textMessage(`m${i}`, p, `msg ${i}`)),
    );
    const env = { DELIVERY_TENANT_RATE: "40", DELIVERY_LEASE_SECONDS: "1", DELIVERY_INFLIGHT_TIMEOUT_SECONDS: "2", DELIVERY_CONCURRENCY: "8" };

    const first = tick(t.url, env);
    await connector.waitFor((sent) => sent.length >= 40 + Math.floor(Math.random() * 60), 30_000);
    first.child.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    const deliveredBeforeKill = connector.sent.length;
    expect(deliveredBeforeKill).toBeLessThan(total);

    const second = await tick(t.url, env).done;
    expect(second.code, second.out).toBe(0);

    const counts = receivedCounts(connector.sent);
    expect(Math.max(...counts.values()), "no message reached a person twice").toBe(1);
    const { rows, byStatus } = await outcome(t);
    expect(byStatus.pending ?? 0).toBe(0);
    expect((byStatus.claimed ?? 0) + (byStatus.sending ?? 0)).toBe(0);
    // Only a message that was in flight at the kill may end ambiguous (never resent).
    const ambiguous = rows.filter((r) => r.status === "failed");
    expect(ambiguous.length).toBeLessThanOrEqual(8);
    for (const r of ambiguous) expect(r.lastError).toContain("ambiguous");
    for (const r of rows.filter((r) => r.status === "delivered")) expect(counts.get(`msg ${r.idempotencyKey.slice(1)}`)).toBe(1);
    expect(byStatus.delivered! + ambiguous.length).toBe(total);
    expect(connector.sent.length).toBeGreaterThanOrEqual(byStatus.delivered!);
  });
});

describe("two processes on PostgreSQL", () => {
  let t: TestDatabase;
  let connector: FakeConnector;
  beforeEach(async () => {
    t = await createPostgresTestDb();
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    await connector.stop();
    await t.cleanup();
  });

  it("drain one outbox together: each message exactly once, both processes sending", async () => {
    const total = 400;
    const people = await seedInstalledPeople(t.db, total, connector.url);
    await enqueueMessages(
      t.db,
      systemClock,
      people.map((p, i) => textMessage(`m${i}`, p, `msg ${i}`)),
    );
    const env = { DELIVERY_TENANT_RATE: "50", DELIVERY_CONCURRENCY: "8" };

    const [a, b] = await Promise.all([tick(t.url, env).done, tick(t.url, env).done]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);

    const counts = receivedCounts(connector.sent);
    expect(counts.size).toBe(total);
    expect(Math.max(...counts.values())).toBe(1);
    const reports = [a, b].map((r) => JSON.parse(r.out.trim().split("\n").at(-1)!).delivery);
    expect(reports[0].delivered + reports[1].delivered).toBe(total);
    expect(reports[0].delivered).toBeGreaterThan(0);
    expect(reports[1].delivered).toBeGreaterThan(0);
    expect((await outcome(t)).byStatus).toEqual({ delivered: total });
  });
});
