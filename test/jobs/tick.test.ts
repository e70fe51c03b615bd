import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { FakeConnector } from "../harness/fake-connector.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { createTestDispatcher, receivedCounts } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { runDueOccurrences } from "../../src/jobs/run-due-occurrences.js";
import { runTick } from "../../src/jobs/run-tick.js";
import type { Job } from "../../src/jobs/job.js";
import { createLogger } from "../../src/logger.js";
import { fixedClock } from "../../src/clock.js";
import type { WeeklyRule } from "../../src/domain/schedule/weekly-rule.js";

const logger = createLogger("silent");
const mondays: WeeklyRule = { weekday: 1, intervalWeeks: 1, anchorDate: "2026-03-02", localTime: "09:00", timeZone: "Europe/Stockholm" };

/** A recurring job shaped like the pulse planner: one message per person per occurrence. */
function weeklyGreetingJob(db: TestDatabase["db"], people: { personId: string; conversationRefId: string }[]): Job {
  return {
    name: "test.weekly-greeting",
    async run(now) {
      let planned = 0;
      const ran = await runDueOccurrences({
        db,
        job: "test.weekly-greeting",
        series: "all",
        rule: mondays,
        now,
        lookbackMs: 3 * 24 * 3600_000,
        handler: async (at) => {
          const result = await enqueueMessages(
            db,
            fixedClock(now),
            people.map((p) => ({
              idempotencyKey: `greeting:${at.toISOString()}:${p.personId}`,
              kind: "greeting",
              personId: p.personId,
              conversationRefId: p.conversationRefId,
              activity: { type: "message", text: `${at.toISOString()} ${p.personId}` },
              notBefore: at,
            })),
          );
          planned += result.planned;
        },
      });
      return { occurrences: ran, planned };
    },
  };
}

describe("ticks", () => {
  let t: TestDatabase;
  let connector: FakeConnector;
  let job: Job;
  beforeEach(async () => {
    t = await createSqliteTestDb();
    connector = await new FakeConnector().start();
    job = weeklyGreetingJob(t.db, await seedInstalledPeople(t.db, 20, connector.url));
  });
  afterEach(async () => {
    await connector.stop();
    await t.cleanup();
  });

  it("plan nothing twice when run twice in a row and twice at once: each person gets one message", async () => {
    const at = new Date("2026-03-09T08:00:00Z"); // Monday 09:00 CET
    await runTick([job], at, logger);
    await runTick([job], at, logger);
    await Promise.all([runTick([job], at, logger), runTick([job], at, logger)]);
    await Promise.all([createTestDispatcher(t.db, "sqlite").drain(), createTestDispatcher(t.db, "sqlite").drain()]);
    const counts = receivedCounts(connector.sent);
    expect(counts.size).toBe(20);
    expect(Math.max(...counts.values())).toBe(1);
  });

  it("catch up once after downtime: an occurrence missed while down is sent on return, not skipped, not doubled", async () => {
    await runTick([job], new Date("2026-03-09T07:59:00Z"), logger); // before: nothing due
    expect(await t.db.outboxMessage.count()).toBe(0);
    // Down from 07:59 to 13:30: the 08:00Z occurrence was missed.
    const report = await runTick([job], new Date("2026-03-09T13:30:00Z"), logger);
    expect(report.jobs["test.weekly-greeting"]).toEqual({ occurrences: 1, planned: 20 });
    const again = await runTick([job], new Date("2026-03-09T13:31:00Z"), logger);
    expect(again.jobs["test.weekly-greeting"]).toEqual({ occurrences: 0, planned: 0 });
    await createTestDispatcher(t.db, "sqlite").drain();
    expect(connector.sent).toHaveLength(20);
  });

  it("does not resurrect an occurrence older than its window after a long outage", async () => {
    const report = await runTick([job], new Date("2026-03-13T09:00:00Z"), logger); // Friday: Monday's window closed
    expect(report.jobs["test.weekly-greeting"]).toEqual({ occurrences: 0, planned: 0 });
  });

  it("follows local time across the DST change: Monday 30 March 2026 09:00 is 07:00Z, not 08:00Z", async () => {
    await runTick([job], new Date("2026-03-30T06:59:00Z"), logger);
    expect(await t.db.outboxMessage.count({ where: { notBefore: { gte: new Date("2026-03-30T00:00:00Z") } } })).toBe(0);
    await runTick([job], new Date("2026-03-30T07:00:00Z"), logger);
    const rows = await t.db.outboxMessage.findMany({ where: { notBefore: { gte: new Date("2026-03-30T00:00:00Z") } }, select: { notBefore: true } });
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.notBefore.toISOString()))).toEqual(new Set(["2026-03-30T07:00:00.000Z"]));
  });

  it("keep other jobs running when one throws, and report the failure", async () => {
    const broken: Job = { name: "broken", run: async () => Promise.reject(new Error("boom")) };
    const report = await runTick([broken, job], new Date("2026-03-09T08:00:00Z"), logger);
    expect(report.jobs.broken).toEqual({ error: "boom" });
    expect(report.jobs["test.weekly-greeting"]).toEqual({ occurrences: 1, planned: 20 });
  });
});
