// `friskpuls db backup <file>`: an online copy of a SQLite database that another connection keeps
// writing to (WAL content included), opened afterwards as a database; refusals lose nothing; and
// PostgreSQL is pointed at pg_dump with a non-zero exit.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { createPostgresDatabase, createSqliteFile, POSTGRES_IN_RUN } from "../harness/databases.js";

const execFileAsync = promisify(execFile);

async function runBackup(databaseUrl: string, file: string, lang = "en-US"): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [join(PROJECT_ROOT, "bin/friskpuls.mjs"), "db", "backup", file, "--lang", lang], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("friskpuls db backup", () => {
  it("copies a SQLite database while another connection keeps writing, and the copy opens", async () => {
    const { url, dir } = createSqliteFile();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const live = new Database(url.slice("file:".length));
    cleanups.push(() => void live.close());
    live.pragma("journal_mode = WAL");
    live.pragma("wal_autocheckpoint = 0"); // what was written stays in the WAL: the backup must read it
    live.exec("CREATE TABLE backup_probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL)");
    const insert = live.prepare("INSERT INTO backup_probe (at) VALUES (?)");
    for (let i = 0; i < 500; i++) insert.run(new Date().toISOString());
    const writer = setInterval(() => insert.run(new Date().toISOString()), 5);
    cleanups.push(() => clearInterval(writer));

    const file = join(dir, "backup.db");
    const result = await runBackup(url, file);
    clearInterval(writer);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(file);
    const copy = new Database(file, { readonly: true, fileMustExist: true });
    cleanups.push(() => void copy.close());
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect((copy.prepare("SELECT count(*) AS n FROM backup_probe").get() as { n: number }).n).toBeGreaterThanOrEqual(500);
    const migrations = copy.prepare(`SELECT count(*) AS n FROM "_prisma_migrations"`).get() as { n: number };
    const liveMigrations = live.prepare(`SELECT count(*) AS n FROM "_prisma_migrations"`).get() as { n: number };
    expect(migrations.n).toBe(liveMigrations.n);
    expect(migrations.n).toBeGreaterThan(0);
  });

  it("never overwrites an existing file, and says so", async () => {
    const { url, dir } = createSqliteFile();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "earlier-backup.db");
    writeFileSync(file, "an earlier backup");

    const result = await runBackup(url, file, "sv-SE");

    expect(result.code).toBe(73);
    expect(result.stderr).toContain("skriver aldrig över");
    expect(readFileSync(file, "utf8")).toBe("an earlier backup");
  });

  it.skipIf(!POSTGRES_IN_RUN)("points PostgreSQL at pg_dump and exits non-zero without writing a file", async () => {
    const database = await createPostgresDatabase();
    cleanups.push(() => database.drop());
    const file = join(PROJECT_ROOT, "data", `never-written-${process.pid}.db`);

    const result = await runBackup(database.url, file);

    expect(result.code).toBe(69);
    expect(result.stderr).toContain("pg_dump");
    expect(existsSync(file)).toBe(false);
  });
});
