// Issue 21: a claim is not a send. Processes that claim a batch and die before sending (a crash
// loop, a rolling restart, a killed `tick`) must not use up the rows' attempts: the first genuine
// refusal is attempt 1, its retry waits about a second (not 30–60 s), and a 429 after a dozen
// lost claims is retried, not "gave up".
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createPostgresTestDb, createSqliteTestDb, TEST_DATABASES, type TestDatabase } from "../harness/databases.js";
import { FakeConnector } from "../harness/fake-connector.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { createTestDispatcher, receivedCounts, textMessage } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { claimDueMessages, markInFlight } from "../../src/delivery/claim.js";
import { countOutboxByStatus } from "../../src/delivery/record-outcome.js";
import { systemClock } from "../../src/clock.js";

const MESSAGES = 20;
const LOST_CLAIMS = 12; // more than DELIVERY_MAX_ATTEMPTS (8)

describe.each(TEST_DATABASES)("claims lost to dying processes do not count as attempts (%s)", (provider) => {
  let t: TestDatabase;
  let connector: FakeConnector;
  beforeEach(async () => {
    t = provider === "postgres" ? await createPostgresTestDb() : await createSqliteTestDb();
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    await connector.stop();
    await t.cleanup();
  });

  it(`after ${LOST_CLAIMS} claims that never sent, a 429 per message is retried after about a second and every message is delivered once`, async () => {
    const people = await seedInstalledPeople(t.db, MESSAGES, connector.url);
    await enqueueMessages(
      t.db,
      systemClock,
      people.map((p, i) => textMessage(`m${i}`, p, `msg ${i}`)),
    );
    // Each of these is a process that claimed the whole batch and was killed before sending:
    // its lease is already over, so the next claim takes the rows over.
    for (let i = 0; i < LOST_CLAIMS; i++) {
      const now = new Date();
      const claimed = await claimDueMessages(t.db, {
        provider,
        claimToken: `dead-${i}:${randomUUID()}`,
        now,
        leaseUntil: new Date(now.getTime() - 1),
        limit: 200,
      });
      expect(claimed).toHaveLength(MESSAGES);
      expect(claimed.every((r) => r.attempts === 0)).toBe(true);
    }
    expect((await t.db.outboxMessage.findMany({ select: { attempts: true } })).every((r) => r.attempts === 0)).toBe(true);

    // One 429 per message, without Retry-After: the engine's own backoff decides the wait.
    connector.failNext(MESSAGES, { status: 429 });
    // The engine's clock stands still for this run, so each retry's wait is read off exactly.
    const refusedAt = new Date();
    const limits = { tenantPerSecond: null, conversationIntervalMs: 0 };
    await createTestDispatcher(t.db, provider, { limits, clock: { now: () => new Date(refusedAt) } }).runOnce();
    const afterRefusal = await t.db.outboxMessage.findMany({ select: { status: true, attempts: true, notBefore: true, lastError: true } });
    for (const row of afterRefusal) {
      expect(row, JSON.stringify(row)).toMatchObject({ status: "pending", attempts: 1 });
      // The first retry waits ½–1 × 1 s, not the 30–60 s of a thirteenth attempt.
      const wait = row.notBefore.getTime() - refusedAt.getTime();
      expect(wait).toBeGreaterThanOrEqual(500);
      expect(wait).toBeLessThanOrEqual(1_000);
    }

    const report = await createTestDispatcher(t.db, provider, { limits }).drain();
    expect(report.delivered).toBe(MESSAGES);
    const counts = receivedCounts(connector.sent);
    expect(counts.size).toBe(MESSAGES);
    expect(Math.max(...counts.values())).toBe(1);
    expect(await countOutboxByStatus(t.db)).toEqual({ delivered: MESSAGES });
    // attempts = requests the connector saw for it: the refused one and the delivered one.
    expect((await t.db.outboxMessage.findMany({ select: { attempts: true } })).every((r) => r.attempts === 2)).toBe(true);
  });

  it("a mark in flight retried after a lost answer counts the attempt once", async () => {
    const [person] = await seedInstalledPeople(t.db, 1, connector.url);
    await enqueueMessages(t.db, systemClock, [textMessage("once", person!)]);
    const now = new Date();
    const claimToken = `c:${randomUUID()}`;
    const [row] = await claimDueMessages(t.db, { provider, claimToken, now, leaseUntil: new Date(now.getTime() + 60_000), limit: 10 });
    const until = new Date(now.getTime() + 120_000);
    expect(await markInFlight(t.db, { provider, claimToken, ids: [row!.id], until })).toEqual(new Set([row!.id]));
    expect(await markInFlight(t.db, { provider, claimToken, ids: [row!.id], until })).toEqual(new Set([row!.id]));
    expect(await t.db.outboxMessage.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({ status: "sending", attempts: 1 });
  });
});
