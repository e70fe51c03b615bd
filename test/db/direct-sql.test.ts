// The direct SQL door (ADR 0013): the same database as Prisma, without Prisma, for the statements
// of every inbound activity. What one door writes the other reads the same; a transaction is all
// or nothing; on SQLite it never waits for a lock on the event loop; $disconnect closes it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPostgresTestDb, createSqliteTestDb, TEST_DATABASES, type TestDatabase } from "../harness/databases.js";
import { directSql, sql } from "../../src/db/direct-sql.js";
import { createDb } from "../../src/db/client.js";
import { GATHER_MS } from "../../src/db/gathered-writes.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(TEST_DATABASES)("direct SQL on %s", (provider) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = provider === "sqlite" ? await createSqliteTestDb() : await createPostgresTestDb();
  });
  afterEach(async () => t.cleanup());

  it("writes what Prisma reads and reads what Prisma writes: timestamps to the millisecond in UTC, booleans, counts", async () => {
    const direct = await directSql(t.db);
    const received = new Date("2026-03-29T01:59:59.987Z"); // the night Europe/Stockholm changes to summer time
    expect(await direct.execute(sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"a"}, ${received})`)).toBe(1);
    expect(await t.db.processedActivity.findUniqueOrThrow({ where: { id: "a" } })).toEqual({ id: "a", receivedAt: received, completedAt: null });
    // Prisma's own filter finds it on both sides of the instant.
    expect(await t.db.processedActivity.count({ where: { receivedAt: { lt: new Date(received.getTime() + 1) } } })).toBe(1);
    expect(await t.db.processedActivity.count({ where: { receivedAt: { lt: received } } })).toBe(0);

    const completed = new Date("2026-10-25T00:30:00.001Z");
    await t.db.processedActivity.update({ where: { id: "a" }, data: { completedAt: completed } });
    const [row] = await direct.query<{ receivedAt: Date; completedAt: Date; n: number | string }>(
      sql`SELECT "receivedAt", "completedAt", (SELECT COUNT(*) FROM "ProcessedActivity") AS "n" FROM "ProcessedActivity" WHERE "id" = ${"a"} AND "receivedAt" < ${completed}`,
    );
    expect(row!.receivedAt).toEqual(received);
    expect(row!.completedAt).toEqual(completed);
    expect(Number(row!.n)).toBe(1);

    await t.db.person.create({ data: { id: "p1", displayName: "Anna", aadObjectId: "aad-1" } });
    expect(await direct.execute(sql`UPDATE "Person" SET "active" = ${false} WHERE "id" = ${"p1"}`)).toBe(1);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: "p1" } })).active).toBe(false);
    expect(await direct.query(sql`SELECT "id" FROM "Person" WHERE "active" = TRUE`)).toEqual([]);
  });

  it("a transaction is all or nothing: a failing statement undoes the ones before it, and the door still works", async () => {
    const direct = await directSql(t.db);
    await expect(
      direct.transaction([
        sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"first"}, ${new Date()})`,
        // The same id again: a unique violation.
        sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"first"}, ${new Date()})`,
      ]),
    ).rejects.toThrow();
    expect(await t.db.processedActivity.count()).toBe(0);

    const results = await direct.transaction([
      sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"second"}, ${new Date()})`,
      sql`SELECT "id" FROM "ProcessedActivity"`,
    ]);
    expect(results).toEqual([
      { rows: [], changes: 1 },
      { rows: [{ id: "second" }], changes: 0 },
    ]);
  });

  it("a write that need not wait for a disk flush is seen by the next read, from either door", async () => {
    const direct = await directSql(t.db);
    const at = new Date("2026-11-23T08:00:00.000Z");
    expect(await direct.execute(sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"light"}, ${at})`, { durable: false })).toBe(1);
    expect(await direct.execute(sql`UPDATE "ProcessedActivity" SET "completedAt" = ${at} WHERE "id" = ${"light"}`, { durable: false })).toBe(1);
    expect(await t.db.processedActivity.findUnique({ where: { id: "light" } })).toEqual({ id: "light", receivedAt: at, completedAt: at });
    expect(await direct.query(sql`SELECT "id" FROM "ProcessedActivity" WHERE "completedAt" = ${at}`)).toEqual([{ id: "light" }]);
  });

  it("gathers bookkeeping writes into one transaction, written within GATHER_MS and before the door closes", async () => {
    const db = createDb(t.target);
    const direct = await directSql(db);
    const at = new Date("2026-11-23T08:00:00.000Z");
    await Promise.all(["a", "b", "c"].map((id) => direct.execute(sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${id}, ${at})`)));
    const complete = (id: string) => direct.executeGathered(sql`UPDATE "ProcessedActivity" SET "completedAt" = ${at} WHERE "id" = ${id}`);
    const started = Date.now();
    const [a, b] = [complete("a"), complete("b")];
    // Not written at once: they wait for each other (and for more).
    expect(await t.db.processedActivity.count({ where: { completedAt: at } })).toBe(0);
    await Promise.all([a, b]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(GATHER_MS - 5);
    expect(await t.db.processedActivity.count({ where: { completedAt: at } })).toBe(2);
    // One that fails takes only its own batch with it; the next batch is written.
    await expect(direct.executeGathered(sql`UPDATE "NoSuchTable" SET "x" = ${1}`)).rejects.toThrow();
    // Still waiting when the door closes: written before it closes.
    const last = complete("c");
    await db.$disconnect();
    await last;
    expect(await t.db.processedActivity.count({ where: { completedAt: at } })).toBe(3);
  });

  it("statements issued side by side run independently: one refused, the others answered", async () => {
    const direct = await directSql(t.db);
    const at = new Date("2026-11-23T08:00:00.000Z");
    await direct.execute(sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"taken"}, ${at})`);
    const [first, refused, last] = await Promise.allSettled([
      direct.query<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM "ProcessedActivity"`),
      direct.execute(sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"taken"}, ${at})`, { durable: false }),
      direct.execute(sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"free"}, ${at})`, { durable: false }),
    ]);
    expect(first.status === "fulfilled" && Number(first.value[0]!.n)).toBe(1);
    expect(refused.status).toBe("rejected");
    expect(last).toEqual({ status: "fulfilled", value: 1 });
    // The connection they shared is still good.
    expect(await direct.query(sql`SELECT "id" FROM "ProcessedActivity" ORDER BY "id"`)).toEqual([{ id: "free" }, { id: "taken" }]);
  });

  it("$disconnect closes it, and a client not made by createDb has none", async () => {
    const db = createDb(t.target);
    await (await directSql(db)).query(sql`SELECT 1 AS "one"`);
    await db.$disconnect();
    // On PostgreSQL a connection left open would keep the database from being dropped in cleanup.
    expect(() => directSql({} as never)).toThrow(/not made by createDb/);
  });
});

describe("direct SQL on PostgreSQL: statements issued in one turn of the event loop", () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createPostgresTestDb();
  });
  afterEach(async () => t.cleanup());

  it("leave together on one connection (one round trip)", async () => {
    const direct = await directSql(t.db);
    const backend = () => direct.query<{ pid: number }>(sql`SELECT pg_backend_pid() AS "pid"`).then(([row]) => row!.pid);
    const together = await Promise.all([backend(), backend(), backend(), backend()]);
    expect(new Set(together).size).toBe(1);
  });

  it("a connection the server ended is not handed out again: the next statements get a fresh one", async () => {
    const direct = await directSql(t.db);
    const backend = () => direct.query<{ pid: number }>(sql`SELECT pg_backend_pid() AS "pid"`).then(([row]) => row!.pid);
    const pids = new Set(await Promise.all([backend(), backend()]));
    // Every connection of this door to the test database ends (as in a failover).
    await t.db.$executeRawUnsafe(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid IN (${[...pids].join(",")})`,
    );
    await sleep(100);
    const after = await backend();
    expect(pids.has(after)).toBe(false);
  });
});

describe("direct SQL on SQLite next to a Prisma transaction in the same process", () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createSqliteTestDb();
  });
  afterEach(async () => t.cleanup());

  it("waits for Prisma's write lock without blocking the event loop, then writes", async () => {
    const direct = await directSql(t.db);
    await t.db.person.create({ data: { id: "p1", displayName: "Anna" } });
    const order: string[] = [];
    let written: Promise<unknown> | undefined;
    const started = Date.now();
    await t.db.$transaction(async (tx) => {
      await tx.person.update({ where: { id: "p1" }, data: { displayName: "Anna A" } }); // holds the write lock
      written = direct.execute(sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"k"}, ${new Date()})`).then(() => order.push("direct write"));
      // A synchronous busy wait would freeze this timer (and the transaction) for the whole busy timeout.
      await sleep(100);
      order.push("transaction commits");
    });
    // A synchronous wait would hold the transaction for the whole busy timeout (seconds) before
    // the timer above could even fire; here it commits right after its 100 ms.
    expect(Date.now() - started).toBeLessThan(2_000);
    await written;
    expect(order).toEqual(["transaction commits", "direct write"]);
    expect(await t.db.processedActivity.count()).toBe(1);
  });
});
