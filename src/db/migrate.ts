// Applies prisma/migrations/<provider>/*/migration.sql in order, offline, on SQLite and
// PostgreSQL alike. Prisma's own `migrate deploy` cannot run on PostgreSQL with the JS schema
// engine (see docs/adr/0001-offline-migrations.md), so we apply the SQL that `prisma migrate diff`
// wrote ourselves, bookkept in Prisma's `_prisma_migrations` table so Prisma tooling still
// recognises the history.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseTarget } from "./database-target.js";
import { PROJECT_ROOT } from "../project-root.js";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export function listMigrations(provider: DatabaseTarget["provider"]): Migration[] {
  const dir = join(PROJECT_ROOT, "prisma", "migrations", provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Fails when a recorded migration is missing or was edited after it was applied. */
function selectPending(all: Migration[], applied: Map<string, string>): Migration[] {
  const known = new Map(all.map((m) => [m.name, m]));
  for (const [name, checksum] of applied) {
    const migration = known.get(name);
    if (!migration) throw new Error(`database has migration ${name}, which this version does not know (newer code ran against it?)`);
    if (migration.checksum !== checksum) throw new Error(`migration ${name} was edited after it was applied (checksum differs)`);
  }
  return all.filter((m) => !applied.has(m.name));
}

export async function migrateDatabase(target: DatabaseTarget): Promise<MigrationResult> {
  return target.provider === "sqlite" ? migrateSqlite(target.file) : migratePostgres(target.url);
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

function migrateSqlite(file: string): MigrationResult {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 15_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(SQLITE_TABLE);
    const all = listMigrations("sqlite");
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting together serialise.
    const run = db.transaction(() => {
      const rows = db.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as {
        migration_name: string;
        checksum: string;
      }[];
      const pending = selectPending(all, new Map(rows.map((r) => [r.migration_name, r.checksum])));
      for (const m of pending) {
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), m.checksum, m.name, new Date().toISOString(), new Date().toISOString());
      }
      return { applied: pending.map((m) => m.name), alreadyApplied: rows.length };
    });
    return run.immediate();
  } finally {
    db.close();
  }
}

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

// Arbitrary constant: every Friskpuls instance takes the same advisory lock while migrating.
const PG_MIGRATION_LOCK = 7_351_202_611;

async function migratePostgres(url: string): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_MIGRATION_LOCK]);
    await client.query(PG_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const pending = selectPending(listMigrations("postgres"), new Map(rows.map((r) => [r.migration_name, r.checksum])));
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: rows.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
