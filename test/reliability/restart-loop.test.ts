// Issue 21: restarts must not cost messages. One fan-out, its sender SIGKILLed again and again —
// the `friskpuls tick` CLI and `friskpuls serve` in turn, then a server in a crash loop (killed
// shortly after each start, mostly right after its claim) — while the connector answers every
// message's first request with a 429 (Retry-After: 1). A claim used to count as an attempt, so
// after a few restarts the rows were near DELIVERY_MAX_ATTEMPTS and the first real 429 ended them
// "gave up". What must hold, exactly:
//   - a row left "sending" at a kill ends "failed: ambiguous" and is never resent (Teams has it 0
//     or 1 times); those rows and only those;
//   - every other row is delivered, Teams has it once, and the connector saw exactly two requests
//     for it (the 429 and the delivery) — which is also the row's `attempts`: claims lost to kills
//     are not attempts;
//   - nothing "gave up", no message reached Teams twice, nothing is left pending.
// CI: 10 kills (5 tick, 5 serve) and a 10-kill crash loop on SQLite. SOAK=1: 30 of each, also on
// PostgreSQL.
import { describe, expect, it } from "vitest";
import { createPostgresTestDb, createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { textMessage } from "../harness/delivery.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { systemClock } from "../../src/clock.js";
import { ChaosConnector, SOAK } from "./chaos-connector.js";
import { startServerProcess, startTickProcess } from "./server-process.js";
import { sleep, waitUntil } from "../harness/wait-until.js";

const KILLS = SOAK ? 30 : 10;
const CRASH_LOOP = SOAK ? 30 : 10;
const CONCURRENCY = 8;
const ENV = {
  SCHEDULER_ENABLED: "true", // the server's dispatcher runs with the scheduler
  DELIVERY_TENANT_RATE: "50",
  DELIVERY_CONCURRENCY: String(CONCURRENCY),
  DELIVERY_LEASE_SECONDS: "1",
  DELIVERY_INFLIGHT_TIMEOUT_SECONDS: "3",
};

const KINDS = ["pulse", "pulse-reminder", "pulse-summary", "hf-announce", "hf-unit", "hf-activity", "nudge-digest"];

/** A sender process of either kind, killable, that reports whether it ended on its own. */
interface Sender {
  kill(): Promise<void>;
  ended(): boolean;
  tail(): string;
}

async function startSender(kind: "tick" | "serve", env: Record<string, string>): Promise<Sender> {
  if (kind === "tick") {
    const tick = startTickProcess(env);
    let ended = false;
    void tick.exited.then(() => (ended = true));
    return { kill: () => tick.kill(), ended: () => ended && tick.child.signalCode === null, tail: () => tick.output() };
  }
  const server = await startServerProcess(env);
  let ended = false;
  void server.exited.then(() => (ended = true));
  return { kill: () => server.kill(), ended: () => ended && server.child.signalCode === null, tail: () => server.tail().join("\n") };
}

/** One fan-out with its own database and connector, so the two scenarios can run side by side. */
async function startScenario(provider: "sqlite" | "postgres", people: number) {
  const t: TestDatabase = provider === "postgres" ? await createPostgresTestDb() : await createSqliteTestDb();
  const connector = await new ChaosConnector().start();
  // Answers take 5–40 ms (a kill finds sends in flight); each message's first request is refused.
  connector.configure({ delayMs: [5, 40], throttleFirst: true, retryAfterSeconds: 1 });
  const inFlightAtKill = new Set<string>();
  const keyOf = new Map<string, string>();
  const seeded = await seedInstalledPeople(t.db, people, connector.url);
  seeded.forEach((p, j) => keyOf.set(`m${j}`, `${p.conversationId}|message ${j}`));
  // Every kind of proactive message goes through this one engine; the fan-out mixes their kinds.
  await enqueueMessages(
    t.db,
    systemClock,
    seeded.map((p, j) => ({ ...textMessage(`m${j}`, p, `message ${j}`), kind: KINDS[j % KINDS.length]! })),
  );
  const env = { DATABASE_URL: t.url, ...ENV };

  return {
    connector,
    env,
    async cleanup() {
      await connector.stop();
      await t.cleanup();
    },
    /** Outbox rows that a running sender holds. */
    held: () => t.db.outboxMessage.count({ where: { status: { in: ["claimed", "sending"] } } }),

    /** After a kill: the rows it left "sending" are the ones that may end ambiguous. */
    async noteInFlight(): Promise<{ sending: number; claimed: number }> {
      const left = await t.db.outboxMessage.findMany({ where: { status: { in: ["sending", "claimed"] } }, select: { idempotencyKey: true, status: true } });
      const sending = left.filter((r) => r.status === "sending");
      for (const r of sending) inFlightAtKill.add(r.idempotencyKey);
      // ADR 0006: at most `concurrency` messages in flight, so at most that many ambiguous per kill.
      expect(sending.length).toBeLessThanOrEqual(CONCURRENCY);
      return { sending: sending.length, claimed: left.length - sending.length };
    },

    /** A last tick finishes the backlog; then every row is checked against the connector's log. */
    async finishAndCheck(label: string, perKill: unknown[]) {
      const last = startTickProcess(env, 30);
      const exit = await last.exited;
      expect(exit.code, last.output()).toBe(0);
      const rows = await t.db.outboxMessage.findMany({ select: { idempotencyKey: true, status: true, lastError: true, attempts: true } });
      expect(rows).toHaveLength(people);
      let ambiguousTaken = 0;
      for (const row of rows) {
        const key = keyOf.get(row.idempotencyKey)!;
        const requests = (connector.attempts.get(key) ?? []).map((a) => a.outcome);
        const taken = connector.taken.get(key) ?? 0;
        const context = JSON.stringify({ row, requests, taken, inFlightAtKill: inFlightAtKill.has(row.idempotencyKey) });
        if (inFlightAtKill.has(row.idempotencyKey)) {
          expect(row.status, context).toBe("failed");
          expect(row.lastError, context).toMatch(/^ambiguous: the sending process stopped mid-request/);
          expect(taken, context).toBeLessThanOrEqual(1);
          ambiguousTaken += taken;
        } else {
          expect(row.status, context).toBe("delivered");
          expect(taken, context).toBe(1);
          expect(requests, context).toEqual(["429", "ok"]);
          expect(row.attempts, context).toBe(2);
        }
      }
      expect(
        rows.filter((r) => r.lastError?.startsWith("gave up")),
        "nothing gave up",
      ).toEqual([]);
      expect(Math.max(...connector.taken.values()), "no message reached Teams twice").toBe(1);
      console.log(
        `[reliability] ${label} ${provider} ${JSON.stringify({ messages: rows.length, delivered: rows.length - inFlightAtKill.size, ambiguous: inFlightAtKill.size, ambiguousTaken, perKill })}`,
      );
    },
  };
}

// Side by side: most of each round is a process starting (CPU), the rest waiting on the other.
describe.concurrent.each(SOAK ? (["sqlite", "postgres"] as const) : (["sqlite"] as const))(
  "restarts during a fan-out with one 429 per message (%s)",
  (provider) => {
    it(
      `${KILLS} SIGKILLs of tick and serve in turn: every message not in flight at a kill delivered once after its 429`,
      async () => {
        // Enough that ten rounds never drain it: a serve round sends up to ~50 requests before its
        // kill lands, a tick round ~10; 150 messages (300 requests) ran out at kill 8 on one run.
        const s = await startScenario(provider, SOAK ? 400 : 250);
        try {
          const perKill: { kind: string; requests: number; sending: number; claimed: number; ms: number }[] = [];
          for (let i = 0; i < KILLS; i++) {
            const kind = i % 2 === 0 ? "tick" : "serve";
            const started = Date.now();
            const before = s.connector.totalAttempts();
            const sender = await startSender(kind, s.env);
            // Mid-fan-out: after a few requests, at a moment not in step with any of them.
            const requests = 1 + Math.floor(Math.random() * 12);
            await waitUntil(() => sender.ended() || s.connector.totalAttempts() >= before + requests, 60_000, `${requests} requests`, 10);
            expect(sender.ended(), `the ${kind} finished the fan-out before kill ${i}:\n${sender.tail()}`).toBe(false);
            await sleep(Math.random() * 100);
            await sender.kill();
            perKill.push({ kind, requests: s.connector.totalAttempts() - before, ...(await s.noteInFlight()), ms: Date.now() - started });
          }
          await s.finishAndCheck("tick and serve killed mid-fan-out", perKill);
        } finally {
          await s.cleanup();
        }
      },
      SOAK ? 1_800_000 : 300_000,
    );

    it(
      `a server in a crash loop (${CRASH_LOOP} kills, mostly just after its claim): every message not in flight at a kill delivered once after its 429`,
      async () => {
        const s = await startScenario(provider, SOAK ? 400 : 120);
        try {
          const perKill: { requests: number; sending: number; claimed: number; ms: number }[] = [];
          for (let i = 0; i < CRASH_LOOP; i++) {
            const started = Date.now();
            const before = s.connector.totalAttempts();
            const sender = await startSender("serve", s.env);
            // A crash soon after start: once its dispatcher holds a claim (or after a moment, if the
            // claim is slow), plus up to 0.3 s — sometimes before any send, sometimes a few in.
            const listening = Date.now();
            await waitUntil(async () => Date.now() - listening > 2_000 || (await s.held()) > 0, 30_000, "a claim", 10);
            await sleep(Math.random() * 300);
            expect(sender.ended(), sender.tail()).toBe(false);
            await sender.kill();
            perKill.push({ requests: s.connector.totalAttempts() - before, ...(await s.noteInFlight()), ms: Date.now() - started });
          }
          await s.finishAndCheck("server crash loop", perKill);
        } finally {
          await s.cleanup();
        }
      },
      SOAK ? 1_800_000 : 300_000,
    );
  },
);
