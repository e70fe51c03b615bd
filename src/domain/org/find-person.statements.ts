// The sender lookup on every inbound activity, through the direct SQL door (ADR 0013). Checked
// against the migrated schema on both databases by test/db/sql-statements.test.ts.
import { directStatement, sql } from "../../db/direct-sql.js";

/** By the unique index on the (lower-cased) Entra object id; active people only. */
export const activePersonByAadObjectId = directStatement(
  (aadObjectId: string) => sql`
    SELECT "id", "displayName", "locale", "timeZone" FROM "Person" WHERE "aadObjectId" = ${aadObjectId} AND "active" = TRUE`,
  ["00000000-0000-0000-0000-000000000001"],
);
