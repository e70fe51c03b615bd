// The direct SQL door on SQLite (ADR 0013): a second better-sqlite3 connection to the same file,
// statements prepared once per call site.
//
// It never waits for a lock synchronously. better-sqlite3 is synchronous, so its busy timeout
// would block the event loop; if Prisma's connection in this same process holds the write lock
// across an await (an interactive transaction), it could never commit while we wait, and both
// would stall for the whole timeout. So the busy timeout is 0 and SQLITE_BUSY is retried after
// an asynchronous pause. Writes in a transaction take the lock up front (BEGIN IMMEDIATE).
import Database from "better-sqlite3";
import { setTimeout as sleep } from "node:timers/promises";
import type { DirectDoor, SqlResult, SqlStatement, SqlValue } from "./direct-sql.js";

/** How long a statement keeps trying for the write lock before it fails (as Prisma's busy timeout). */
const BUSY_GIVE_UP_MS = 15_000;

/** Every connection commits durably (see withDurableCommits in client.ts: better-sqlite3 defaults WAL to NORMAL). */
export const SQLITE_DURABLE_COMMITS = "PRAGMA synchronous = FULL";

export function openDirectSqlite(file: string): DirectDoor {
  const db = new Database(file, { timeout: 0 });
  db.pragma("synchronous = FULL");
  const statements = new Map<TemplateStringsArray, Prepared>();

  const prepare = (statement: SqlStatement): Prepared => {
    let prepared = statements.get(statement.strings);
    if (!prepared) {
      const stmt = db.prepare(sqliteTextOf(statement));
      // Columns declared DATETIME (as Prisma's migrations declare them) come back as Date.
      const dateColumns = stmt.reader
        ? stmt
            .columns()
            .filter((c) => c.type?.toUpperCase() === "DATETIME")
            .map((c) => c.name)
        : [];
      prepared = { stmt, dateColumns };
      statements.set(statement.strings, prepared);
    }
    return prepared;
  };
  const run = (statement: SqlStatement): SqlResult => {
    const { stmt, dateColumns } = prepare(statement);
    const values = statement.values.map(toSqliteValue);
    if (!stmt.reader) return { rows: [], changes: stmt.run(...values).changes };
    const rows = stmt.all(...values) as Record<string, unknown>[];
    for (const row of rows) for (const column of dateColumns) if (typeof row[column] === "string") row[column] = new Date(row[column]);
    return { rows, changes: 0 };
  };
  const runAll = db.transaction((list: SqlStatement[]) => list.map(run));

  return {
    async query<Row>(statement: SqlStatement) {
      return (await whenNotBusy(() => run(statement))).rows as Row[];
    },
    async execute(statement, options) {
      if (options?.durable !== false) return (await whenNotBusy(() => run(statement))).changes;
      // As PostgreSQL's synchronous_commit = off (direct-postgres.ts): committed to the WAL without
      // a flush of its own, made durable by the next durable commit's flush (the WAL is one file,
      // written in order). Per statement: this connection commits durably again right after.
      return (
        await whenNotBusy(() => {
          db.pragma("synchronous = NORMAL");
          try {
            return run(statement);
          } finally {
            db.pragma("synchronous = FULL");
          }
        })
      ).changes;
    },
    async transaction(list) {
      return whenNotBusy(() => runAll.immediate(list));
    },
    async close() {
      db.close();
    },
  };
}

interface Prepared {
  stmt: Database.Statement;
  dateColumns: string[];
}

async function whenNotBusy<T>(work: () => T): Promise<T> {
  const started = Date.now();
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      return work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code !== "SQLITE_BUSY" && code !== "SQLITE_LOCKED") || Date.now() - started > BUSY_GIVE_UP_MS) throw error;
    }
    await sleep(pause);
  }
}

/** The statement's text with SQLite's `?` placeholders. */
export function sqliteTextOf(statement: SqlStatement): string {
  return statement.strings.join("?");
}

export function toSqliteValue(value: SqlValue): string | number | null {
  // As Prisma's SQLite adapter stores a DateTime: ISO 8601 with an explicit UTC offset.
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}
