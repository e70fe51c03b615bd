// A fake Bot Connector for benchmarks, in its own process so the engine's memory is measured
// alone. It enforces Teams' limits (TEAMS-NOTES): 50 requests/s per tenant, per conversation
// 7/1 s and 60/30 s, answering 429 with Retry-After when exceeded; optionally injects 429s and
// 502s at random. GET /stats reports what arrived, for duplicate and loss counts.
import express from "express";
import { randomUUID } from "node:crypto";

const port = Number(process.env.PORT ?? 0);
let faults = { p429: 0, p502: 0 };
let enforce = true;
const tenantWindow: number[] = [];
const conversationWindows = new Map<string, number[]>();
let received = new Map<string, number>();
let stats = { requests: 0, throttled: 0, injected429: 0, injected502: 0 };
let requestTimes: number[] = [];

function overLimit(window: number[], now: number, spanMs: number, max: number): boolean {
  while (window.length > 0 && window[0]! <= now - spanMs) window.shift();
  return window.length >= max;
}

const app = express();
app.use(express.json({ limit: "2mb" }));
app.post("/_control", (req, res) => {
  faults = { p429: req.body.p429 ?? 0, p502: req.body.p502 ?? 0 };
  enforce = req.body.enforce ?? true;
  received = new Map();
  stats = { requests: 0, throttled: 0, injected429: 0, injected502: 0 };
  requestTimes = [];
  res.json({ ok: true });
});
app.get("/_stats", (_req, res) => {
  let duplicates = 0;
  for (const n of received.values()) if (n > 1) duplicates += n - 1;
  // Sustained rate: requests per second between the 5th and 95th percentile request (no ramp-up, no retry tail).
  const lo = requestTimes[Math.floor(requestTimes.length * 0.05)] ?? 0;
  const hi = requestTimes[Math.floor(requestTimes.length * 0.95)] ?? 0;
  const sustainedPerSecond = hi > lo ? ((Math.floor(requestTimes.length * 0.95) - Math.floor(requestTimes.length * 0.05)) / (hi - lo)) * 1000 : 0;
  // The busiest sliding second, and first to last request (several instances, issue 18).
  let maxInOneSecond = 0;
  for (let i = 0, j = 0; i < requestTimes.length; i++) {
    while (requestTimes[i]! - requestTimes[j]! >= 1000) j++;
    maxInOneSecond = Math.max(maxInOneSecond, i - j + 1);
  }
  const spanMs = requestTimes.length > 1 ? requestTimes.at(-1)! - requestTimes[0]! : 0;
  res.json({ ...stats, distinct: received.size, duplicates, sustainedPerSecond, maxInOneSecond, spanMs });
});
// botbuilder posts a proactive message as a reply when the stored reference has an activity id.
app.post(["/v3/conversations/:conversationId/activities", "/v3/conversations/:conversationId/activities/:replyToId"], (req, res) => {
  const now = Date.now();
  stats.requests++;
  requestTimes.push(now);
  if (enforce) {
    const conv = conversationWindows.get(String(req.params.conversationId)) ?? [];
    conversationWindows.set(String(req.params.conversationId), conv);
    if (overLimit(tenantWindow, now, 1000, 50) || overLimit(conv, now, 1000, 7) || overLimit(conv, now, 30_000, 60)) {
      stats.throttled++;
      res
        .status(429)
        .set("Retry-After", "1")
        .json({ error: { code: "Throttled", message: "rate limit" } });
      return;
    }
    tenantWindow.push(now);
    conv.push(now);
  }
  const roll = Math.random();
  if (roll < faults.p429) {
    stats.injected429++;
    res
      .status(429)
      .set("Retry-After", "1")
      .json({ error: { code: "Throttled", message: "injected" } });
    return;
  }
  if (roll < faults.p429 + faults.p502) {
    stats.injected502++;
    res.status(502).json({ error: { code: "ServiceError", message: "injected" } });
    return;
  }
  const key = String(req.body?.text ?? "");
  received.set(key, (received.get(key) ?? 0) + 1);
  res.json({ id: randomUUID() });
});
app.use((req, res) => {
  process.stderr.write(`teams-limits-connector: unexpected ${req.method} ${req.path}\n`);
  res.status(404).json({ error: { code: "NotFound", message: req.path } });
});
const server = app.listen(port, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
