// The engine's error classification end to end over the lean sender (connector-sender +
// no-retry-http-client): 404 → unreachable, 412 → retried, connection refused → retried (nothing
// left), a reset after the request reached the connector → ambiguous and never resent, a timeout
// → ambiguous. ADR 0006: never a duplicate to a person; every row ends with a reason.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { FakeConnector } from "../harness/fake-connector.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { createTestDispatcher, textMessage } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { classifySendError } from "../../src/delivery/classify-send-error.js";
import { networkFailure, send } from "../../src/teams/no-retry-http-client.js";
import { systemClock } from "../../src/clock.js";

describe("send errors over the lean Bot Connector sender", () => {
  let t: TestDatabase;
  let connector: FakeConnector;
  const servers: Server[] = [];
  beforeEach(async () => {
    t = await createSqliteTestDb();
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
    await connector.stop();
    await t.cleanup();
  });

  /** A raw HTTP server (for faults express cannot make), on a free port. */
  async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it("marks a 404 unreachable and deactivates the conversation, without retrying", async () => {
    const [person] = await seedInstalledPeople(t.db, 1, connector.url);
    await enqueueMessages(t.db, systemClock, [textMessage("x", person!)]);
    connector.failNext(1, { status: 404, body: { error: { code: "ConversationNotFound" } } });

    const report = await createTestDispatcher(t.db, "sqlite").drain();

    expect(report).toMatchObject({ unreachable: 1, retried: 0, delivered: 0 });
    expect(connector.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: "unreachable", lastError: expect.stringContaining("404") });
    expect((await t.db.conversationRef.findUniqueOrThrow({ where: { id: person!.conversationRefId } })).active).toBe(false);
  });

  it("retries a 412, then delivers once", async () => {
    const [person] = await seedInstalledPeople(t.db, 1, connector.url);
    await enqueueMessages(t.db, systemClock, [textMessage("x", person!)]);
    connector.failNext(1, { status: 412 });

    const report = await createTestDispatcher(t.db, "sqlite").drain();

    expect(report).toMatchObject({ delivered: 1, retried: 1 });
    expect(connector.sent).toHaveLength(1);
  });

  it("retries a refused connection (nothing was sent) and gives up with the reason", async () => {
    const closedUrl = await rawServer(() => undefined);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve)); // the port is now closed: ECONNREFUSED
    const [person] = await seedInstalledPeople(t.db, 1, closedUrl);
    await enqueueMessages(t.db, systemClock, [textMessage("x", person!)]);

    const report = await createTestDispatcher(t.db, "sqlite", { maxAttempts: 2 }).drain();

    expect(report).toMatchObject({ retried: 1, failed: 1, ambiguous: 0 });
    expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/gave up after 2 attempts: connection: ECONNREFUSED/),
    });
  });

  it("ends a connection reset after the request arrived as ambiguous and never resends it", async () => {
    let posts = 0;
    const url = await rawServer((req) => {
      posts++;
      req.resume();
      req.on("end", () => req.socket.destroy()); // read the whole message, then drop the connection
    });
    const [person] = await seedInstalledPeople(t.db, 1, url);
    await enqueueMessages(t.db, systemClock, [textMessage("x", person!)]);

    const report = await createTestDispatcher(t.db, "sqlite").drain();

    expect(report).toMatchObject({ delivered: 0, retried: 0, failed: 1 });
    expect(posts).toBe(1);
    expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/^ambiguous: ECONNRESET/),
    });
  });

  it("classifies a request that timed out as ambiguous (it may have reached Teams)", async () => {
    const url = await rawServer((req) => req.resume()); // reads, never answers
    const error = await send(`${url}v3/conversations/a%3A1/activities`, "POST", { "content-type": "application/json" }, "{}", 200).then(
      () => undefined,
      (e: unknown) => networkFailure(e),
    );
    expect(error).toMatchObject({ networkCode: "ETIMEDOUT", mayHaveBeenSent: true });
    expect(classifySendError(error)).toMatchObject({ action: "fail", reason: expect.stringMatching(/^ambiguous: ETIMEDOUT/) });
  });
});
