// Issue 8, faults (b): PostgreSQL restarts under a running server — simulated without touching
// other tests' databases: this test's database stops taking connections
// (ALTER DATABASE … ALLOW_CONNECTIONS false), every backend connection to it is terminated
// (pg_terminate_backend), and 0.3–1.5 s later it takes connections again. Several times, while
// the server fans a message out to everyone and people answer a pulse through /api/messages. A
// person whose tap fails taps again (a new activity, as in Teams). Afterwards:
//   - the server process is alive, ready, and still takes answers;
//   - every message was delivered exactly once: the engine retries its outcome writes for up to a
//     minute, so an outage shorter than that strands nothing in "sending" (none ambiguous);
//   - every acknowledged answer is stored once, with the value last acknowledged, under the
//     person's token in each of their units; nothing else is stored.
// CI: 5 outages, 150 people (about 20 s). SOAK=1: 40 outages, 600 people.
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPostgresTestDb, POSTGRES_ADMIN_URL, type TestDatabase } from "../harness/databases.js";
import { seedInstalledPeople } from "../harness/factories.js";
import { textMessage } from "../harness/delivery.js";
import { cardAction, TENANT_ID } from "../harness/activities.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { systemClock } from "../../src/clock.js";
import { ensureDefaultSchedule, listActiveSchedules } from "../../src/domain/pulse/pulse-schedules.js";
import { planPulse } from "../../src/domain/pulse/plan-pulse.js";
import { deriveAnswerToken } from "../../src/domain/pulse/answer-token.js";
import { CORE_QUESTION_ID } from "../../src/domain/pulse/question-bank.js";
import { ChaosConnector, SOAK } from "./chaos-connector.js";
import { startServerProcess, type ServerProcess } from "./server-process.js";

const PEOPLE = SOAK ? 600 : 150;
const OUTAGES = SOAK ? 40 : 5;
const SECRET = "reliability-test-answer-token-secret-000000";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(condition)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("PostgreSQL connections dropped under a running server", () => {
  let t: TestDatabase;
  let connector: ChaosConnector;
  let server: ServerProcess | undefined;
  let admin: pg.Client;
  beforeEach(async () => {
    t = await createPostgresTestDb();
    connector = await new ChaosConnector().start();
    connector.configure({ delayMs: [5, 30] });
    admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
  });
  afterEach(async () => {
    await server?.kill();
    await admin.end();
    await connector.stop();
    await t.cleanup();
  });

  it(
    `loses and duplicates nothing through ${OUTAGES} outages during a fan-out and incoming answers`,
    async () => {
      // Everyone a member of one unit, every fifth person of two: answers are stored per unit.
      const people = await seedInstalledPeople(t.db, PEOPLE, connector.url, { tenantId: TENANT_ID });
      await t.db.unit.createMany({ data: [{ id: "U0", name: "Kommunen" }, ...[1, 2, 3].map((n) => ({ id: `U${n}`, name: `Enhet ${n}`, parentId: "U0" }))] });
      const unitsOf = new Map(people.map((p, i) => [p.personId, i % 5 === 0 ? [`U${1 + (i % 3)}`, `U${1 + ((i + 1) % 3)}`].sort() : [`U${1 + (i % 3)}`]]));
      await t.db.assignment.createMany({
        data: people.flatMap((p) => unitsOf.get(p.personId)!.map((unitId) => ({ personId: p.personId, unitId, role: "member" }))),
      });
      await ensureDefaultSchedule(t.db, new Date());
      const pulse = await planPulse(t.db, (await listActiveSchedules(t.db))[0]!, new Date(Date.now() - 60_000));
      expect(pulse.recipients).toHaveLength(PEOPLE);
      const persons = await t.db.person.findMany({ select: { id: true, aadObjectId: true } });
      const aadOf = new Map(persons.map((p) => [p.id, p.aadObjectId!]));

      server = await startServerProcess({
        DATABASE_URL: t.url,
        ANSWER_TOKEN_SECRET: SECRET,
        SCHEDULER_ENABLED: "true",
        DELIVERY_TENANT_RATE: "40",
        DELIVERY_CONCURRENCY: "8",
        DELIVERY_LEASE_SECONDS: "2",
        DELIVERY_INFLIGHT_TIMEOUT_SECONDS: "15",
      });
      const url = server.url;
      const dbName = new URL(t.url).pathname.slice(1);
      await enqueueMessages(
        t.db,
        systemClock,
        people.map((p, i) => textMessage(`m${i}`, p, `message ${i}`)),
      );

      // Answers: each person taps once, a third of them change their answer; a failed tap is tapped again.
      const acknowledged = new Map<string, number>();
      let failedTaps = 0;
      let answersDone = false;
      const tap = async (personId: string, value: number): Promise<void> => {
        const user = {
          userId: `29:${personId}`,
          aadObjectId: aadOf.get(personId)!,
          conversationId: `a:${personId}`,
          tenantId: TENANT_ID,
          locale: "sv-SE",
          name: "Test",
        };
        for (let attempt = 1; attempt <= 100; attempt++) {
          const activity = cardAction(user, connector.url, "pulse.answer", {
            verb: "pulse.answer",
            pulseId: pulse.pulseId,
            questionId: CORE_QUESTION_ID,
            value,
          });
          const res = await fetch(`${url}/api/messages`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(activity),
          }).catch(() => undefined);
          const body = res ? await res.text() : "";
          if (res?.status === 200 && body.includes('"statusCode":200') && body.includes("Ditt svar:")) {
            acknowledged.set(personId, value);
            return;
          }
          failedTaps++;
          await sleep(50 + Math.random() * 150);
        }
        throw new Error(`no answer acknowledged for ${personId} in 100 taps`);
      };
      const taps = people.flatMap((p, i) => [
        { personId: p.personId, value: 1 + (i % 5) },
        ...(i % 3 === 0 ? [{ personId: p.personId, value: 1 + ((i + 2) % 5) }] : []),
      ]);
      // One worker per person slice, so a person's taps stay in order.
      const slices = Array.from({ length: 6 }, (_, w) => people.filter((_, i) => i % 6 === w).map((p) => p.personId));
      const answering = Promise.all(
        slices.map(async (slice) => {
          for (const personId of slice) for (const t of taps.filter((x) => x.personId === personId)) await tap(t.personId, t.value);
        }),
      ).finally(() => (answersDone = true));

      // The database "restarts" while both are under way: it stops taking connections, every
      // connection to it is terminated, and 0.3–1.5 s later it takes connections again.
      await waitUntil(() => connector.totalTaken() > 0 && acknowledged.size > 0, 30_000, "the first send and the first answer");
      const outages: { terminated: number; downMs: number; fanOutRunning: boolean; answersRunning: boolean }[] = [];
      try {
        for (let i = 0; i < OUTAGES; i++) {
          await admin.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS false`);
          const { rows } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [dbName]);
          const downMs = Math.round(300 + Math.random() * 1_200);
          outages.push({ terminated: rows.length, downMs, fanOutRunning: connector.totalTaken() < PEOPLE, answersRunning: !answersDone });
          await sleep(downMs);
          await admin.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS true`);
          await sleep(300 + Math.random() * 700);
        }
      } finally {
        await admin.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS true`);
      }
      await answering;
      await waitUntil(
        async () => (await t.db.outboxMessage.count({ where: { status: { in: ["pending", "claimed", "sending"] } } })) === 0,
        60_000,
        "the outbox to drain",
      );

      // Still serving: alive, ready, and a changed answer goes through at the first tap.
      expect(server.child.exitCode, server.tail().join("\n")).toBeNull();
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const failedBefore = failedTaps;
      await tap(people[1]!.personId, 5);
      expect(failedTaps).toBe(failedBefore);

      // Fan-out: everyone exactly once, nothing ambiguous.
      expect(await t.db.outboxMessage.groupBy({ by: ["status"], _count: true })).toEqual([{ status: "delivered", _count: PEOPLE }]);
      expect(connector.taken.size).toBe(PEOPLE);
      expect(Math.max(...connector.taken.values()), "no message reached Teams twice").toBe(1);

      // Answers: the last acknowledged value, once per unit, under each person's token; nothing else.
      expect(acknowledged.size).toBe(PEOPLE);
      const stored = await t.db.pulseAnswer.findMany({
        where: { pulseId: pulse.pulseId },
        select: { token: true, unitId: true, questionId: true, value: true },
      });
      const expectedRows = [...unitsOf.values()].reduce((n, units) => n + units.length, 0);
      expect(stored).toHaveLength(expectedRows);
      const byToken = new Map<string, typeof stored>();
      for (const row of stored) byToken.set(row.token, [...(byToken.get(row.token) ?? []), row]);
      for (const [personId, value] of acknowledged) {
        const rows = byToken.get(deriveAnswerToken(SECRET, pulse.pulseId, personId)) ?? [];
        expect(rows.map((r) => r.unitId).sort(), personId).toEqual(unitsOf.get(personId));
        for (const r of rows) expect(r, personId).toMatchObject({ questionId: CORE_QUESTION_ID, value });
      }
      expect(await t.db.pulseParticipation.count({ where: { pulseId: pulse.pulseId } })).toBe(PEOPLE);
      expect(await t.db.pulseRecipient.count({ where: { pulseId: pulse.pulseId, answered: true } })).toBe(PEOPLE);

      // The outages did hit both: while sending and while answering; taps failed and so did the engine's writes.
      expect(outages.filter((k) => k.fanOutRunning && k.answersRunning && k.terminated > 0).length).toBeGreaterThan(0);
      const events = server.events();
      const logged = {
        writeRetries: events["delivery.write_retry"] ?? 0,
        dispatcherErrors: events["delivery.error"] ?? 0,
        turnErrors: events["teams.turn_error"] ?? 0,
      };
      const summary = {
        outages: outages.length,
        downMsTotal: outages.reduce((n, o) => n + o.downMs, 0),
        duringFanOutAndAnswers: outages.filter((o) => o.fanOutRunning && o.answersRunning).length,
        connectionsTerminated: outages.reduce((n, o) => n + o.terminated, 0),
      };
      console.log(`[reliability] database outages ${JSON.stringify({ people: PEOPLE, taps: taps.length, failedTaps, ...summary, ...logged })}`);
      expect(failedTaps).toBeGreaterThan(0);
      expect((await server.stop()).code).toBe(0);
      server = undefined;
    },
    SOAK ? 1_800_000 : 180_000,
  );
});
