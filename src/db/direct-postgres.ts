// The direct SQL door on PostgreSQL (ADR 0013): a small pg pool of its own beside Prisma's, with
// named prepared statements (parsed and planned once per connection and call site) and pipelined
// transactions (node-postgres pipeline mode): on a busy server every round trip is socket writes
// and reads on the event loop, about 60 µs each on the machines measured.
//
// Needs pg ≥ 8.23.0 for the `pipeline` client option; package.json asks for 8.23.1, the version
// tested, whose fixes touch pipeline mode: a Sync (sent after every statement) no longer marks the
// connection as ending, so a reset on a dropped connection is no longer ignored as if we were
// disconnecting, and queries that keep a portal open are refused on a pipelined connection.
import pg from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import { createPostgresPool } from "./postgres-adapter.js";
import type { DirectDoor, SqlResult, SqlStatement, SqlValue } from "./direct-sql.js";

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

// Prisma's columns are `timestamp(3)` without time zone, holding UTC; pg would read them as local time.
const parseUtcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === TIMESTAMP_OID) return parseUtcTimestamp;
    if (oid === INT8_OID) return Number;
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

export function openDirectPostgres(url: string, max = 4): DirectDoor {
  const pool = createPostgresPool(url, max, { pipeline: true });
  const lightPool = createPostgresPool(url, max, { pipeline: true, options: "-c synchronous_commit=off" });
  const prepared = new Map<TemplateStringsArray, { name: string; text: string }>();
  const together = sendsTogether(lightPool);

  const config = (statement: SqlStatement): pg.QueryConfig => {
    let named = prepared.get(statement.strings);
    if (!named) {
      named = { name: `friskpuls_${prepared.size + 1}`, text: postgresTextOf(statement) };
      prepared.set(statement.strings, named);
    }
    return { ...named, values: statement.values.map(toParameter), types };
  };
  const toResult = (result: pg.QueryResult): SqlResult =>
    result.command === "SELECT" ? { rows: result.rows, changes: 0 } : { rows: [], changes: result.rowCount ?? 0 };

  return {
    async query<Row>(statement: SqlStatement) {
      // A read waits for no flush, so it rides with the bookkeeping writes (one write for all).
      return whenConnected(async () => (await together(config(statement))).rows as Row[]);
    },
    async execute(statement, options) {
      if (options?.durable === false) return whenConnected(async () => (await together(config(statement))).rowCount ?? 0);
      return whenConnected(async () => (await pool.query(config(statement))).rowCount ?? 0);
    },
    async transaction(list) {
      return whenConnected(async () => {
        const client = await pool.connect();
        // Pipelined: BEGIN, the statements and COMMIT leave together, one round trip. If one fails,
        // PostgreSQL refuses the rest and turns the COMMIT into a ROLLBACK.
        const settled = await Promise.allSettled(
          sentTogether(client, () => [client.query("BEGIN"), ...list.map((statement) => client.query(config(statement))), client.query("COMMIT")]),
        );
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
        const ended = settled.at(-1)!;
        if (!failed && ended.status === "fulfilled" && ended.value.command === "COMMIT") {
          client.release();
          return settled.slice(1, -1).map((s) => toResult((s as PromiseFulfilledResult<pg.QueryResult>).value));
        }
        // Still usable only if the transaction was ended; a broken connection is dropped.
        client.release(ended.status === "fulfilled" ? undefined : (failed?.reason as Error));
        throw failed?.reason ?? new Error(`transaction not committed (${ended.status === "fulfilled" ? ended.value.command : "no reply"})`);
      });
    },
    async close() {
      await Promise.all([pool.end(), lightPool.end()]);
    },
  };
}

/**
 * The statements' messages in one socket write rather than one write each: the socket is corked
 * while they are queued (pg corks around each statement; corks nest). Reaches into the client's
 * connection, which pg does not document; without it this is one write per statement, no worse.
 */
function sentTogether<T>(client: pg.PoolClient, queue: () => T): T {
  const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
  stream?.cork?.();
  try {
    return queue();
  } finally {
    stream?.uncork?.();
  }
}

/**
 * Statements issued within one turn of the event loop leave together: one connection, one socket
 * write, their answers in one read. An answer's replay claim and sender lookup (replay-guard.ts),
 * its pulse context and the card lookup (pulse-answer.ts) are issued side by side for this: on a
 * busy server each round trip's socket write and read cost more CPU than the statement itself.
 * The statements stay independent (pipeline mode ends each with its own Sync: one failing does not
 * abort the others).
 */
function sendsTogether(pool: pg.Pool): (query: pg.QueryConfig) => Promise<pg.QueryResult> {
  let waiting: { query: pg.QueryConfig; resolve(result: pg.QueryResult): void; reject(error: unknown): void }[] = [];
  const send = async () => {
    const batch = waiting;
    waiting = [];
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    let broken: Error | undefined;
    await Promise.all(
      sentTogether(client, () =>
        batch.map((item) =>
          client.query(item.query).then(item.resolve, (error: Error) => {
            // A refusal by the server leaves the connection usable; anything else (a dropped
            // socket, the server ending the session) and the pool must not hand it out again.
            if (!isStatementRefusal(error)) broken = error;
            item.reject(error);
          }),
        ),
      ),
    );
    client.release(broken);
  };
  return (query) =>
    new Promise((resolve, reject) => {
      // setImmediate: after every promise continuation of this turn, so all of them can join.
      if (waiting.length === 0) setImmediate(() => void send());
      waiting.push({ query, resolve, reject });
    });
}

/** The server refused the statement and the session goes on (not one of the NOT_RUN codes). */
function isStatementRefusal(error: unknown): boolean {
  return error instanceof pg.DatabaseError && !NOT_RUN.has(error.code ?? "");
}

/**
 * The server ended the session before the statement ran (a restart, a failover,
 * pg_terminate_backend) on a connection dropped a moment before. Nothing ran, so it is sent
 * again on a fresh connection. Any other error, including a connection lost while a statement
 * may have run, is the caller's.
 */
const NOT_RUN = new Set(["57P01", "57P02", "57P03"]);

async function whenConnected<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 3 || !NOT_RUN.has((error as { code?: string }).code ?? "")) throw error;
    }
    await sleep(50 * attempt);
  }
}

/** The statement's text with PostgreSQL's numbered placeholders ($1, $2, ...). */
export function postgresTextOf(statement: SqlStatement): string {
  return statement.strings.reduce((text, part, i) => `${text}$${i}${part}`);
}

export function toParameter(value: SqlValue): string | number | boolean | null {
  // As text: PostgreSQL reads it into the column's timestamp without a time zone, in UTC.
  if (value instanceof Date) return value.toISOString();
  return value;
}
