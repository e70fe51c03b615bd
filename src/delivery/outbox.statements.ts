// Every hand-written statement on the outbox (the writes Prisma's model API cannot make atomic),
// with the statuses taken from OUTBOX_STATUSES. Checked against the migrated schema on both
// databases by test/db/sql-statements.test.ts (src/db/raw-sql.ts).
import { rawStatement, type SqlHelpers } from "../db/raw-sql.js";
import { OUTBOX_STATUSES, STATUS, type OutboxStatus } from "./outbox-status.js";

/** A status as an SQL literal, not a parameter: each statement keeps one plan, and the index on status serves it. */
function status(P: SqlHelpers, value: OutboxStatus) {
  if (!OUTBOX_STATUSES.includes(value)) throw new Error(`not an outbox status: ${value}`);
  return P.raw(`'${value}'`);
}

/**
 * Claims up to `limit` due rows (pending and due, or claimed with an expired lease): retries
 * first, then by due time. PostgreSQL adds SKIP LOCKED so concurrent claimers pass each other.
 */
export const claimDue = rawStatement(
  (P, provider, claimToken: string, now: Date, leaseUntil: Date, limit: number) => P.sql`
    UPDATE "OutboxMessage"
       SET "status" = ${status(P, STATUS.claimed)}, "leaseOwner" = ${claimToken}, "leaseUntil" = ${leaseUntil}
     WHERE "id" IN (
       SELECT "id" FROM "OutboxMessage"
        WHERE ("status" = ${status(P, STATUS.pending)} AND "notBefore" <= ${now})
           OR ("status" = ${status(P, STATUS.claimed)} AND "leaseUntil" < ${now})
        ORDER BY "attempts" DESC, "notBefore"
        LIMIT ${limit}
        ${provider === "postgres" ? P.sql`FOR UPDATE SKIP LOCKED` : P.empty})
    RETURNING "id", "kind", "personId", "conversationRefId", "payload", "attempts"`,
  ["claim-token", new Date(), new Date(), 10],
);

/** claimed → sending, counting the attempt once; a row already sending under this claim stays ours. */
export const markSending = rawStatement(
  (P, _provider, claimToken: string, ids: string[], until: Date) => P.sql`
    UPDATE "OutboxMessage"
       SET "status" = ${status(P, STATUS.sending)}, "leaseUntil" = ${until},
           "attempts" = CASE WHEN "status" = ${status(P, STATUS.claimed)} THEN "attempts" + 1 ELSE "attempts" END
     WHERE "leaseOwner" = ${claimToken} AND "status" IN (${status(P, STATUS.claimed)}, ${status(P, STATUS.sending)}) AND "id" IN (${P.join(ids)})
    RETURNING "id"`,
  ["claim-token", ["row-1", "row-2"], new Date()],
);

/** Many deliveries of one claim in one statement (group commit), fenced by the claim token. */
export const markDeliveredMany = rawStatement(
  (P, _provider, claimToken: string, rows: { id: string; activityId: string | undefined }[], now: Date) => P.sql`
    UPDATE "OutboxMessage"
       SET "status" = ${status(P, STATUS.delivered)}, "finishedAt" = ${now}, "leaseUntil" = NULL, "lastError" = NULL,
           "activityId" = CASE "id" ${P.join(
             rows.map((r) => P.sql`WHEN ${r.id} THEN ${r.activityId ?? null}`),
             " ",
           )} END
     WHERE "leaseOwner" = ${claimToken} AND "id" IN (${P.join(rows.map((r) => r.id))})
    RETURNING "id"`,
  [
    "claim-token",
    [
      { id: "row-1", activityId: "activity-1" },
      { id: "row-2", activityId: undefined },
    ],
    new Date(),
  ],
);
