// One send budget per tenant shared by every process on the database (ADR 0020): a token-bucket
// row refilled at the tenant rate and taken from atomically. Each process takes a few tokens per
// round trip (a quarter second's worth) and spends them locally, so N instances together stay
// within the rate without a database write per message.
import type { Db } from "../db/client.js";
import type { DatabaseTarget } from "../db/database-target.js";
import { createBucket, takeTokens, type TakeTokens } from "./tenant-budget.statements.js";

export interface BudgetGrant {
  granted: number;
  /** Tokens left in the shared bucket after this take. */
  left: number;
}

/**
 * Refills the bucket for the time since its last refill (capped), then takes up to `want` whole
 * tokens, or what is there. One statement: PostgreSQL re-evaluates it on the latest row version
 * when another process updated the row meanwhile, SQLite holds its write lock for it. PostgreSQL
 * uses its own clock so that hosts with skewed clocks share one timeline.
 */
export async function takeTenantTokens(db: Db, provider: DatabaseTarget["provider"], o: TakeTokens): Promise<BudgetGrant> {
  const rows = await db.$queryRaw<{ tokens: number; lastGrant: number }[]>(takeTokens(provider, o));
  const row = rows[0];
  if (row) return { granted: Number(row.lastGrant), left: Number(row.tokens) };
  // The tenant's first take: one round trip per take from then on. A new bucket starts empty, so
  // a fan-out begins at the rate instead of with a burst.
  await db.$executeRaw(createBucket(provider, o));
  return { granted: 0, left: 0 };
}

export interface SharedBudgetOptions {
  db: Db;
  provider: DatabaseTarget["provider"];
  ratePerSecond: number;
  onError?: (error: unknown) => void;
}

interface TenantState {
  stash: number;
  /** When the stash was taken: tokens not spent soon after are dropped, not saved up. */
  takenAt: number;
  refilling?: Promise<void>;
}

/**
 * The per-process side: a stash of tokens per tenant, refilled from the shared row by one round
 * trip at a time while the workers wait on it.
 */
export class SharedTenantBudget {
  /** Tokens per round trip: a quarter second's worth (10 at 40/s). */
  readonly batch: number;
  /**
   * Bucket size: one batch. After an idle pause the first second may carry rate + a quarter
   * (50/s at the default 40/s: Teams' own limit); a larger bucket let a fan-out after a pause
   * exceed it (54 in one second in the bench).
   */
  readonly capacity: number;
  private readonly tenants = new Map<string, TenantState>();
  /** Two batches' time (half a second at any rate). */
  private readonly maxStashAgeMs: number;

  constructor(private readonly o: SharedBudgetOptions) {
    this.batch = Math.max(1, Math.ceil(o.ratePerSecond / 4));
    this.capacity = this.batch;
    this.maxStashAgeMs = ((2 * this.batch) / o.ratePerSecond) * 1000;
  }

  /** Resolves true once a token is held for one send; false if `stopped()` became true first. */
  async take(tenantKey: string, stopped: () => boolean = () => false): Promise<boolean> {
    let state = this.tenants.get(tenantKey);
    if (!state) this.tenants.set(tenantKey, (state = { stash: 0, takenAt: 0 }));
    for (;;) {
      if (stopped()) return false;
      // A stash kept while the workers were busy elsewhere (between claims, during a restart of
      // another instance) and spent late would add a burst on top of the other processes' sends.
      if (state.stash > 0 && Date.now() - state.takenAt > this.maxStashAgeMs) state.stash = 0;
      if (state.stash > 0) {
        state.stash--;
        return true;
      }
      const s = state;
      s.refilling ??= this.refill(tenantKey, s).finally(() => (s.refilling = undefined));
      await s.refilling;
    }
  }

  private async refill(tenantKey: string, state: TenantState): Promise<void> {
    try {
      const { granted, left } = await takeTenantTokens(this.o.db, this.o.provider, {
        tenantKey,
        want: this.batch,
        ratePerSecond: this.o.ratePerSecond,
        capacity: this.capacity,
        nowMs: Date.now(),
      });
      state.stash += granted;
      state.takenAt = Date.now();
      // Empty: wait until a batch has accrued (others may take it first; then we wait again).
      if (granted === 0) await sleep(Math.max(5, ((this.batch - left) / this.o.ratePerSecond) * 1000));
    } catch (error) {
      this.o.onError?.(error);
      await sleep(500);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
