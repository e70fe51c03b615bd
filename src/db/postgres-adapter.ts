// The PostgreSQL driver adapter, made to survive connections the server drops (a restart, a
// failover, pg_terminate_backend, a proxy's idle cut). Two faults of @prisma/adapter-pg 6.19 with
// pg-pool, both found by test/reliability/database-restart.test.ts, each of which took the whole
// server down:
//
// 1. A dropped connection emits "error" on its pg client. pg-pool listens only while a client is
//    idle and the adapter only once its transaction has begun; when the pool handed a released
//    client to a waiting transaction within the same read from the socket that also carried the
//    termination, the error had no listener and the process exited. Every client now keeps a
//    listener of its own; the query or transaction on it still fails, and the pool drops it.
// 2. Prisma ends a transaction by running COMMIT (or ROLLBACK) and only then releasing the
//    connection; when that statement fails on a dead connection the release never happens. Ten
//    such transactions and the pool (max 10) was empty for good: every later query waited forever.
//    Here a failed COMMIT/ROLLBACK releases the connection (the pool discards a broken one; after a
//    failed COMMIT PostgreSQL has ended the transaction, so a live one is clean).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// The adapter's own types (the utils package that defines them is not a dependency of ours).
type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type IsolationLevel = Parameters<Adapter["startTransaction"]>[0];
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type SqlQuery = Parameters<Transaction["executeRaw"]>[0];

export function createPostgresAdapter(url: string, max = 10): PrismaPg {
  return new ReleasingPrismaPg(createPostgresPool(url, max), { disposeExternalPool: true });
}

/** A pg pool whose clients outlive a dropped connection (fault 1 above); also src/db/direct-postgres.ts's. */
export function createPostgresPool(url: string, max: number, options: Pick<pg.PoolConfig, "pipeline" | "options"> = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, ...options });
  pool.on("connect", (client) => client.on("error", () => undefined));
  // pg-pool re-emits an idle client's error on the pool (and drops the client); unheard, it would end the process.
  pool.on("error", () => undefined);
  return pool;
}

class ReleasingPrismaPg extends PrismaPg {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel: IsolationLevel) => releaseOnFailedEnd(await startTransaction(isolationLevel));
    return adapter;
  }
}

const ENDS = new Set(["COMMIT", "ROLLBACK"]);

function releaseOnFailedEnd(tx: Transaction): Transaction {
  let released = false;
  const release = (end: () => Promise<void>) => async () => {
    if (released) return;
    released = true;
    await end();
  };
  const commit = release(tx.commit.bind(tx));
  const rollback = release(tx.rollback.bind(tx));
  const executeRaw = tx.executeRaw.bind(tx);
  return Object.assign(tx, {
    commit,
    rollback,
    async executeRaw(query: SqlQuery): Promise<number> {
      try {
        return await executeRaw(query);
      } catch (error) {
        if (ENDS.has(query.sql.trim().toUpperCase())) await rollback().catch(() => undefined);
        throw error;
      }
    },
  });
}
