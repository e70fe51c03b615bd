// Outcome writes are fenced by the claim token: a worker whose lease was taken over by another
// cannot overwrite the newer attempt's result.
import type { Db } from "../db/client.js";
import type { DatabaseTarget } from "../db/database-target.js";
import { markDeliveredMany } from "./outbox.statements.js";
import { STATUS, type OutboxStatus } from "./outbox-status.js";

export async function recordDelivered(db: Db, id: string, claimToken: string, activityId: string | undefined, now: Date): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, leaseOwner: claimToken },
    data: { status: STATUS.delivered, activityId: activityId ?? null, finishedAt: now, leaseUntil: null, lastError: null },
  });
  return count === 1;
}

/** Many deliveries of one claim in one statement (group commit); returns which rows were still ours. */
export async function recordDeliveredMany(
  db: Db,
  provider: DatabaseTarget["provider"],
  claimToken: string,
  rows: { id: string; activityId: string | undefined }[],
  now: Date,
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const updated = await db.$queryRaw<{ id: string }[]>(markDeliveredMany(provider, claimToken, rows, now));
  return new Set(updated.map((r) => r.id));
}

export async function recordRetry(db: Db, id: string, claimToken: string, notBefore: Date, reason: string): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, leaseOwner: claimToken },
    data: { status: STATUS.pending, notBefore, lastError: reason, leaseOwner: null, leaseUntil: null },
  });
  return count === 1;
}

export async function recordFinalFailure(
  db: Db,
  id: string,
  claimToken: string,
  status: Extract<OutboxStatus, "failed" | "unreachable">,
  reason: string,
  now: Date,
): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, leaseOwner: claimToken },
    data: { status, lastError: reason, finishedAt: now, leaseUntil: null },
  });
  return count === 1;
}

/** The user removed or blocked the bot: stop planning messages to this conversation. */
export async function markConversationUnreachable(db: Db, conversationRefId: string, now: Date): Promise<void> {
  await db.conversationRef.updateMany({ where: { id: conversationRefId, active: true }, data: { active: false, unreachableAt: now } });
}

export async function countOutboxByStatus(db: Db, where: { kind?: string } = {}): Promise<Record<string, number>> {
  const groups = await db.outboxMessage.groupBy({ by: ["status"], where, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}
