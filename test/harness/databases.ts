// Fresh, migrated databases for tests: a SQLite file (copied from a template migrated once in
// global-setup) or a throwaway PostgreSQL database on the local server.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "../../src/db/client.js";
import { resolveDatabaseTarget, type DatabaseTarget } from "../../src/db/database-target.js";
import { migrateDatabase } from "../../src/db/migrate.js";

export interface TestDatabase {
  db: Db;
  target: DatabaseTarget;
  url: string;
  cleanup(): Promise<void>;
}

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type TestProvider = "sqlite" | "postgres";

/**
 * The databases this run covers: both unless FRISKPULS_TEST_DATABASES narrows it (`npm run
 * test:fast` sets `sqlite`). Tests on both iterate over it; PostgreSQL-only cases skip with
 * `describe.skipIf(!POSTGRES_IN_RUN)`, so the fast loop needs no PostgreSQL server.
 */
export const TEST_DATABASES: readonly TestProvider[] = readTestDatabases(process.env.FRISKPULS_TEST_DATABASES);
export const POSTGRES_IN_RUN = TEST_DATABASES.includes("postgres");

export function readTestDatabases(value: string | undefined): TestProvider[] {
  if (!value?.trim()) return ["sqlite", "postgres"];
  const names = value
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => n !== "sqlite" && n !== "postgres");
  if (unknown.length > 0) throw new Error(`FRISKPULS_TEST_DATABASES: unknown ${unknown.join(", ")} (sqlite, postgres)`);
  return [...new Set(names)] as TestProvider[];
}

/** [label, create] per database in this run, for `describe.each`. */
export function testDatabaseFactories(): [label: string, create: () => Promise<TestDatabase>][] {
  return TEST_DATABASES.map((p) => (p === "sqlite" ? ["SQLite", createSqliteTestDb] : ["PostgreSQL", createPostgresTestDb]));
}

export function sqliteTemplatePath(): string {
  const path = process.env.FRISKPULS_SQLITE_TEMPLATE;
  if (!path) throw new Error("FRISKPULS_SQLITE_TEMPLATE unset: is test/harness/global-setup.ts configured?");
  return path;
}

/** A fresh file path for a migrated SQLite database (copied from the template). */
export function createSqliteFile(): { url: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "friskpuls-test-"));
  const file = join(dir, "test.db");
  copyFileSync(sqliteTemplatePath(), file);
  return { url: `file:${file}`, dir };
}

export async function createSqliteTestDb(): Promise<TestDatabase> {
  const { url, dir } = createSqliteFile();
  const target = resolveDatabaseTarget(url);
  const db = createDb(target);
  return {
    db,
    target,
    url,
    async cleanup() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `friskpuls_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createPostgresTestDb(): Promise<TestDatabase> {
  const created = await createPostgresDatabase();
  const target = resolveDatabaseTarget(created.url);
  await migrateDatabase(target);
  const db = createDb(target);
  return {
    db,
    target,
    url: created.url,
    async cleanup() {
      await db.$disconnect();
      await created.drop();
    },
  };
}
