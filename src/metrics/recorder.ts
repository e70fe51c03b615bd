// What the application reports for metrics: a small interface, so delivery, jobs and the HTTP
// routes never import prom-client (the Prometheus adapter is src/metrics/prometheus.ts).
// Labels are low-cardinality by construction: an outbox kind is reduced to a fixed family,
// never an id (no person, unit, tenant or conversation ever reaches a label).

export type DeliveryOutcome = "sent" | "retried" | "throttled" | "unreachable" | "ambiguous" | "failed";
export type InboundOutcome = "ok" | "refused" | "error" | "replay";
export const DATABASE_ERROR_SOURCES = ["delivery", "job", "probe", "metrics"] as const;
export type DatabaseErrorSource = (typeof DATABASE_ERROR_SOURCES)[number];

export interface MetricsRecorder {
  /** One delivery event for an outbox row of this kind (the raw kind; the recorder reduces it). */
  recordDelivery(kind: string, outcome: DeliveryOutcome): void;
  /** One POST /api/messages, by activity type ("invalid" when there was none) and outcome. */
  recordInbound(type: string, outcome: InboundOutcome, seconds: number): void;
  recordJobRun(job: string, ok: boolean, seconds: number): void;
  recordDatabaseError(source: DatabaseErrorSource): void;
}

export const noMetrics: MetricsRecorder = {
  recordDelivery() {},
  recordInbound() {},
  recordJobRun() {},
  recordDatabaseError() {},
};

export const KIND_FAMILIES = ["pulse", "reminder", "summary", "hf", "nudge", "swept", "other"] as const;

/** An outbox kind → its family: a fixed set, whatever kinds are added later. */
export function kindFamily(kind: string): (typeof KIND_FAMILIES)[number] {
  if (kind === "pulse") return "pulse";
  if (kind === "pulse-reminder" || kind === "hf-remind") return "reminder";
  if (kind.startsWith("hf")) return "hf";
  if (kind.startsWith("nudge")) return "nudge";
  // Summary cards are planned under their view's name (unitSummary, subtreeOverview, …); "Så mår vi" as memberResult.
  if (/summary|overview|result/i.test(kind)) return "summary";
  if (kind === "swept") return "swept";
  return "other";
}

export const INBOUND_TYPES = ["message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "event"] as const;

/** An activity type as a label: Teams' known types, anything else "other" (the caller chooses the string). */
export function inboundTypeLabel(type: unknown): string {
  if (type === undefined || type === null) return "invalid";
  return (INBOUND_TYPES as readonly unknown[]).includes(type) ? String(type) : "other";
}

/** Errors from Prisma, its driver adapters, better-sqlite3 or pg: counted as database errors. */
export function isDatabaseError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  const name = typeof e?.name === "string" ? e.name : "";
  if (/^Prisma|DriverAdapterError|SqliteError/.test(name)) return true;
  const code = typeof e?.code === "string" ? e.code : "";
  return /^P\d{4}$/.test(code) || /^(ECONNREFUSED|SQLITE_)/.test(code);
}
