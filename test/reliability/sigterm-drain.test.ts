// Issue 18: a rolling restart during a fan-out. A server given SIGTERM stops claiming, finishes
// the sends under way, gives its claimed rows back (pending at once, not after the lease), answers
// /readyz with 503 meanwhile and exits within SHUTDOWN_TIMEOUT_SECONDS; a second server delivers
// the rest. The lease is a minute here, so a row not released would still be waiting at the end.
import { describe, expect, it } from "vitest";
import { createPostgresTestDb } from "../harness/databases.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { textMessage } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { systemClock } from "../../src/clock.js";
import { ChaosConnector } from "./chaos-connector.js";
import { startServerProcess } from "./server-process.js";
import { sleep, waitUntil } from "../harness/wait-until.js";

describe("SIGTERM during a fan-out (PostgreSQL, real server processes)", () => {
  it("drains within the bound, releases its claimed rows, answers /readyz 503 meanwhile; a second server delivers the rest once", async () => {
    const t = await createPostgresTestDb();
    const connector = await new ChaosConnector().start();
    try {
      const total = 200;
      connector.configure({ delayMs: [5, 30] });
      const people = await seedInstalledPeople(t.db, total, connector.url);
      await enqueueMessages(
        t.db,
        systemClock,
        people.map((p, i) => textMessage(`m${i}`, p, `message ${i}`)),
      );
      const env = {
        DATABASE_URL: t.url,
        SCHEDULER_ENABLED: "true",
        DELIVERY_TENANT_RATE: "40",
        DELIVERY_CONCURRENCY: "8",
        DELIVERY_LEASE_SECONDS: "60",
        DELIVERY_INFLIGHT_TIMEOUT_SECONDS: "60",
        SHUTDOWN_TIMEOUT_SECONDS: "5",
      };
      const first = await startServerProcess(env);
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      await waitUntil(() => connector.totalTaken() >= 30, 30_000, "30 messages sent");
      // Slow answers from now on: the sends under way at SIGTERM take a while to finish.
      connector.configure({ delayMs: [400, 600] });
      await sleep(100);
      const signalled = Date.now();
      first.child.kill("SIGTERM");
      const readiness: number[] = [];
      let exitedAt = 0;
      void first.exited.then(() => (exitedAt = Date.now()));
      while (exitedAt === 0) {
        readiness.push(
          await fetch(`${first.url}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        );
        await sleep(20);
      }
      const exit = await first.exited;
      expect(exit.code, first.tail().join("\n")).toBe(0);
      expect(exitedAt - signalled, "exits within SHUTDOWN_TIMEOUT_SECONDS").toBeLessThan(5_000);
      expect(readiness, "/readyz answered 503 while draining").toContain(503);
      // (The first poll may be answered before the signal is handled.)
      expect(readiness.slice(readiness.indexOf(503)), "never ready again once draining").not.toContain(200);
      const sentByFirst = connector.totalTaken();
      expect(sentByFirst).toBeLessThan(total);
      // Nothing left claimed (it was released) and nothing left sending (in-flight sends were recorded).
      const held = await t.db.outboxMessage.count({ where: { status: { in: ["claimed", "sending"] } } });
      expect(held).toBe(0);
      expect(first.events()["delivery.released"], first.tail().join("\n")).toBeGreaterThanOrEqual(1);
      expect(await t.db.outboxMessage.count({ where: { status: "delivered" } })).toBe(sentByFirst);

      connector.configure({ delayMs: [5, 30] });
      const second = await startServerProcess(env);
      try {
        // Well before the first server's one-minute lease could have run out.
        await waitUntil(async () => (await t.db.outboxMessage.count({ where: { status: "delivered" } })) === total, 30_000, "every message delivered");
      } finally {
        expect((await second.stop()).code).toBe(0);
      }
      expect(connector.taken.size, "every message reached Teams").toBe(total);
      expect(Math.max(...connector.taken.values()), "none twice").toBe(1);
      expect(await t.db.outboxMessage.count({ where: { status: { not: "delivered" } } })).toBe(0);
    } finally {
      await connector.stop();
      await t.cleanup();
    }
  }, 120_000);

  it("exits at SHUTDOWN_TIMEOUT_SECONDS when a send hangs, and that message is not resent", async () => {
    const t = await createPostgresTestDb();
    const connector = await new ChaosConnector().start();
    try {
      connector.configure({ delayMs: [20_000, 20_000] });
      const people = await seedInstalledPeople(t.db, 20, connector.url);
      await enqueueMessages(
        t.db,
        systemClock,
        people.map((p, i) => textMessage(`m${i}`, p, `message ${i}`)),
      );
      const server = await startServerProcess({
        DATABASE_URL: t.url,
        SCHEDULER_ENABLED: "true",
        DELIVERY_TENANT_RATE: "40",
        DELIVERY_CONCURRENCY: "4",
        SHUTDOWN_TIMEOUT_SECONDS: "2",
      });
      await waitUntil(() => connector.totalAttempts() >= 4, 30_000, "sends hanging");
      const signalled = Date.now();
      server.child.kill("SIGTERM");
      const exit = await server.exited;
      const took = Date.now() - signalled;
      expect(exit.code, "a forced exit is not a clean one").toBe(1);
      expect(took).toBeGreaterThanOrEqual(1_900);
      expect(took).toBeLessThan(4_000);
      expect(server.events()["shutdown.timeout"]).toBe(1);
      // The hung sends stay "sending" (ambiguous later, never resent); the rest went back to pending.
      expect(await t.db.outboxMessage.count({ where: { status: "sending" } })).toBe(4);
      expect(await t.db.outboxMessage.count({ where: { status: "claimed" } })).toBe(0);
    } finally {
      await connector.stop();
      await t.cleanup();
    }
  }, 60_000);
});
