// Prisma CLI config: the JS schema engine with a driver adapter, so migrate/diff work offline
// (Prisma 6.19 would otherwise download a native schema engine). See docs/adr/0001.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { resolveDatabaseTarget } from "./src/db/database-target.js";

const target = resolveDatabaseTarget(process.env.DATABASE_URL);
const provider = process.env.PRISMA_PROVIDER === "postgres" || target.provider === "postgres" ? "postgres" : "sqlite";

// The schema's datasource url is never used for connections (the adapter is), but the parser
// wants one of the right shape.
process.env.PRISMA_SCHEMA_URL = target.provider === provider ? target.url : "postgresql://localhost/unused";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/migrations/${provider}` },
  async adapter() {
    if (target.provider === "postgres") return new PrismaPg({ connectionString: target.url });
    mkdirSync(dirname(target.file), { recursive: true });
    return new PrismaBetterSQLite3({ url: target.file });
  },
});
