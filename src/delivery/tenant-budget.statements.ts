// The shared send budget's statements (ADR 0020): a token-bucket row refilled and taken from in
// one statement. Checked against the migrated schema on both databases by
// test/db/sql-statements.test.ts (src/db/raw-sql.ts).
import { rawStatement, type Provider, type SqlHelpers } from "../db/raw-sql.js";

export interface TakeTokens {
  tenantKey: string;
  want: number;
  ratePerSecond: number;
  capacity: number;
  /** The caller's clock, used on SQLite only (single host); PostgreSQL uses its own. */
  nowMs: number;
}

const example: TakeTokens = { tenantKey: "tenant-1", want: 10, ratePerSecond: 40, capacity: 10, nowMs: 1_800_000_000_000 };

/** Now in milliseconds: PostgreSQL's own clock (hosts with skewed clocks share one timeline), else the caller's. */
function nowMs(P: SqlHelpers, provider: Provider, o: TakeTokens) {
  return provider === "postgres" ? P.sql`(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)` : P.sql`${o.nowMs}`;
}

/** Refills the bucket for the time since its last refill (capped), then takes up to `want` whole tokens. */
export const takeTokens = rawStatement(
  (P, provider, o: TakeTokens) => {
    const pg = provider === "postgres";
    const now = nowMs(P, provider, o);
    const least = pg ? P.sql`LEAST` : P.sql`MIN`;
    const greatest = pg ? P.sql`GREATEST` : P.sql`MAX`;
    const available = P.sql`${least}(${o.capacity} * 1.0, "tokens" + ${greatest}(0, ${now} - "refilledAtMs") * ${o.ratePerSecond} / 1000.0)`;
    const whole = pg ? P.sql`CAST(FLOOR(${available}) AS INTEGER)` : P.sql`CAST(${available} AS INTEGER)`;
    const granted = P.sql`${least}(${o.want}, ${greatest}(0, ${whole}))`;
    return P.sql`
      UPDATE "TenantSendBudget"
         SET "tokens" = ${available} - ${granted},
             "lastGrant" = ${granted},
             "refilledAtMs" = ${greatest}("refilledAtMs", ${now})
       WHERE "tenantKey" = ${o.tenantKey}
      RETURNING "tokens", "lastGrant"`;
  },
  [example],
);

/** The tenant's first take: an empty bucket, so a fan-out begins at the rate instead of with a burst. */
export const createBucket = rawStatement(
  (P, provider, o: TakeTokens) => P.sql`
    INSERT INTO "TenantSendBudget" ("tenantKey", "tokens", "refilledAtMs", "lastGrant") VALUES (${o.tenantKey}, 0, ${nowMs(P, provider, o)}, 0)
    ON CONFLICT ("tenantKey") DO NOTHING`,
  [example],
);
