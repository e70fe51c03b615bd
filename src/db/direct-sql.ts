// Plain SQL on the same database without Prisma, for the few statements that run on every inbound
// activity (ADR 0013). Prisma 6's client engine compiles every query, raw ones included, on the
// event loop, and its SQLite adapter prepares every statement anew: together about 1.5 ms of CPU
// per pulse answer, a third of what one answer cost. Here statements are prepared once per call
// site and run straight on better-sqlite3 or pg.
//
// Statements are written once for both databases: `sql` template literals whose values become
// parameters, in SQL that SQLite and PostgreSQL both accept (ON CONFLICT, TRUE, double-quoted
// names). Values are stored exactly as Prisma stores them, so the two doors read each other's rows.
import type { Db } from "./client.js";
import type { DatabaseTarget } from "./database-target.js";
import { withGatheredWrites } from "./gathered-writes.js";

export type SqlValue = string | number | boolean | Date | null;

export interface SqlStatement {
  /** The literal's strings: the same object on every call from one call site, so a cache key. */
  strings: TemplateStringsArray;
  values: SqlValue[];
}

export interface SqlResult {
  /** Rows of a statement that returns rows (timestamps as Date; booleans as SQLite gives them: 0/1). */
  rows: Record<string, unknown>[];
  /** Rows changed by a statement that writes. */
  changes: number;
}

export interface DirectSql {
  query<Row>(statement: SqlStatement): Promise<Row[]>;
  /**
   * `durable: false` lets PostgreSQL acknowledge the commit before its WAL is on disk (a server
   * crash may lose the last fraction of a second of such writes, never a later durable one).
   * For bookkeeping whose loss is harmless, so an answer does not wait for three disk flushes.
   */
  execute(statement: SqlStatement, options?: { durable?: boolean }): Promise<number>;
  /** The statements in one transaction, all or nothing, their results in order. */
  transaction(statements: SqlStatement[]): Promise<SqlResult[]>;
  /**
   * Written within GATHER_MS together with other such writes, in one transaction
   * (gathered-writes.ts); resolves once written. For bookkeeping that may lag a moment.
   */
  executeGathered(statement: SqlStatement): Promise<void>;
  close(): Promise<void>;
}

/** What a database's own door implements (direct-sqlite.ts, direct-postgres.ts); gathering is added on top. */
export type DirectDoor = Omit<DirectSql, "executeGathered">;

/** A statement: sql`SELECT "id" FROM "Person" WHERE "aadObjectId" = ${id}`. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlStatement {
  return { strings, values };
}

/**
 * A direct statement as its call site runs it, with example arguments of the right types. Each is
 * an export of a `*.statements.ts` file (lint keeps `sql` there), so test/db/sql-statements.test.ts
 * finds every one and runs it against the migrated schema on both databases: a renamed column
 * fails a test instead of the first request after a deploy.
 */
export interface DirectStatement<A extends unknown[]> {
  (...args: A): SqlStatement;
  readonly door: "direct";
  readonly example: A;
}

export function directStatement<A extends unknown[]>(build: (...args: A) => SqlStatement, example: A): DirectStatement<A> {
  return Object.assign((...args: A) => build(...args), { door: "direct" as const, example });
}

type Opener = () => Promise<DirectSql>;
const openers = new WeakMap<object, Opener>();
const opened = new WeakMap<object, Promise<DirectSql>>();

/**
 * Gives a Prisma client its direct door to the same database, opened on first use and closed by
 * the client's $disconnect. Called by createDb, so every Db has one.
 */
export function attachDirectSql(db: Db, target: DatabaseTarget, open: (target: DatabaseTarget) => Promise<DirectDoor>): void {
  openers.set(db, async () => withGatheredWrites(await open(target)));
  const disconnect = db.$disconnect.bind(db);
  Object.defineProperty(db, "$disconnect", {
    configurable: true,
    value: async () => {
      const direct = opened.get(db);
      opened.delete(db);
      if (direct) await (await direct).close();
      await disconnect();
    },
  });
}

/** The direct door of a Db (see attachDirectSql). */
export function directSql(db: Db): Promise<DirectSql> {
  let direct = opened.get(db);
  if (!direct) {
    const open = openers.get(db);
    if (!open) throw new Error("this Prisma client was not made by createDb: it has no direct SQL connection");
    direct = open();
    // A failed open is not remembered: the next statement tries again (the database may be back).
    direct.catch(() => opened.delete(db));
    opened.set(db, direct);
  }
  return direct;
}
