#!/usr/bin/env node
// Writes prisma/{sqlite,postgres}/schema.prisma from prisma/models.prisma and generates one
// Prisma client per provider (a client is bound to its provider). Runs on `npm install`.
// Why two schemas: see docs/adr/0002-one-model-two-providers.md.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const models = readFileSync(join(root, "prisma/models.prisma"), "utf8");
const check = process.argv.includes("--check");

export const providers = ["sqlite", "postgres"];

function header(provider) {
  return `// GENERATED from prisma/models.prisma by scripts/generate-prisma.mjs. Do not edit.

generator client {
  provider        = "prisma-client-js"
  output          = "../../src/db/generated/${provider}"
  engineType      = "client"
}

datasource db {
  provider = "${provider === "postgres" ? "postgresql" : "sqlite"}"
  // Only to satisfy the schema parser: connections go through the driver adapter that
  // prisma.config.ts (CLI) or src/db/client.ts (app) builds from DATABASE_URL.
  url      = env("PRISMA_SCHEMA_URL")
}

`;
}

let stale = false;
for (const provider of providers) {
  const file = join(root, "prisma", provider, "schema.prisma");
  const text = header(provider) + models;
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // first run
  }
  if (current !== text) {
    stale = true;
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  if (!check) {
    execFileSync(join(root, "node_modules/.bin/prisma"), ["generate", "--schema", file], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", PRISMA_PROVIDER: provider },
    });
  }
}
if (check && stale) {
  console.error("prisma/*/schema.prisma is out of date: run `node scripts/generate-prisma.mjs`");
  process.exit(1);
}
