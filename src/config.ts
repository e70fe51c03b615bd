// The only reader of process.env. Everything is validated at start; invalid config stops the
// process with one readable line per problem.
import { z } from "zod/v4";
import { resolveDatabaseTarget, type DatabaseTarget } from "./db/database-target.js";
import type { NudgeThresholds } from "./domain/nudges/thresholds.js";
import { DEFAULT_RETENTION, type RetentionPolicy } from "./domain/records/retention-policy.js";
import { LOCALES, type Locale } from "./i18n/locales.js";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** A retention period, or "keep" / unset = kept (no automatic deletion). */
const keepOr = (min: number, max: number, unit: string, fallback: number | null = null) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (v.toLowerCase() === "keep") return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be "keep" or a whole number of ${unit} from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const supportText = optionalText.pipe(z.string().max(200, "must be at most 200 characters").optional());
const supportUrl = optionalText.pipe(
  z
    .url({ protocol: /^https$/, message: "must be an https:// address" })
    .max(500)
    .optional(),
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalText,
  DATABASE_URL: optionalText,
  BOT_ID: optionalText,
  BOT_PASSWORD: optionalText,
  BOT_TENANT_ID: optionalText,
  BOT_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMsi"]).default("MultiTenant"),
  /** Override of the Bot Framework OpenID metadata (sovereign clouds; local test keys). */
  BOT_OPENID_METADATA_URL: optionalText,
  /** Bound on validating an inbound token, fetching the signing keys included (ADR 0014). */
  BOT_AUTH_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(5),
  /** How old the signing keys may get before a refresh starts (the old keys serve meanwhile). */
  BOT_SIGNING_KEYS_REFRESH_HOURS: z.coerce.number().positive().max(168).default(24),
  /** Bound on getting an outbound token (Entra's token endpoint) for a reply or a proactive send. */
  BOT_TOKEN_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(15),
  ALLOWED_TENANT_IDS: commaList,
  /** The tab's Entra app (issue 17, docs/tab.md): its client id, or its App ID URI api://<host>/<client id>. */
  TAB_APP_ID: optionalText,
  /** Where the tab's SSO tokens' signing keys come from; tests and local runs point it at a local key set. */
  ENTRA_JWKS_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: "must be an http(s):// address" }).optional()),
  MIN_GROUP_SIZE: z.coerce.number().int().min(3, "must be at least 3 (DESIGN.md: k is never below 3)").default(5),
  DEFAULT_LOCALE: z.enum(LOCALES).default("sv-SE"),
  ANSWER_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(DEFAULT_RETENTION.answersMonths),
  /** Retention per data class (docs/privacy.md); unset = today's behaviour (DEFAULT_RETENTION). */
  RATING_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).optional(),
  ABSENCE_RETENTION_MONTHS: z.coerce
    .number()
    .int()
    .min(1)
    .max(13, "must be at most 13 (DESIGN.md: occasions older than 13 months are deleted)")
    .default(DEFAULT_RETENTION.absencesMonths),
  CASE_RETENTION_MONTHS: keepOr(1, 120, "months"),
  CONTACT_REQUEST_RETENTION_MONTHS: keepOr(1, 120, "months"),
  AUDIT_RETENTION_MONTHS: keepOr(6, 240, "months"),
  // Finished rows only; at least a week so a job re-planning by idempotency key still finds them.
  // Purged by default (issue 18: the table must not grow forever); "keep" keeps them.
  OUTBOX_RETENTION_DAYS: keepOr(7, 3650, "days", DEFAULT_RETENTION.outboxDays),
  // Far beyond the Bot Connector's redeliveries (ADR 0012).
  PROCESSED_ACTIVITY_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(2)
    .max(24 * 30)
    .default(DEFAULT_RETENTION.processedActivitiesHours),
  /** Key for the pseudonymous answer tokens (HMAC). Required in production and with BOT_ID. */
  ANSWER_TOKEN_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** Early signals (DESIGN.md, "Early signals and nudges"): more than N occasions in M months. */
  NUDGE_SICK_LEAVE_OCCASIONS: z.coerce.number().int().min(1).max(50).default(3),
  NUDGE_SICK_LEAVE_MONTHS: z.coerce.number().int().min(1).max(13).default(12),
  /** A unit's share of Bra/Mycket bra this many points below its baseline opens a case. */
  NUDGE_PULSE_DROP_POINTS: z.coerce.number().min(1).max(100).default(10),
  /** The baseline: the unit's released pulses before the latest, up to this many (at least 3 needed). */
  NUDGE_BASELINE_PULSES: z.coerce.number().int().min(3).max(26).default(6),
  NUDGE_ESCALATION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /**
   * The employer's support, offered to a person who answers Dåligt or Mycket dåligt (only they see
   * it): a line each ("Feelgood, 010-123 45 67") and/or an https link. None set: a line about HR.
   */
  SUPPORT_OCCUPATIONAL_HEALTH: supportText,
  SUPPORT_OCCUPATIONAL_HEALTH_URL: supportUrl,
  SUPPORT_EAP: supportText,
  SUPPORT_EAP_URL: supportUrl,
  SUPPORT_HR: supportText,
  SUPPORT_HR_URL: supportUrl,
  /** Teams allows 50 requests/s per app and tenant; stay under it. Per process. */
  DELIVERY_TENANT_RATE: z.coerce.number().positive().max(50).default(40),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  DELIVERY_LEASE_SECONDS: z.coerce.number().positive().default(60),
  DELIVERY_INFLIGHT_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
  /** Microsoft Graph (issue 19, docs/graph.md): nothing is sent to Graph unless GRAPH_CLIENT_ID is set. */
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  /** Managed identity instead of a secret (App Service / Container Apps set IDENTITY_ENDPOINT and IDENTITY_HEADER). */
  GRAPH_MANAGED_IDENTITY: z.enum(["true", "false"]).default("false"),
  IDENTITY_ENDPOINT: optionalText,
  IDENTITY_HEADER: optionalText,
  GRAPH_TENANT_ID: optionalText,
  GRAPH_BASE_URL: optionalText.pipe(z.url().optional()),
  ENTRA_LOGIN_URL: optionalText.pipe(z.url().optional()),
  GRAPH_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(30),
  GRAPH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** Graph requests per second from this process (installs and lookups); Graph throttles per app and tenant. */
  GRAPH_RATE: z.coerce.number().positive().max(100).default(5),
  /** The Teams app manifest id (the catalogue's externalId), for the proactive install. */
  TEAMS_APP_ID: optionalText,
  /** The app's id in the organisation's catalogue, if known: skips the lookup by TEAMS_APP_ID. */
  GRAPH_CATALOG_APP_ID: optionalText,
  /** The optional org sync from Entra (users delta query) in the daily reach job. */
  GRAPH_USERS_SYNC: z.enum(["true", "false"]).default("false"),
  /** The daily reach job (match, then install) runs at this local time, Europe/Stockholm. */
  REACH_JOB_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM")
    .default("05:30"),
  SCHEDULER_ENABLED: z.enum(["true", "false"]).default("true"),
  /** /metrics on the public port, behind this Bearer token (docs/operations.md, "Metrics"; ADR 0019). */
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  /** /metrics on its own listener instead (0 = any free port); METRICS_HOST defaults to loopback. */
  METRICS_PORT: optionalText.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(0).max(65535).optional()),
  METRICS_HOST: optionalText,
  /** On SIGTERM: how long in-flight sends may take to finish before the process exits anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(20),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  database: DatabaseTarget;
  bot: {
    appId: string | undefined;
    password: string | undefined;
    tenantId: string | undefined;
    appType: "MultiTenant" | "SingleTenant" | "UserAssignedMsi";
    openIdMetadataUrl: string | undefined;
    allowedTenantIds: string[];
    authTimeoutMs: number;
    signingKeysRefreshMs: number;
    tokenTimeoutMs: number;
  };
  /** The personal tab (issue 17): SSO token validation and the local dev sign-in. */
  tab: {
    /** unset: the tab accepts only dev sign-in tokens (local mode) and no SSO token. */
    appId: string | undefined;
    jwksUrl: string;
    allowedTenantIds: string[];
    devSignIn: boolean;
  };
  delivery: {
    tenantRatePerSecond: number;
    concurrency: number;
    maxAttempts: number;
    leaseMs: number;
    inFlightTimeoutMs: number;
  };
  /** undefined when Graph is not configured: then nothing is ever sent to Graph. */
  graph: GraphConfig | undefined;
  schedulerEnabled: boolean;
  /** undefined = no /metrics anywhere (neither METRICS_TOKEN nor METRICS_PORT set). */
  metrics: { token: string | undefined; port: number | undefined; host: string } | undefined;
  minGroupSize: number;
  answerRetentionMonths: number;
  retention: RetentionPolicy;
  nudges: NudgeThresholds;
  /** The employer's support after a Dåligt/Mycket dåligt answer; {} = the default line about HR. */
  support: SupportContacts;
  /** undefined only in local unauthenticated mode: see resolveAnswerTokenSecret. */
  answerTokenSecret: string | undefined;
  defaultLocale: Locale;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  shutdownTimeoutMs: number;
}

export const SUPPORT_KINDS = ["occupationalHealth", "eap", "hr"] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];
/** Each configured kind: its text, its link, or both. */
export type SupportContacts = Partial<Record<SupportKind, { text: string | undefined; url: string | undefined }>>;

export interface GraphConfig {
  tenantId: string;
  clientId: string;
  credential: { kind: "secret"; secret: string } | { kind: "managedIdentity"; endpoint: string; header: string };
  baseUrl: string;
  loginUrl: string;
  timeoutMs: number;
  maxAttempts: number;
  ratePerSecond: number;
  teamsAppId: string | undefined;
  catalogAppId: string | undefined;
  reachJobTime: string;
  usersSync: boolean;
}

/**
 * OpenTelemetry tracing (docs/operations.md, "Tracing"): read before anything else is imported, so
 * it has its own small schema. On with OTEL_ENABLED=true, or when an OTLP endpoint or an Application
 * Insights connection string is set (OTEL_ENABLED=false or the standard OTEL_SDK_DISABLED=true turn it off).
 */
const TracingEnvSchema = z.object({
  OTEL_ENABLED: z.enum(["true", "false"]).optional(),
  OTEL_SDK_DISABLED: z.enum(["true", "false"]).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url().optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText.pipe(z.url().optional()),
  OTEL_SERVICE_NAME: optionalText,
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
});

export interface TracingConfig {
  exporter: "otlp" | "azure-monitor";
  serviceName: string;
  /** Only for azure-monitor; the OTLP exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself. */
  connectionString: string | undefined;
}

export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig | undefined {
  const parsed = TracingEnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const e = parsed.data;
  if (e.OTEL_ENABLED === "false" || e.OTEL_SDK_DISABLED === "true") return undefined;
  const wanted =
    e.OTEL_ENABLED === "true" || !!e.OTEL_EXPORTER_OTLP_ENDPOINT || !!e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || !!e.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!wanted) return undefined;
  return {
    exporter: e.APPLICATIONINSIGHTS_CONNECTION_STRING ? "azure-monitor" : "otlp",
    serviceName: e.OTEL_SERVICE_NAME ?? "friskpuls",
    connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  let database: DatabaseTarget | undefined;
  try {
    database = resolveDatabaseTarget(e.DATABASE_URL);
  } catch (error) {
    problems.push(`DATABASE_URL: ${(error as Error).message}`);
  }
  if (e.NODE_ENV === "production" && !e.BOT_ID) {
    problems.push("BOT_ID: required when NODE_ENV=production (without it every request would be accepted unauthenticated)");
  }
  if (e.BOT_ID && e.BOT_TYPE !== "UserAssignedMsi" && !e.BOT_PASSWORD) {
    problems.push("BOT_PASSWORD: required when BOT_ID is set (unless BOT_TYPE=UserAssignedMsi)");
  }
  if (e.BOT_TYPE === "SingleTenant" && !e.BOT_TENANT_ID) {
    problems.push("BOT_TENANT_ID: required when BOT_TYPE=SingleTenant");
  }
  if (!e.ANSWER_TOKEN_SECRET && (e.NODE_ENV === "production" || e.BOT_ID)) {
    problems.push(
      "ANSWER_TOKEN_SECRET: required in production and whenever BOT_ID is set (at least 32 random characters; keep it stable: answers can only be changed with the same key)",
    );
  }
  if (e.ABSENCE_RETENTION_MONTHS < e.NUDGE_SICK_LEAVE_MONTHS) {
    problems.push(
      `ABSENCE_RETENTION_MONTHS: must be at least NUDGE_SICK_LEAVE_MONTHS (${e.NUDGE_SICK_LEAVE_MONTHS}): the signal counts occasions over that many months`,
    );
  }
  const graph = resolveGraphConfig(e, problems);
  // A tab token from any tenant would be checked only against our people's object ids: name the tenants.
  const tabTenants = e.ALLOWED_TENANT_IDS.length > 0 ? e.ALLOWED_TENANT_IDS : e.BOT_TENANT_ID ? [e.BOT_TENANT_ID] : [];
  if (e.TAB_APP_ID && tabTenants.length === 0)
    problems.push("ALLOWED_TENANT_IDS: required with TAB_APP_ID (or set BOT_TENANT_ID): the tab accepts sign-ins only from these tenants");
  if (problems.length > 0 || !database) throw new ConfigError(problems);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    // Unauthenticated local mode listens on loopback only unless told otherwise.
    host: e.HOST ?? (e.BOT_ID ? "0.0.0.0" : "127.0.0.1"),
    database,
    bot: {
      appId: e.BOT_ID,
      password: e.BOT_PASSWORD,
      tenantId: e.BOT_TENANT_ID,
      appType: e.BOT_TYPE,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
      allowedTenantIds: e.ALLOWED_TENANT_IDS,
      authTimeoutMs: e.BOT_AUTH_TIMEOUT_SECONDS * 1000,
      signingKeysRefreshMs: e.BOT_SIGNING_KEYS_REFRESH_HOURS * 3_600_000,
      tokenTimeoutMs: e.BOT_TOKEN_TIMEOUT_SECONDS * 1000,
    },
    tab: {
      appId: e.TAB_APP_ID,
      jwksUrl: e.ENTRA_JWKS_URL ?? "https://login.microsoftonline.com/common/discovery/v2.0/keys",
      allowedTenantIds: tabTenants,
      // The clearly marked dev sign-in (pick who you are) exists only in local mode, never in production.
      devSignIn: !e.BOT_ID && e.NODE_ENV !== "production",
    },
    delivery: {
      tenantRatePerSecond: e.DELIVERY_TENANT_RATE,
      concurrency: e.DELIVERY_CONCURRENCY,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      leaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
      inFlightTimeoutMs: e.DELIVERY_INFLIGHT_TIMEOUT_SECONDS * 1000,
    },
    graph,
    schedulerEnabled: e.SCHEDULER_ENABLED === "true",
    metrics:
      e.METRICS_TOKEN || e.METRICS_PORT !== undefined ? { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST ?? "127.0.0.1" } : undefined,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    minGroupSize: e.MIN_GROUP_SIZE,
    answerRetentionMonths: e.ANSWER_RETENTION_MONTHS,
    retention: {
      answersMonths: e.ANSWER_RETENTION_MONTHS,
      // Ratings followed the answers' setting before they had their own.
      ratingsMonths: e.RATING_RETENTION_MONTHS ?? e.ANSWER_RETENTION_MONTHS,
      absencesMonths: e.ABSENCE_RETENTION_MONTHS,
      casesMonths: e.CASE_RETENTION_MONTHS,
      contactRequestsMonths: e.CONTACT_REQUEST_RETENTION_MONTHS,
      auditMonths: e.AUDIT_RETENTION_MONTHS,
      outboxDays: e.OUTBOX_RETENTION_DAYS,
      processedActivitiesHours: e.PROCESSED_ACTIVITY_RETENTION_HOURS,
    },
    nudges: {
      sickLeaveOccasions: e.NUDGE_SICK_LEAVE_OCCASIONS,
      sickLeaveMonths: e.NUDGE_SICK_LEAVE_MONTHS,
      pulseDropPoints: e.NUDGE_PULSE_DROP_POINTS,
      baselinePulses: e.NUDGE_BASELINE_PULSES,
      escalationDays: e.NUDGE_ESCALATION_DAYS,
    },
    support: supportContacts({
      occupationalHealth: [e.SUPPORT_OCCUPATIONAL_HEALTH, e.SUPPORT_OCCUPATIONAL_HEALTH_URL],
      eap: [e.SUPPORT_EAP, e.SUPPORT_EAP_URL],
      hr: [e.SUPPORT_HR, e.SUPPORT_HR_URL],
    }),
    answerTokenSecret: e.ANSWER_TOKEN_SECRET,
    defaultLocale: e.DEFAULT_LOCALE,
    logLevel: e.LOG_LEVEL,
  };
}

function supportContacts(given: Record<SupportKind, [string | undefined, string | undefined]>): SupportContacts {
  const out: SupportContacts = {};
  for (const kind of SUPPORT_KINDS) {
    const [text, url] = given[kind];
    if (text || url) out[kind] = { text, url };
  }
  return out;
}

function resolveGraphConfig(e: z.infer<typeof EnvSchema>, problems: string[]): GraphConfig | undefined {
  const managed = e.GRAPH_MANAGED_IDENTITY === "true";
  if (!e.GRAPH_CLIENT_ID) {
    if (e.GRAPH_CLIENT_SECRET || managed) problems.push("GRAPH_CLIENT_ID: required when GRAPH_CLIENT_SECRET or GRAPH_MANAGED_IDENTITY is set");
    return undefined;
  }
  const tenantId = e.GRAPH_TENANT_ID ?? e.BOT_TENANT_ID;
  if (!tenantId) problems.push("GRAPH_TENANT_ID: required when GRAPH_CLIENT_ID is set (or set BOT_TENANT_ID)");
  let credential: GraphConfig["credential"] | undefined;
  if (managed && e.GRAPH_CLIENT_SECRET) problems.push("GRAPH_CLIENT_SECRET: set either it or GRAPH_MANAGED_IDENTITY=true, not both");
  else if (managed) {
    if (!e.IDENTITY_ENDPOINT || !e.IDENTITY_HEADER)
      problems.push("GRAPH_MANAGED_IDENTITY: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set (the host gives them when a managed identity is assigned)");
    else credential = { kind: "managedIdentity", endpoint: e.IDENTITY_ENDPOINT, header: e.IDENTITY_HEADER };
  } else if (e.GRAPH_CLIENT_SECRET) credential = { kind: "secret", secret: e.GRAPH_CLIENT_SECRET };
  else problems.push("GRAPH_CLIENT_SECRET: required when GRAPH_CLIENT_ID is set (or GRAPH_MANAGED_IDENTITY=true)");
  if (!tenantId || !credential) return undefined;
  return {
    tenantId,
    clientId: e.GRAPH_CLIENT_ID,
    credential,
    baseUrl: (e.GRAPH_BASE_URL ?? "https://graph.microsoft.com").replace(/\/+$/, ""),
    loginUrl: (e.ENTRA_LOGIN_URL ?? "https://login.microsoftonline.com").replace(/\/+$/, ""),
    timeoutMs: e.GRAPH_TIMEOUT_SECONDS * 1000,
    maxAttempts: e.GRAPH_MAX_ATTEMPTS,
    ratePerSecond: e.GRAPH_RATE,
    teamsAppId: e.TEAMS_APP_ID,
    catalogAppId: e.GRAPH_CATALOG_APP_ID,
    reachJobTime: e.REACH_JOB_TIME,
    usersSync: e.GRAPH_USERS_SYNC === "true",
  };
}
