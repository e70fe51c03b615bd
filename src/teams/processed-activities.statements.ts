// The replay claim's statements (ADR 0012), through the direct SQL door on every inbound activity
// (ADR 0013). Checked against the migrated schema on both databases by test/db/sql-statements.test.ts.
import { directStatement, sql } from "../db/direct-sql.js";

/** A new id is inserted; a known one is taken over only when its claim was abandoned (received before leaseStart). */
export const claimActivityRow = directStatement(
  (key: string, now: Date, leaseStart: Date) => sql`
    INSERT INTO "ProcessedActivity" ("id", "receivedAt") VALUES (${key}, ${now})
    ON CONFLICT ("id") DO UPDATE SET "receivedAt" = excluded."receivedAt"
     WHERE "ProcessedActivity"."completedAt" IS NULL AND "ProcessedActivity"."receivedAt" < ${leaseStart}`,
  ["claim-key", new Date(), new Date()],
);

export const completeActivityRow = directStatement(
  (key: string, now: Date) => sql`UPDATE "ProcessedActivity" SET "completedAt" = ${now} WHERE "id" = ${key}`,
  ["claim-key", new Date()],
);
