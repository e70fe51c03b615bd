// Hand-written SQL through Prisma ($queryRaw/$executeRaw), for the few writes Prisma's model API
// cannot make atomic (claims, fenced group commits, the shared send budget). Like the direct
// statements (direct-sql.ts) each is an export of a `*.statements.ts` file with example
// arguments, so test/db/sql-statements.test.ts runs every one against the migrated schema on both
// databases; lint keeps `sqlHelpers` (Prisma.sql) there.
import { sqlHelpers } from "./client.js";
import type { DatabaseTarget } from "./database-target.js";

export type Provider = DatabaseTarget["provider"];
/** Prisma.sql, Prisma.join, Prisma.raw, Prisma.empty of the provider's runtime. */
export type SqlHelpers = ReturnType<typeof sqlHelpers>;
export type RawSql = ReturnType<SqlHelpers["sql"]>;

export interface RawStatement<A extends unknown[]> {
  (provider: Provider, ...args: A): RawSql;
  readonly door: "raw";
  readonly example: A;
}

export function rawStatement<A extends unknown[]>(build: (sql: SqlHelpers, provider: Provider, ...args: A) => RawSql, example: A): RawStatement<A> {
  return Object.assign((provider: Provider, ...args: A) => build(sqlHelpers(provider), provider, ...args), { door: "raw" as const, example });
}
