// Issue 18: /metrics during a fan-out. The whole app runs in-process with the fake connector; a
// pulse-kind fan-out goes through the real dispatcher, and two scrapes show the counters moving
// (sent, and throttled/retried after injected 429s), the outbox gauges during the run, inbound
// counters after POSTs to /api/messages (ok, refused, replay), job runs from the start-up tick,
// and no person, unit, tenant or conversation id in any label. Protection: 401 without the token,
// 404 on the public port when a metrics port is configured, and no /metrics by default.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { TEST_DATABASES } from "../harness/databases.js";
import { startTestApp, type TestApp } from "../harness/start-app.js";
import { buildUnit, seedInstalledPeople } from "../harness/factories.js";
import { textMessage } from "../harness/delivery.js";
import { message, teamsUser } from "../harness/activities.js";
import { enqueueMessages } from "../../src/delivery/enqueue.js";
import { systemClock } from "../../src/clock.js";

const TOKEN = "metrics-token-0123456789abcdef";
const FANOUT = 150;

/** The value of one sample line, e.g. value(text, 'friskpuls_delivery_sent_total{kind="pulse"}'). */
function value(exposition: string, series: string): number {
  const line = exposition.split("\n").find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no series ${series} in the exposition`);
  return Number(line.slice(series.length + 1));
}

async function scrape(url: string, token: string | null = TOKEN): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
}

describe("/metrics", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it.each(TEST_DATABASES)(
    "moves during a fan-out, counts inbound activities and job runs, and carries no ids (%s)",
    async (database) => {
      app = await startTestApp({ database, env: { METRICS_TOKEN: TOKEN, DELIVERY_TENANT_RATE: "50" } });
      expect((await scrape(app.url, null)).status).toBe(401);
      expect((await scrape(app.url, "wrong-token-0123456789abcdef")).status).toBe(401);

      const tenantId = randomUUID();
      const unit = await buildUnit(app.db, { id: `unit-${randomUUID()}` });
      const people = await seedInstalledPeople(app.db, FANOUT, app.serviceUrl, { tenantId, prefix: "MXP" });
      app.connector.failNext(3, { status: 429, headers: { "Retry-After": "1" } });
      await enqueueMessages(
        app.db,
        systemClock,
        people.map((p, i) => ({ ...textMessage(`m${i}`, p), kind: "pulse" })),
      );

      // Mid-run: some sent (50/s: the whole fan-out takes about three seconds), the rest still waiting.
      await app.connector.waitFor((sent) => sent.length >= 20, 20_000);
      const during = await scrape(app.url);
      expect(during.status).toBe(200);
      expect(during.type).toMatch(/^text\/plain; version=0\.0\.4/);
      const sentDuring = value(during.text, 'friskpuls_delivery_sent_total{kind="pulse"}');
      expect(sentDuring).toBeLessThan(FANOUT);
      const unfinished = ["pending", "claimed", "sending"].reduce((n, s) => n + value(during.text, `friskpuls_outbox_messages{status="${s}"}`), 0);
      expect(unfinished).toBeGreaterThan(0);
      expect(during.text).toMatch(/^friskpuls_process_cpu_seconds_total /m);

      await app.connector.waitFor((sent) => sent.length >= FANOUT, 30_000);
      await expect.poll(async () => value((await scrape(app!.url)).text, 'friskpuls_delivery_sent_total{kind="pulse"}'), { timeout: 10_000 }).toBe(FANOUT);

      // Inbound: two messages answered, one replayed, one body refused before it was read.
      const user = teamsUser({ tenantId });
      const first = message(user, app.serviceUrl, "hjälp");
      expect((await app.post(first)).status).toBe(200);
      expect((await app.post(message(user, app.serviceUrl, "hjälp"))).status).toBe(200);
      expect((await app.post(first)).status).toBe(200);
      expect((await app.post("{not json")).status).toBe(400);

      const after = await scrape(app.url);
      expect(value(after.text, 'friskpuls_delivery_sent_total{kind="pulse"}')).toBeGreaterThan(sentDuring);
      expect(value(after.text, 'friskpuls_delivery_throttled_total{kind="pulse"}')).toBe(3);
      expect(value(after.text, 'friskpuls_delivery_retried_total{kind="pulse"}')).toBe(3);
      expect(value(after.text, 'friskpuls_delivery_failed_total{kind="pulse"}')).toBe(0);
      expect(value(after.text, 'friskpuls_inbound_activities_total{type="message",outcome="ok"}')).toBe(2);
      expect(value(after.text, 'friskpuls_inbound_activities_total{type="message",outcome="replay"}')).toBe(1);
      expect(value(after.text, 'friskpuls_inbound_activities_total{type="invalid",outcome="refused"}')).toBe(1);
      expect(value(after.text, 'friskpuls_inbound_duration_seconds_count{type="message",outcome="ok"}')).toBe(2);
      expect(after.text).toMatch(/^friskpuls_job_runs_total\{job="[a-z.-]+",result="ok"\} [1-9]/m);
      expect(after.text).toMatch(/^friskpuls_job_duration_seconds_count\{job="[a-z.-]+"\} [1-9]/m);

      // No id of the fixture anywhere in the exposition (labels or otherwise).
      const ids = [
        tenantId,
        unit.id,
        user.userId,
        user.conversationId,
        user.aadObjectId!,
        ...people.flatMap((p) => [p.personId, p.conversationRefId, p.conversationId]),
      ];
      for (const id of ids) expect(after.text.includes(id), id).toBe(false);
      expect(after.text).not.toMatch(/MXP\d/);
      // Every label value is from a small fixed vocabulary: words, no digits-heavy or id-shaped strings.
      const labelValues = [...after.text.matchAll(/="([^"]*)"/g)].map((m) => m[1]!);
      for (const v of new Set(labelValues)) expect(v, v).toMatch(/^([a-zA-Z][a-zA-Z._-]*|[0-9.+Inf]+|v?\d+\.\d+\.\d+[^"]*)$/);
    },
    60_000,
  );

  it("on METRICS_PORT only: not on the public port, served on the metrics listener (token still required when set)", async () => {
    app = await startTestApp({ env: { METRICS_PORT: "0", METRICS_TOKEN: TOKEN } });
    expect(app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await scrape(app.url)).status).toBe(404);
    expect((await scrape(app.metricsUrl!, null)).status).toBe(401);
    const ok = await scrape(app.metricsUrl!);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("friskpuls_delivery_sent_total");
    // The metrics listener serves nothing else.
    expect((await fetch(`${app.metricsUrl}/healthz`)).status).toBe(404);
  });

  it("is off by default: no /metrics without METRICS_TOKEN or METRICS_PORT", async () => {
    app = await startTestApp();
    expect(app.metricsUrl).toBeUndefined();
    expect((await scrape(app.url)).status).toBe(404);
  });
});
