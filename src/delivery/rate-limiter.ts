// Teams' limits (TEAMS-NOTES): 50 requests/s per app per tenant, and per conversation 7/1 s,
// 60/30 s, 1,800/h. We space sends evenly: a configurable tenant rate (default 40/s) and at most
// one message per conversation per second. Each acquire reserves a slot (GCRA), so waiting
// callers are served in order without bursts.
export interface RateLimits {
  /** null = no tenant limit (benchmarks of the engine itself). */
  tenantPerSecond: number | null;
  conversationIntervalMs: number;
}

export class RateLimiter {
  private readonly tenantNextAt = new Map<string, number>();
  private readonly conversationNextAt = new Map<string, number>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Milliseconds the caller must wait before sending; the slot is reserved on return. */
  reserve(tenantKey: string, conversationKey: string): number {
    const now = this.now();
    const conversationReady = Math.max(now, this.conversationNextAt.get(conversationKey) ?? 0);
    let at = conversationReady;
    if (this.limits.tenantPerSecond !== null) {
      at = Math.max(conversationReady, this.tenantNextAt.get(tenantKey) ?? 0);
      this.tenantNextAt.set(tenantKey, at + 1000 / this.limits.tenantPerSecond);
    }
    this.conversationNextAt.set(conversationKey, at + this.limits.conversationIntervalMs);
    if (this.conversationNextAt.size > 50_000) this.forgetPast(now);
    return at - now;
  }

  async acquire(tenantKey: string, conversationKey: string): Promise<void> {
    const wait = this.reserve(tenantKey, conversationKey);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private forgetPast(now: number): void {
    for (const [key, at] of this.conversationNextAt) if (at < now) this.conversationNextAt.delete(key);
  }
}
