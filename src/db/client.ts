// Opens Prisma on the configured database through a driver adapter (no native engines).
// Both providers share one datamodel; the SQLite client's type is the app's `Db` type and the
// PostgreSQL client is structurally the same (docs/adr/0002-one-model-two-providers.md).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient as SqliteClient, Prisma as SqlitePrisma } from "./generated/sqlite/index.js";
import { PrismaClient as PostgresClient, Prisma as PostgresPrisma } from "./generated/postgres/index.js";
import type { DatabaseTarget } from "./database-target.js";
import { createPostgresAdapter } from "./postgres-adapter.js";
import { attachDirectSql, type DirectDoor } from "./direct-sql.js";
import { openDirectSqlite, SQLITE_DURABLE_COMMITS } from "./direct-sqlite.js";
import { openDirectPostgres } from "./direct-postgres.js";

export type Db = SqliteClient;
export type { Prisma } from "./generated/sqlite/index.js";

/** A Db or the client handed to an interactive transaction. */
export type DbTx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(target: DatabaseTarget): Db {
  const db = createPrismaClient(target);
  // The same database without Prisma, for the statements of every inbound activity (ADR 0013).
  attachDirectSql(db, target, openDirectConnection);
  return db;
}

function createPrismaClient(target: DatabaseTarget): Db {
  if (target.provider === "postgres") {
    // Survives dropped connections (src/db/postgres-adapter.ts).
    return new PostgresClient({ adapter: createPostgresAdapter(target.url) }) as unknown as Db;
  }
  // timeout = SQLite busy timeout: the CLI and the server may write the same file at once.
  return new SqliteClient({ adapter: withDurableCommits(new PrismaBetterSQLite3({ url: target.file, timeout: 15_000 })) });
}

/**
 * better-sqlite3 is compiled with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1: on a WAL database every
 * connection starts at synchronous = NORMAL, where a commit is not flushed to disk and an
 * acknowledged write can be lost in a power cut (ADR 0013 rejects that). FULL on every connection.
 */
function withDurableCommits(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeRaw({ sql: SQLITE_DURABLE_COMMITS, args: [], argTypes: [] });
    return adapter;
  };
  return factory;
}

async function openDirectConnection(target: DatabaseTarget): Promise<DirectDoor> {
  return target.provider === "postgres" ? openDirectPostgres(target.url) : openDirectSqlite(target.file);
}

export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/**
 * The Prisma namespace (sql, join, empty) of the client in use: raw-SQL fragments are only
 * recognised by the runtime that made them, so PostgreSQL queries must use its own.
 */
export function sqlHelpers(provider: DatabaseTarget["provider"]): typeof SqlitePrisma {
  return provider === "postgres" ? (PostgresPrisma as unknown as typeof SqlitePrisma) : SqlitePrisma;
}
