import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { FakeConnector } from "../harness/fake-connector.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { createTestDispatcher, receivedCounts, textMessage } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { countOutboxByStatus } from "../../src/delivery/record-outcome.js";
import { systemClock } from "../../src/clock.js";

describe("the dispatcher against a Bot Connector", () => {
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

  it("delivers every planned message exactly once, and planning the same keys again adds nothing", async () => {
    const people = await seedInstalledPeople(t.db, 50, connector.url);
    const messages = people.map((p, i) => textMessage(`k${i}`, p));
    expect(await enqueueMessages(t.db, systemClock, messages)).toEqual({ planned: 50, alreadyPlanned: 0 });
    expect(await enqueueMessages(t.db, systemClock, messages)).toEqual({ planned: 0, alreadyPlanned: 50 });

    const report = await createTestDispatcher(t.db, "sqlite").drain();

    expect(report.delivered).toBe(50);
    const counts = receivedCounts(connector.sent);
    expect(counts.size).toBe(50);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(await countOutboxByStatus(t.db)).toEqual({ delivered: 50 });
    const row = await t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: "k0" } });
    expect(row.activityId).toBe(connector.sent.find((s) => s.activity.text === "hej k0")!.activityId);
    // Addressed from the stored reference: this person's 1:1 chat, from the bot, to the user.
    const first = connector.sent.find((s) => s.activity.text === "hej k0")!;
    const person = people[0]!;
    const reference = JSON.parse((await t.db.conversationRef.findUniqueOrThrow({ where: { id: person.conversationRefId } })).reference);
    expect(first.conversationId).toBe(reference.conversation.id);
    expect(first.activity).toMatchObject({
      type: "message",
      conversation: reference.conversation,
      from: reference.bot,
      recipient: reference.user,
      channelId: "msteams",
    });
  });

  it("honours Retry-After on a 429 and owns the retry: botbuilder does not retry on top", async () => {
    const [person] = await seedInstalledPeople(t.db, 1, connector.url);
    await enqueueMessages(t.db, systemClock, [textMessage("only", person!)]);
    connector.failNext(1, { status: 429, headers: { "Retry-After": "1" } });

    const started = Date.now();
    const report = await createTestDispatcher(t.db, "sqlite").drain();

    expect(report).toMatchObject({ delivered: 1, retried: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const posts = connector.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2); // the refused one and the successful retry
    expect(connector.sent).toHaveLength(1);
  });

  it("retries 502 and 504 with backoff, then delivers", async () => {
    const [person] = await seedInstalledPeople(t.db, 1, connector.url);
    await enqueueMessages(t.db, systemClock, [textMessage("x", person!)]);
    connector.failNext(1, { status: 502 });
    connector.failNext(1, { status: 504 });
    const report = await createTestDispatcher(t.db, "sqlite").drain();
    expect(report).toMatchObject({ delivered: 1, retried: 2 });
    expect(connector.sent).toHaveLength(1);
  });

  it("marks a 403 (bot removed or blocked) unreachable at once and deactivates the conversation", async () => {
    const [person] = await seedInstalledPeople(t.db, 1, connector.url);
    await enqueueMessages(t.db, systemClock, [textMessage("x", person!)]);
    connector.failNext(1, { status: 403, body: { error: { code: "BotNotInConversationRoster" } } });

    const report = await createTestDispatcher(t.db, "sqlite").drain();

    expect(report).toMatchObject({ unreachable: 1, retried: 0 });
    expect(connector.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    const row = await t.db.outboxMessage.findFirstOrThrow();
    expect(row.status).toBe("unreachable");
    expect(row.lastError).toContain("403");
    expect((await t.db.conversationRef.findUniqueOrThrow({ where: { id: person!.conversationRefId } })).active).toBe(false);
  });

  it("fails a 400 for good, with its reason, and gives up after the attempt limit", async () => {
    const people = await seedInstalledPeople(t.db, 2, connector.url);
    await enqueueMessages(t.db, systemClock, [textMessage("bad", people[0]!)]);
    connector.failNext(1, { status: 400 });
    await createTestDispatcher(t.db, "sqlite").drain();
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: "bad" } })).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("400"),
    });

    await enqueueMessages(t.db, systemClock, [textMessage("flaky", people[1]!)]);
    connector.failNext(3, { status: 503 });
    const report = await createTestDispatcher(t.db, "sqlite", { maxAttempts: 2 }).drain();
    expect(report).toMatchObject({ retried: 1, failed: 1 });
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: "flaky" } })).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("gave up after 2 attempts"),
    });
  });

  it("records people without the app as unreachable at planning time: nothing silently dropped", async () => {
    const result = await enqueueMessages(t.db, systemClock, [
      { idempotencyKey: "n", kind: "test", personId: "P-none", conversationRefId: null, activity: { type: "message", text: "x" }, notBefore: new Date(0) },
    ]);
    expect(result.planned).toBe(1);
    expect(await countOutboxByStatus(t.db)).toEqual({ unreachable: 1 });
  });

  it("spaces two messages to the same conversation at least a second apart", async () => {
    const [person] = await seedInstalledPeople(t.db, 1, connector.url);
    await enqueueMessages(t.db, systemClock, [textMessage("a", person!), textMessage("b", person!)]);
    // Measured from the start of the drain, not from the first arrival: a loaded machine may delay
    // the first request in transit, which only ever makes the gap look smaller than the limiter's.
    const start = Date.now();
    await createTestDispatcher(t.db, "sqlite").drain();
    expect(connector.sent.map((s) => s.activity.text)).toEqual(["hej a", "hej b"]);
    expect(connector.sent[1]!.at - start).toBeGreaterThanOrEqual(1_000);
  });

  it("keeps to the tenant rate: 30 messages at 20/s take about 1.5 s", async () => {
    const people = await seedInstalledPeople(t.db, 30, connector.url);
    await enqueueMessages(
      t.db,
      systemClock,
      people.map((p, i) => textMessage(`r${i}`, p)),
    );
    const start = Date.now();
    await createTestDispatcher(t.db, "sqlite", { limits: { tenantPerSecond: 20, conversationIntervalMs: 1000 } }).drain();
    const times = connector.sent.map((s) => s.at).sort((a, b) => a - b);
    expect(times).toHaveLength(30);
    // Slots every 50 ms from the first reservation (after `start`): the i-th send can never arrive
    // before start + i × 50 ms, however the machine is loaded (load only delays, never hastens).
    times.forEach((at, i) => expect(at - start, `send ${i}`).toBeGreaterThanOrEqual(i * 50 - 1));
  });

  it("lets two dispatchers drain one outbox together without sending anything twice", async () => {
    const people = await seedInstalledPeople(t.db, 200, connector.url);
    await enqueueMessages(
      t.db,
      systemClock,
      people.map((p, i) => textMessage(`c${i}`, p)),
    );
    const [a, b] = await Promise.all([
      createTestDispatcher(t.db, "sqlite", { batchSize: 10 }).drain(),
      createTestDispatcher(t.db, "sqlite", { batchSize: 10 }).drain(),
    ]);
    expect(a.delivered + b.delivered).toBe(200);
    expect(a.delivered).toBeGreaterThan(0);
    expect(b.delivered).toBeGreaterThan(0);
    expect([...receivedCounts(connector.sent).values()].every((c) => c === 1)).toBe(true);
    expect(connector.sent).toHaveLength(200);
  });
});
