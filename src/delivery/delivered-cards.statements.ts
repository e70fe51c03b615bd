// The lookup of a tapped pulse card among the delivered ones, on every answer Teams sends (it names
// the card in replyToId), through the direct SQL door (ADR 0013). Checked against the migrated
// schema on both databases by test/db/sql-statements.test.ts.
import { directStatement, sql } from "../db/direct-sql.js";
import { STATUS } from "./outbox-status.js";

/** The delivered cards under two idempotency keys (a pulse's card and its reminder), by the unique index. */
export const deliveredCardsUnder = directStatement(
  (firstKey: string, secondKey: string) => sql`
    SELECT "kind", "activityId", "conversationRefId" FROM "OutboxMessage"
     WHERE "idempotencyKey" IN (${firstKey}, ${secondKey}) AND "status" = ${STATUS.delivered} AND "activityId" IS NOT NULL`,
  ["pulse:pulse-1:person-1", "pulse-reminder:pulse-1:person-1"],
);
