// The send pacing (src/delivery/rate-limiter.ts) on an injected clock: reserve() returns how long a
// caller must wait, and each call reserves its slot, so the answers are exact, not timings.
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/delivery/rate-limiter.js";

function limiterAt(limits: { tenantPerSecond: number | null; conversationIntervalMs: number }) {
  let now = 10_000;
  const limiter = new RateLimiter(limits, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe("rate limiter", () => {
  it("spaces one tenant's sends evenly at its rate, each caller after the one before", () => {
    const { limiter } = limiterAt({ tenantPerSecond: 40, conversationIntervalMs: 1_000 });
    const waits = Array.from({ length: 5 }, (_, i) => limiter.reserve("t1", `c${i}`));
    expect(waits).toEqual([0, 25, 50, 75, 100]);
  });

  it("keeps tenants apart", () => {
    const { limiter } = limiterAt({ tenantPerSecond: 10, conversationIntervalMs: 1_000 });
    expect([limiter.reserve("t1", "a"), limiter.reserve("t1", "b"), limiter.reserve("t2", "c"), limiter.reserve("t2", "d")]).toEqual([0, 100, 0, 100]);
  });

  it("one message per conversation per interval, even with tenant rate to spare", () => {
    const { limiter, advance } = limiterAt({ tenantPerSecond: 1_000, conversationIntervalMs: 1_000 });
    expect(limiter.reserve("t1", "c1")).toBe(0);
    expect(limiter.reserve("t1", "c1")).toBe(1_000);
    expect(limiter.reserve("t1", "c1")).toBe(2_000);
    advance(2_500);
    expect(limiter.reserve("t1", "c1")).toBe(500);
  });

  it("a conversation's wait pushes the tenant slot it takes, so the tenant rate holds across both limits", () => {
    const { limiter } = limiterAt({ tenantPerSecond: 10, conversationIntervalMs: 1_000 });
    expect(limiter.reserve("t1", "c1")).toBe(0);
    expect(limiter.reserve("t1", "c1")).toBe(1_000);
    // The tenant's next slot is now 100 ms after c1's second send.
    expect(limiter.reserve("t1", "c2")).toBe(1_100);
  });

  it("time passing frees the slots: no wait after the spacing has elapsed, and no credit saved up", () => {
    const { limiter, advance } = limiterAt({ tenantPerSecond: 4, conversationIntervalMs: 1_000 });
    expect(limiter.reserve("t1", "a")).toBe(0);
    advance(60_000);
    // Idle for a minute: still one slot at a time, never a burst.
    expect([limiter.reserve("t1", "b"), limiter.reserve("t1", "c"), limiter.reserve("t1", "d")]).toEqual([0, 250, 500]);
  });

  it("without a tenant limit only the conversation interval holds", () => {
    const { limiter } = limiterAt({ tenantPerSecond: null, conversationIntervalMs: 1_000 });
    expect(Array.from({ length: 100 }, (_, i) => limiter.reserve("t1", `c${i}`)).every((w) => w === 0)).toBe(true);
    expect(limiter.reserve("t1", "c0")).toBe(1_000);
  });

  it("forgets conversations whose slot has passed once it holds many, and still paces the rest", () => {
    const { limiter, advance } = limiterAt({ tenantPerSecond: null, conversationIntervalMs: 1_000 });
    for (let i = 0; i <= 50_000; i++) limiter.reserve("t1", `old${i}`);
    advance(5_000);
    limiter.reserve("t1", "trigger"); // over 50,000 entries: the past ones go
    expect((limiter as unknown as { conversationNextAt: Map<string, number> }).conversationNextAt.size).toBe(1);
    expect(limiter.reserve("t1", "trigger")).toBe(1_000);
  });
});
