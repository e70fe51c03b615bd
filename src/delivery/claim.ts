// Claiming work with one atomic statement, so several workers (threads, processes, or the CLI
// next to the server) never take the same row. PostgreSQL adds SKIP LOCKED so concurrent
// claimers pass each other instead of queueing; SQLite serialises writers on its own.
import type { Db } from "../db/client.js";
import type { DatabaseTarget } from "../db/database-target.js";
import { claimDue, markSending } from "./outbox.statements.js";
import { STATUS } from "./outbox-status.js";

export interface ClaimedRow {
  id: string;
  kind: string;
  personId: string | null;
  conversationRefId: string | null;
  payload: string;
  /** Sends made before this claim (a claim is not a send: see markInFlight). */
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
 * A claim does not count as an attempt: a process killed between claiming and sending (a crash
 * loop, a rolling restart) would otherwise spend one on each of up to 200 claimed rows, and after
 * a few restarts the first real 429 ended them "gave up" although Teams had seen each once
 * (issue 21). The attempt is counted when the row goes claimed → sending (markInFlight).
 *
 * Retries first, then by due time. Ordered by due time alone, a backlog's first-time rows all come
 * before any retry, so retries run in waves after the backlog and the last ones wait out their
 * backoff one after another while the rate budget idles (a 10-30 s tail per fan-out).
 */
export async function claimDueMessages(db: Db, o: ClaimOptions): Promise<ClaimedRow[]> {
  const rows = await db.$queryRaw<ClaimedRow[]>(claimDue(o.provider, o.claimToken, o.now, o.leaseUntil, o.limit));
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

/**
 * claimed → sending, just before the HTTP call: this is the attempt, so it is counted here (once:
 * a row already "sending" keeps its count). Returns the ids this claim still holds.
 * A row already "sending" under this claim token is ours too: only this claim's own mark can have
 * put it there, and its worker sends only after this returns — so when the mark committed but the
 * answer was lost (a dropped database connection), the retried mark must not drop the row.
 */
export async function markInFlight(db: Db, o: { provider: DatabaseTarget["provider"]; claimToken: string; ids: string[]; until: Date }): Promise<Set<string>> {
  if (o.ids.length === 0) return new Set();
  const rows = await db.$queryRaw<{ id: string }[]>(markSending(o.provider, o.claimToken, o.ids, o.until));
  return new Set(rows.map((r) => r.id));
}

/**
 * Rows left in `sending` past the in-flight timeout belonged to a process that died or hung
 * mid-request. Teams may or may not have the message; resending could duplicate it, so they end
 * as failed/ambiguous, counted and visible.
 */
export async function failAbandonedInFlight(db: Db, now: Date): Promise<number> {
  const { count } = await db.outboxMessage.updateMany({
    where: { status: STATUS.sending, leaseUntil: { lt: now } },
    data: { status: STATUS.failed, lastError: "ambiguous: the sending process stopped mid-request; not resent to avoid a duplicate", finishedAt: now },
  });
  return count;
}

/**
 * Gives back the rows this claim holds but has not started sending (a process shutting down):
 * they are pending again at once, so another instance takes them now rather than after the lease.
 * Rows already "sending" stay with their worker, which records the outcome.
 */
export async function releaseClaim(db: Db, claimToken: string): Promise<number> {
  const { count } = await db.outboxMessage.updateMany({
    where: { leaseOwner: claimToken, status: STATUS.claimed },
    data: { status: STATUS.pending, leaseOwner: null, leaseUntil: null },
  });
  return count;
}
