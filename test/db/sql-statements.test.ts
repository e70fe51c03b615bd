// Every hand-written statement runs against the migrated schema on SQLite and PostgreSQL: a renamed
// column or table passes tsc, so without this it would fail at run time, on the first request that
// needs it. Statements are found, not listed: every export of every src/**/*.statements.ts file is
// one (a direct statement, ADR 0013, or a raw one for Prisma's $queryRaw/$executeRaw), and lint keeps
// `sql` and `sqlHelpers` in those files, so a new statement is checked without touching this test.
//
// Each runs with its example arguments inside a transaction that is rolled back, with foreign keys
// off (the tables are empty). A statement that no longer matches the schema fails here with the
// database's own words. Shown by breaking two on purpose (and reverting): "lastGrant" misspelt
// "lastGrants" in tenant-budget.statements.ts › takeTokens, "completedAt" misspelt "completedAtt"
// in processed-activities.statements.ts › completeActivityRow:
//   sqlite   › …takeTokens           Raw query failed. Code: `SQLITE_ERROR`. Message: `no such column: "lastGrants" - should this be a string literal in single-quotes?`
//   postgres › …takeTokens           Raw query failed. Code: `42703`. Message: `column "lastGrants" does not exist`
//   sqlite   › …completeActivityRow  SqliteError: no such column: completedAtt
//   postgres › …completeActivityRow  error: column "completedAtt" of relation "ProcessedActivity" does not exist
// (better-sqlite3 builds SQLite without double-quoted string literals, so a misspelt "column" is an
// error there too, never silently a string.)
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DirectStatement, SqlStatement } from "../../src/db/direct-sql.js";
import { sqliteTextOf, toSqliteValue } from "../../src/db/direct-sqlite.js";
import { postgresTextOf, toParameter } from "../../src/db/direct-postgres.js";
import type { RawSql, RawStatement } from "../../src/db/raw-sql.js";
import { createPostgresTestDb, createSqliteTestDb, TEST_DATABASES, type TestDatabase } from "../harness/databases.js";

const root = join(import.meta.dirname, "../..");

interface Found {
  /** file › export, as the test names it. */
  where: string;
  statement: DirectStatement<unknown[]> | RawStatement<unknown[]>;
}

async function findStatements(): Promise<Found[]> {
  const files = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".statements.ts"))
    .map((f) => join(root, "src", f))
    .sort();
  const found: Found[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      const where = `${relative(root, file)} › ${name}`;
      const door = (value as { door?: unknown } | null)?.door;
      // Anything else exported from a statements file would escape the check.
      if (door !== "direct" && door !== "raw") throw new Error(`${where}: a *.statements.ts file exports only directStatement/rawStatement`);
      found.push({ where, statement: value as Found["statement"] });
    }
  }
  return found;
}

const statements = await findStatements();

/** Returns rows (SELECT, or a write with RETURNING): run with $queryRaw, else $executeRaw. */
const returnsRows = (text: string) => /^\s*SELECT\b|\bRETURNING\b/i.test(text);

class RolledBack extends Error {}

describe("the hand-written statements", () => {
  it("are found: the direct door's and the outbox's and the send budget's", () => {
    const wheres = statements.map((s) => s.where);
    expect(wheres).toEqual(
      expect.arrayContaining([
        "src/teams/processed-activities.statements.ts › claimActivityRow",
        "src/domain/org/find-person.statements.ts › activePersonByAadObjectId",
        "src/domain/pulse/record-answer.statements.ts › upsertAnswer",
        "src/delivery/outbox.statements.ts › claimDue",
        "src/delivery/tenant-budget.statements.ts › takeTokens",
      ]),
    );
  });
});

describe.each(TEST_DATABASES)("every hand-written statement matches the migrated schema on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = provider === "sqlite" ? await createSqliteTestDb() : await createPostgresTestDb();
  });
  afterAll(async () => t?.cleanup());

  for (const { where, statement } of statements) {
    it(where, async () => {
      if (statement.door === "raw") {
        await runRawRolledBack(t, statement(provider, ...statement.example));
      } else if (t.target.provider === "sqlite") {
        runDirectOnSqliteRolledBack(t.target.file, statement(...statement.example));
      } else {
        await runDirectOnPostgresRolledBack(t.url, statement(...statement.example));
      }
    });
  }
});

/** Through Prisma, as the call sites run it, in an interactive transaction ended by a throw. */
async function runRawRolledBack(t: TestDatabase, query: RawSql): Promise<void> {
  try {
    await t.db.$transaction(async (tx) => {
      // The tables are empty: an insert must not fail on a missing parent row.
      if (t.target.provider === "postgres") await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      else await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
      if (returnsRows(query.sql)) await tx.$queryRaw(query);
      else await tx.$executeRaw(query);
      throw new RolledBack();
    });
  } catch (error) {
    // The database's own complaint, as the call site would have met it (rethrown so that the
    // report shows it rather than the minified Prisma runtime around the throw).
    if (error instanceof RolledBack) return;
    const failed = error as { message: string; meta?: { message?: string } };
    throw new Error(failed.meta?.message ?? failed.message.trim().split("\n").at(-1));
  }
}

/** As direct-sqlite.ts runs it (same text, same values), on a connection of the test's own. */
function runDirectOnSqliteRolledBack(file: string, statement: SqlStatement): void {
  const db = new Database(file);
  try {
    db.pragma("foreign_keys = OFF");
    db.exec("BEGIN");
    const stmt = db.prepare(sqliteTextOf(statement));
    const values = statement.values.map(toSqliteValue);
    if (stmt.reader) stmt.all(...values);
    else stmt.run(...values);
  } finally {
    if (db.inTransaction) db.exec("ROLLBACK");
    db.close();
  }
}

/** As direct-postgres.ts runs it (same text, same parameters), on a connection of the test's own. */
async function runDirectOnPostgresRolledBack(url: string, statement: SqlStatement): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query({ text: postgresTextOf(statement), values: statement.values.map(toParameter) });
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end();
  }
}
