// The Prometheus adapter of MetricsRecorder (prom-client). One registry per running app, so two
// apps in one process (tests) do not share counters. Outbox gauges are read on scrape with one
// grouped query over the unfinished rows (index on status), cached for a few seconds so a scrape
// storm cannot load the database.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Db } from "../db/client.js";
import type { Clock } from "../clock.js";
import { DATABASE_ERROR_SOURCES, KIND_FAMILIES, kindFamily, type DeliveryOutcome, type MetricsRecorder } from "./recorder.js";

export interface PrometheusMetrics extends MetricsRecorder {
  readonly registry: Registry;
  /** The exposition text (Prometheus text format 0.0.4). */
  render(): Promise<string>;
  readonly contentType: string;
}

const DELIVERY_HELP: Record<DeliveryOutcome, string> = {
  sent: "Messages the Bot Connector accepted",
  retried: "Sends that failed retryably and were scheduled again",
  throttled: "Sends the Bot Connector refused with 429 (also counted as retried or failed)",
  unreachable: "Messages ended unreachable (403/404 or no active conversation)",
  ambiguous: "Messages ended ambiguous (the send was cut off; never resent)",
  failed: "Messages ended failed, ambiguous ones excluded (gave up, invalid, non-retryable)",
};

const UNFINISHED = ["pending", "claimed", "sending"] as const;

export function createPrometheusMetrics(options: {
  db: Db;
  clock: Clock;
  outboxCacheMs?: number;
  /** Monotonic milliseconds for the cache window (tests step it; the wall clock may be injected and frozen). */
  elapsedMs?: () => number;
}): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "friskpuls_" });

  const delivery = Object.fromEntries(
    (Object.keys(DELIVERY_HELP) as DeliveryOutcome[]).map((outcome) => {
      const counter = new Counter({ name: `friskpuls_delivery_${outcome}_total`, help: DELIVERY_HELP[outcome], labelNames: ["kind"], registers: [registry] });
      // Every family from zero, so rate() and alerts see a series before its first event.
      for (const kind of KIND_FAMILIES) counter.inc({ kind }, 0);
      return [outcome, counter];
    }),
  ) as Record<DeliveryOutcome, Counter<"kind">>;

  const inbound = new Counter({
    name: "friskpuls_inbound_activities_total",
    help: "POST /api/messages by activity type and outcome",
    labelNames: ["type", "outcome"],
    registers: [registry],
  });
  const inboundDuration = new Histogram({
    name: "friskpuls_inbound_duration_seconds",
    help: "Time to answer POST /api/messages, by activity type and outcome",
    labelNames: ["type", "outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: "friskpuls_job_runs_total",
    help: "Scheduled job runs by job and result (ok/error)",
    labelNames: ["job", "result"],
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: "friskpuls_job_duration_seconds",
    help: "Duration of scheduled job runs",
    labelNames: ["job"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const dbErrors = new Counter({
    name: "friskpuls_database_errors_total",
    help: "Database errors seen, by where they surfaced",
    labelNames: ["source"],
    registers: [registry],
  });
  for (const source of DATABASE_ERROR_SOURCES) dbErrors.inc({ source }, 0);

  let cached: { at: number; value: Promise<OutboxSnapshot> } | undefined;
  const cacheMs = options.outboxCacheMs ?? 5_000;
  const elapsedMs = options.elapsedMs ?? (() => performance.now());
  const snapshot = (): Promise<OutboxSnapshot> => {
    const now = elapsedMs();
    if (!cached || now - cached.at >= cacheMs) {
      const value = readOutbox(options.db, options.clock).catch((error: unknown) => {
        // A failure is cached for the window too: a struggling database is not asked again per scrape.
        dbErrors.inc({ source: "metrics" });
        throw error;
      });
      cached = { at: now, value };
    }
    return cached.value;
  };
  new Gauge({
    name: "friskpuls_outbox_messages",
    help: "Unfinished outbox messages by status (pending, claimed, sending); read on scrape, cached a few seconds",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const s = await snapshot().catch(() => undefined);
      // NaN (not 0) when the database could not be read: "unknown" must not look like "empty".
      for (const status of UNFINISHED) this.set({ status }, s ? (s.byStatus[status] ?? 0) : Number.NaN);
    },
  });
  new Gauge({
    name: "friskpuls_outbox_oldest_due_age_seconds",
    help: "How long the oldest due pending message has been waiting (0 when none is due)",
    registers: [registry],
    async collect() {
      const s = await snapshot().catch(() => undefined);
      this.set(s ? s.oldestDueAgeSeconds : Number.NaN);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    recordDelivery(kind, outcome) {
      delivery[outcome].inc({ kind: kindFamily(kind) });
    },
    recordInbound(type, outcome, seconds) {
      inbound.inc({ type, outcome });
      inboundDuration.observe({ type, outcome }, seconds);
    },
    recordJobRun(job, ok, seconds) {
      jobRuns.inc({ job, result: ok ? "ok" : "error" });
      jobDuration.observe({ job }, seconds);
    },
    recordDatabaseError(source) {
      dbErrors.inc({ source });
    },
  };
}

interface OutboxSnapshot {
  byStatus: Record<string, number>;
  oldestDueAgeSeconds: number;
}

async function readOutbox(db: Db, clock: Clock): Promise<OutboxSnapshot> {
  const groups = await db.outboxMessage.groupBy({
    by: ["status"],
    where: { status: { in: [...UNFINISHED] } },
    _count: { _all: true },
    _min: { notBefore: true },
  });
  const byStatus = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
  // The earliest notBefore among pending rows: in the past = overdue by that much; in the future = nothing due.
  const oldest = groups.find((g) => g.status === "pending")?._min.notBefore;
  const age = oldest ? (clock.now().getTime() - oldest.getTime()) / 1000 : 0;
  return { byStatus, oldestDueAgeSeconds: Math.max(0, age) };
}
