#!/usr/bin/env node
// Usage: npm run db:new-migration -- <name>
// Writes prisma/migrations/{sqlite,postgres}/<timestamp>_<name>/migration.sql with the SQL that
// turns the schema as of the last migration (schema.snapshot.prisma) into prisma/models.prisma.
// Diffing two datamodels needs no database and no shadow database, so it works offline on both
// providers (docs/adr/0001-offline-migrations.md).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <name in snake_case>");
  process.exit(2);
}
execFileSync("node", [join(root, "scripts/generate-prisma.mjs")], { stdio: "inherit" });
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
let wrote = 0;
for (const provider of ["sqlite", "postgres"]) {
  const dir = join(root, "prisma/migrations", provider);
  const schema = join(root, "prisma", provider, "schema.prisma");
  const snapshot = join(dir, "schema.snapshot.prisma");
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(join(root, "node_modules/.bin/prisma"), ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], {
    cwd: root,
    env: { ...process.env, PRISMA_PROVIDER: provider },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (/^-- This is an empty migration\.?\s*$/m.test(sql) || sql.trim() === "") {
    console.log(`${provider}: schema unchanged, no migration written`);
    continue;
  }
  const target = join(dir, `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "migration.sql"), sql);
  copyFileSync(schema, snapshot);
  console.log(`${provider}: wrote ${target}/migration.sql`);
  wrote++;
}
process.exit(wrote === 0 ? 1 : 0);
