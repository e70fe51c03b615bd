// Runs once per `vitest run`: migrates one SQLite template that every test copies.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase } from "../../src/db/migrate.js";
import { resolveDatabaseTarget } from "../../src/db/database-target.js";

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "friskpuls-template-"));
  const file = join(dir, "template.db");
  await migrateDatabase(resolveDatabaseTarget(`file:${file}`));
  process.env.FRISKPULS_SQLITE_TEMPLATE = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
