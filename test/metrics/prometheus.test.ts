// The Prometheus adapter on its own: outbox gauges read on scrape but cached (a scrape storm is
// one query per window), the oldest due message's age from the injected clock, kinds reduced to
// fixed families, and NaN rather than 0 when the database cannot be read.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { textMessage } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { createPrometheusMetrics } from "../../src/metrics/prometheus.js";
import { kindFamily } from "../../src/metrics/recorder.js";

const series = (text: string, name: string) =>
  Number(
    text
      .split("\n")
      .find((l) => l.startsWith(`${name} `))
      ?.slice(name.length + 1),
  );

describe("Prometheus metrics adapter", () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createSqliteTestDb();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it("reads the outbox once per cache window and reports the oldest due message's age", async () => {
    const now = new Date();
    const clock = { now: () => now };
    let elapsed = 0;
    const metrics = createPrometheusMetrics({ db: t.db, clock, outboxCacheMs: 300, elapsedMs: () => elapsed });
    const people = await seedInstalledPeople(t.db, 3, "http://127.0.0.1:9/");
    const due = new Date(now.getTime() - 90_000);
    await enqueueMessages(t.db, clock, [textMessage("a", people[0]!, "a", due), textMessage("b", people[1]!, "b", due)]);

    const first = await metrics.render();
    expect(series(first, 'friskpuls_outbox_messages{status="pending"}')).toBe(2);
    expect(series(first, 'friskpuls_outbox_messages{status="sending"}')).toBe(0);
    expect(series(first, "friskpuls_outbox_oldest_due_age_seconds")).toBe(90);

    // Within the window: the cached figures, although a row was added.
    await enqueueMessages(t.db, clock, [textMessage("c", people[2]!, "c", new Date(now.getTime() + 60_000))]);
    expect(series(await metrics.render(), 'friskpuls_outbox_messages{status="pending"}')).toBe(2);
    elapsed += 299;
    expect(series(await metrics.render(), 'friskpuls_outbox_messages{status="pending"}')).toBe(2);
    elapsed += 1;
    const later = await metrics.render();
    expect(series(later, 'friskpuls_outbox_messages{status="pending"}')).toBe(3);
    expect(series(later, "friskpuls_outbox_oldest_due_age_seconds")).toBe(90);
  });

  it("reports NaN and counts a database error when the outbox cannot be read", async () => {
    const metrics = createPrometheusMetrics({ db: t.db, clock: { now: () => new Date() }, outboxCacheMs: 60_000 });
    expect(series(await metrics.render(), 'friskpuls_database_errors_total{source="metrics"}')).toBe(0);
    await t.db.$executeRawUnsafe('DROP TABLE "OutboxMessage"');
    const fresh = createPrometheusMetrics({ db: t.db, clock: { now: () => new Date() }, outboxCacheMs: 60_000 });
    await fresh.render();
    // The failure is cached for the window like a success: one query, one error, however many scrapes.
    await fresh.render();
    const text = await fresh.render();
    expect(series(text, 'friskpuls_outbox_messages{status="pending"}')).toBeNaN();
    expect(series(text, 'friskpuls_database_errors_total{source="metrics"}')).toBe(1);
  });

  it("reduces outbox kinds to a fixed set of families", () => {
    expect(
      ["pulse", "pulse-reminder", "hf-remind", "hf-rate", "hf-activity", "nudge-digest", "unitSummary", "subtreeOverview", "memberResult", "test", "x:123"].map(
        kindFamily,
      ),
    ).toEqual(["pulse", "reminder", "reminder", "hf", "hf", "nudge", "summary", "summary", "summary", "other", "other"]);
  });
});
