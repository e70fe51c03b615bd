// An acknowledged write survives a power cut (ADR 0013): better-sqlite3 starts every connection to
// a WAL database at synchronous = NORMAL (its compile-time default), where a commit is not flushed.
// Both doors — Prisma's connection and the direct one — must commit with synchronous = FULL (2).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteTestDb, type TestDatabase } from "../harness/databases.js";
import { directSql, sql } from "../../src/db/direct-sql.js";

describe("SQLite commits durably", () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createSqliteTestDb();
  });
  afterEach(async () => t.cleanup());

  it("runs WAL with synchronous = FULL on Prisma's connection and on the direct one", async () => {
    const [mode] = await t.db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode!.journal_mode).toBe("wal");
    const [prisma] = await t.db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    expect(Number(prisma!.synchronous)).toBe(2);
    const [direct] = await (await directSql(t.db)).query<{ synchronous: number }>(sql`PRAGMA synchronous`);
    expect(Number(direct!.synchronous)).toBe(2);
  });

  it("commits bookkeeping without a flush of its own, then commits durably again", async () => {
    const direct = await directSql(t.db);
    await direct.execute(sql`INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${"light"}, ${new Date()})`, { durable: false });
    // A claim rides on the next durable commit's flush; the connection itself stays at FULL.
    const [after] = await direct.query<{ synchronous: number }>(sql`PRAGMA synchronous`);
    expect(Number(after!.synchronous)).toBe(2);
    expect(await t.db.processedActivity.count({ where: { id: "light" } })).toBe(1);
  });
});
