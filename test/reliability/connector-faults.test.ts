// Issue 8, faults (a): a fan-out through a Bot Connector that answers 429 (Retry-After), 500,
// 502, 503 and 504 at random, cuts connections before or after taking the message, holds
// connections and then cuts them (a gateway timeout as the bot sees it) and answers slowly.
// Afterwards each message is checked against exactly what the engine guarantees (ADR 0006):
//   - a message that only met retryable answers and then got through: delivered, Teams has it once;
//   - a retry never comes sooner than Retry-After or the backoff floor;
//   - a cut connection ends the message "failed: ambiguous" and it is never sent again — Teams
//     has it once or not at all, depending on where the cut was; nothing else ends ambiguous;
//   - a message refused DELIVERY_MAX_ATTEMPTS times ends "failed: gave up", Teams never had it;
//   - no row is left pending, claimed or sending; no conversation receives a message twice.
// CI: 300 messages per run (10–15 s each; the plain case on SQLite only). SOAK=1 (scripts/soak.mjs):
// 3,000 per run, every case on both databases.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPostgresTestDb, createSqliteTestDb, TEST_DATABASES, type TestDatabase } from "../harness/databases.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { createTestDispatcher, textMessage } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { systemClock } from "../../src/clock.js";
import { AMBIGUOUS, ChaosConnector, RETRYABLE, SOAK, type Attempt, type FaultMix } from "./chaos-connector.js";

const MESSAGES = SOAK ? 3_000 : 300;
const MAX_ATTEMPTS = 8;

const RETRYABLE_ONLY: FaultMix = { "429": 0.1, "500": 0.03, "502": 0.03, "503": 0.03, "504": 0.03, slow: 0.05 };
const EVERYTHING: FaultMix = { ...RETRYABLE_ONLY, "reset-lost": 0.015, "reset-delivered": 0.015, "hang-lost": 0.01, "hang-delivered": 0.01 };

interface Verdicts {
  delivered: number;
  ambiguousTaken: number;
  ambiguousNotTaken: number;
  gaveUp: number;
  retries: number;
}

/** Checks every row against its attempt log; returns what happened, for the test to judge. */
async function checkEveryMessage(t: TestDatabase, connector: ChaosConnector, keys: Map<string, string>): Promise<Verdicts> {
  const rows = await t.db.outboxMessage.findMany({ select: { idempotencyKey: true, status: true, lastError: true, attempts: true } });
  expect(rows).toHaveLength(keys.size);
  const verdicts: Verdicts = { delivered: 0, ambiguousTaken: 0, ambiguousNotTaken: 0, gaveUp: 0, retries: 0 };
  for (const row of rows) {
    const key = keys.get(row.idempotencyKey)!;
    const attempts: Attempt[] = connector.attempts.get(key) ?? [];
    const taken = connector.taken.get(key) ?? 0;
    const context = `${row.idempotencyKey}: ${JSON.stringify({ row, attempts })}`;
    expect(attempts.length, context).toBe(row.attempts);
    expect(attempts.length, context).toBeGreaterThan(0);
    // Only retryable answers are followed by another attempt, and never too soon.
    for (let i = 1; i < attempts.length; i++) {
      const before = attempts[i - 1]!;
      expect(RETRYABLE.has(before.outcome), context).toBe(true);
      const floor = Math.max(before.retryAfterMs ?? 0, Math.min(60_000, 1_000 * 2 ** (i - 1)) / 2);
      expect(attempts[i]!.at - before.at, context).toBeGreaterThanOrEqual(floor - 2);
    }
    verdicts.retries += attempts.length - 1;
    const last = attempts.at(-1)!.outcome;
    if (AMBIGUOUS.has(last)) {
      expect(row.status, context).toBe("failed");
      expect(row.lastError, context).toMatch(/^ambiguous/);
      expect(taken, context).toBe(last.endsWith("-delivered") ? 1 : 0);
      if (taken) verdicts.ambiguousTaken++;
      else verdicts.ambiguousNotTaken++;
    } else if (RETRYABLE.has(last)) {
      expect(attempts.length, context).toBe(MAX_ATTEMPTS);
      expect(row.status, context).toBe("failed");
      expect(row.lastError, context).toMatch(/^gave up after 8 attempts/);
      expect(taken, context).toBe(0);
      verdicts.gaveUp++;
    } else {
      expect(row.status, context).toBe("delivered");
      expect(taken, context).toBe(1);
      verdicts.delivered++;
    }
  }
  expect(Math.max(...connector.perConversation.values()), "no conversation received a message twice").toBe(1);
  expect(connector.totalTaken()).toBe(verdicts.delivered + verdicts.ambiguousTaken);
  return verdicts;
}

describe.each(TEST_DATABASES)("a fan-out through a misbehaving Bot Connector (%s)", (provider) => {
  let t: TestDatabase;
  let connector: ChaosConnector;
  beforeEach(async () => {
    t = provider === "postgres" ? await createPostgresTestDb() : await createSqliteTestDb();
    connector = await new ChaosConnector().start();
  });
  afterEach(async () => {
    await connector.stop();
    await t.cleanup();
  });

  async function fanOut(mix: FaultMix) {
    const people = await seedInstalledPeople(t.db, MESSAGES, connector.url);
    const keys = new Map(people.map((p, i) => [`m${i}`, `${p.conversationId}|msg ${i}`]));
    await enqueueMessages(
      t.db,
      systemClock,
      people.map((p, i) => textMessage(`m${i}`, p, `msg ${i}`)),
    );
    connector.configure({ mix, retryAfterSeconds: 1 });
    const report = await createTestDispatcher(t.db, provider, { concurrency: 16, maxAttempts: MAX_ATTEMPTS }).drain(120_000);
    const verdicts = await checkEveryMessage(t, connector, keys);
    expect(await t.db.outboxMessage.count({ where: { status: { in: ["pending", "claimed", "sending"] } } })).toBe(0);
    expect(report.delivered).toBe(verdicts.delivered);
    expect(report.ambiguous, "nothing was left in flight by this live process").toBe(0);
    console.log(`[reliability] connector faults ${provider} ${JSON.stringify({ messages: MESSAGES, ...verdicts, report })}`);
    return verdicts;
  }

  // In CI the plain case runs on SQLite only (the claim SQL differs by provider, the retry path does
  // not); on PostgreSQL it is part of `npm run soak`. Not registered rather than skipped, so CI's
  // count of skipped tests stays at zero and a skip always means something is missing.
  (SOAK || provider === "sqlite" ? it : itNotInThisProfile)(
    "429 and 5xx only: every message delivered exactly once, none lost, none ambiguous",
    async () => {
      const v = await fanOut(RETRYABLE_ONLY);
      expect(v.retries).toBeGreaterThan(MESSAGES * 0.1);
      expect(v.ambiguousTaken + v.ambiguousNotTaken).toBe(0);
      // Eight refusals in a row: p ≈ 0.25^8 per message. Allowed, but checked above to be exactly that.
      expect(v.delivered + v.gaveUp).toBe(MESSAGES);
    },
    SOAK ? 1_800_000 : 120_000,
  );

  it(
    "resets and timeouts as well: a cut send ends ambiguous and is never resent; everything else as above",
    async () => {
      const v = await fanOut(EVERYTHING);
      expect(v.ambiguousTaken + v.ambiguousNotTaken).toBeGreaterThan(0);
      expect(v.delivered + v.ambiguousTaken + v.ambiguousNotTaken + v.gaveUp).toBe(MESSAGES);
    },
    SOAK ? 1_800_000 : 120_000,
  );
});

/** A test that belongs to another profile (soak) is not registered at all. */
function itNotInThisProfile(..._args: unknown[]): void {}
