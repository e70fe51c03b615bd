// Bookkeeping writes that may lag a moment (a replay claim's completion, ADR 0012) are gathered
// and written together: one transaction every GATHER_MS for all of them instead of one commit
// each. On SQLite each commit is a disk flush; on PostgreSQL a round trip; at hundreds of answers
// a second either is a sizeable share of an answer's cost. Nothing waits for them on the answer
// path, and what is still gathered when the door closes is written before it closes.
import type { DirectDoor, DirectSql, SqlStatement } from "./direct-sql.js";

/** How long a gathered write may wait for others. Far below the claim lease (60 s), which is what a lost one costs. */
export const GATHER_MS = 50;
/** At most this many statements in one transaction; more leave in the next. */
const MAX_GATHERED = 200;

interface Gathered {
  statement: SqlStatement;
  resolve(): void;
  reject(error: unknown): void;
}

export function withGatheredWrites(door: DirectDoor): DirectSql {
  const waiting: Gathered[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing = Promise.resolve();

  const writeWaiting = (): Promise<void> => {
    timer = undefined;
    // One transaction at a time, in the order the writes were handed in.
    writing = writing.then(async () => {
      while (waiting.length > 0) {
        const batch = waiting.splice(0, MAX_GATHERED);
        try {
          await door.transaction(batch.map((g) => g.statement));
          for (const g of batch) g.resolve();
        } catch (error) {
          for (const g of batch) g.reject(error);
        }
      }
    });
    return writing;
  };

  return {
    query: (statement) => door.query(statement),
    execute: (statement, options) => door.execute(statement, options),
    transaction: (statements) => door.transaction(statements),
    executeGathered(statement) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ statement, resolve, reject });
        // unref: a CLI that forgets to disconnect still exits (close() writes what is waiting).
        timer ??= setTimeout(() => void writeWaiting(), GATHER_MS).unref();
      });
    },
    async close() {
      clearTimeout(timer);
      await writeWaiting();
      await door.close();
    },
  };
}
