// Claiming work with one atomic statement, so several workers (threads, processes, or the CLI
// next to the server) never take the same row. PostgreSQL adds SKIP LOCKED so concurrent
// claimers pass each other instead of queueing; SQLite serialises writers on its own.
import { sqlHelpers, type Db } from "../db/client.js";
import type { DatabaseTarget } from "../db/database-target.js";

export interface ClaimedRow {
  id: string;
  kind: string;
  personId: string | null;
  conversationRefId: string | null;
  payload: string;
  attempts: number;
}

export interface ClaimOptions {
  provider: DatabaseTarget["provider"];
  claimToken: string;
  now: Date;
  leaseUntil: Date;
  limit: number;
}

/**
 * Retries first, then by due time. Ordered by due time alone, a backlog's first-time rows all come
 * before any retry, so retries run in waves after the backlog and the last ones wait out their
 * backoff one after another while the rate budget idles (a 10-30 s tail per fan-out).
 */
export async function claimDueMessages(db: Db, o: ClaimOptions): Promise<ClaimedRow[]> {
  const Prisma = sqlHelpers(o.provider);
  const lock = o.provider === "postgres" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
  const rows = await db.$queryRaw<ClaimedRow[]>`
    UPDATE "OutboxMessage"
       SET "status" = 'claimed', "leaseOwner" = ${o.claimToken}, "leaseUntil" = ${o.leaseUntil}, "attempts" = "attempts" + 1
     WHERE "id" IN (
       SELECT "id" FROM "OutboxMessage"
        WHERE ("status" = 'pending' AND "notBefore" <= ${o.now})
           OR ("status" = 'claimed' AND "leaseUntil" < ${o.now})
        ORDER BY "attempts" DESC, "notBefore"
        LIMIT ${o.limit}
        ${lock})
    RETURNING "id", "kind", "personId", "conversationRefId", "payload", "attempts"`;
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

/**
 * claimed → sending, just before the HTTP call. Returns the ids this claim still holds.
 * A row already "sending" under this claim token is ours too: only this claim's own mark can have
 * put it there, and its worker sends only after this returns — so when the mark committed but the
 * answer was lost (a dropped database connection), the retried mark must not drop the row.
 */
export async function markInFlight(db: Db, o: { provider: DatabaseTarget["provider"]; claimToken: string; ids: string[]; until: Date }): Promise<Set<string>> {
  if (o.ids.length === 0) return new Set();
  const Prisma = sqlHelpers(o.provider);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "OutboxMessage" SET "status" = 'sending', "leaseUntil" = ${o.until}
     WHERE "leaseOwner" = ${o.claimToken} AND "status" IN ('claimed', 'sending') AND "id" IN (${Prisma.join(o.ids)})
    RETURNING "id"`;
  return new Set(rows.map((r) => r.id));
}

/**
 * Rows left in `sending` past the in-flight timeout belonged to a process that died or hung
 * mid-request. Teams may or may not have the message; resending could duplicate it, so they end
 * as failed/ambiguous, counted and visible.
 */
export async function failAbandonedInFlight(db: Db, now: Date): Promise<number> {
  const { count } = await db.outboxMessage.updateMany({
    where: { status: "sending", leaseUntil: { lt: now } },
    data: { status: "failed", lastError: "ambiguous: the sending process stopped mid-request; not resent to avoid a duplicate", finishedAt: now },
  });
  return count;
}
