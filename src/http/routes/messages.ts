// POST /api/messages: the Bot Framework endpoint. The order of the checks is deliberate:
//   1. the body must be JSON of at most 256 KB, of valid text (no NUL, no lone surrogate) (413 / 400);
//   2. authentication (401) — before anything in the activity is judged, so an unauthenticated
//      caller learns nothing (not whether its tenant is allowed, not what shape we expect); within
//      BOT_AUTH_TIMEOUT_SECONDS, or 503 with Retry-After when Microsoft's keys are out of reach;
//   3. the activity's envelope (400), so botbuilder never trips over a malformed field;
//   4. the tenant allow-list (403);
//   5. the turn (replays are ignored by the replay guard middleware, ADR 0012).
// Bad input is a 4xx; a 5xx means our fault, and its body never carries an internal message.
import { Router, type Request, type RequestHandler } from "express";
import { activityTenantIds, InboundActivitySchema } from "../../teams/inbound-activity.js";
import { errorForLog, type Logger } from "../../logger.js";
import { SigningKeysUnavailableError } from "../../teams/signing-keys.js";
import { inboundTypeLabel, noMetrics, type InboundOutcome, type MetricsRecorder } from "../../metrics/recorder.js";
import { readJsonBody } from "../read-json-body.js";
import { sendJson } from "../send-json.js";

/** What a turn came to: handled by a route, matched none, or threw / was a replay (never ran). */
export interface TurnResult {
  turn: "handled" | "unhandled" | "failed";
  /** The replay guard answered instead of the bot (ADR 0012). */
  replay: boolean;
  /** An invoke's answer (botbuilder: 501 when nobody handled it). */
  invokeResponse?: { status: number; body?: unknown };
}

/**
 * The Teams layer as this route needs it (src/teams/adapter.ts implements it): authentication,
 * then the turn. No SDK types here; `Auth` is whatever authentication hands the turn.
 */
export interface TeamsInbound<Auth = unknown> {
  /** Throws SigningKeysUnavailableError (503) when it cannot decide in time; anything else is a 401. */
  authenticate(activity: object, authHeader: string): Promise<Auth>;
  runTurn(auth: Auth, activity: object): Promise<TurnResult>;
}

export interface MessagesRouteOptions {
  teams: TeamsInbound;
  allowedTenantIds: string[];
  logger: Logger;
  metrics?: MetricsRecorder;
}

export const MAX_ACTIVITY_BYTES = 256 * 1024;

/** What an invoke gets when no handler took it (botbuilder would answer 501). */
const UNSUPPORTED_INVOKE = { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "unsupported action" } };

export function messagesRoute({ teams, allowedTenantIds, logger, metrics = noMetrics }: MessagesRouteOptions): Router {
  const router = Router();
  // Body and answers without express.json / res.json (issue 22): see read-json-body.ts, send-json.ts.
  router.post("/api/messages", countInbound(metrics), async (req, res) => {
    const read = await readJsonBody(req, MAX_ACTIVITY_BYTES);
    if (!read.ok) {
      // The answer the app's error handler gave body-parser's errors: their type.
      sendJson(res, read.status, { error: read.type });
      return;
    }
    const body = read.value;
    if (mayHoldBrokenText(read.raw) && !isPlainTextDeep(body)) {
      sendJson(res, 400, { error: "body must be valid text" });
      return;
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      sendJson(res, 400, { error: "body must be a Bot Framework activity" });
      return;
    }
    let auth: unknown;
    try {
      auth = await teams.authenticate(body, authorizationOf(req));
    } catch (error) {
      if (error instanceof SigningKeysUnavailableError) {
        // Ours, not the caller's: Microsoft's signing keys did not come within the bound (ADR 0014).
        logger.error({ event: "http.auth_unavailable", err: errorForLog(error) }, "token could not be validated in time");
        res.setHeader("Retry-After", String(error.retryAfterSeconds));
        sendJson(res, 503, { error: "temporarily unavailable" });
        return;
      }
      logger.warn({ event: "http.unauthenticated" }, "request without a valid Bot Framework token");
      sendJson(res, 401, { error: "unauthorized" });
      return;
    }
    const parsed = InboundActivitySchema.safeParse(body);
    if (!parsed.success) {
      // Which fields, never their values.
      logger.warn(
        { event: "http.bad_activity", fields: [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")))].slice(0, 10) },
        "malformed activity refused",
      );
      sendJson(res, 400, { error: "body must be a Bot Framework activity" });
      return;
    }
    res.locals.activityType = inboundTypeLabel(parsed.data.type);
    const tenants = activityTenantIds(parsed.data);
    if (allowedTenantIds.length > 0 && (tenants.length === 0 || !tenants.every((t) => allowedTenantIds.includes(t)))) {
      logger.warn({ event: "http.tenant_refused" }, "activity from a tenant that is not allowed");
      sendJson(res, 403, { error: "tenant not allowed" });
      return;
    }
    const { turn, replay, invokeResponse } = await teams.runTurn(auth, body);
    if (turn === "failed") res.locals.inboundOutcome = replay ? "replay" : "error";
    if (parsed.data.type === "invoke" && (!invokeResponse || invokeResponse.status === 501)) {
      // botbuilder says 501 for both; a card nobody handles is bad input, a handler that threw is ours.
      if (turn === "failed") sendJson(res, 500, { error: "internal error" });
      else sendJson(res, 400, UNSUPPORTED_INVOKE);
      return;
    }
    const status = invokeResponse?.status ?? 200;
    if (invokeResponse?.body !== undefined) sendJson(res, status, invokeResponse.body);
    else {
      res.statusCode = status;
      res.end();
    }
  });
  return router;
}

/**
 * One count and one latency per request, when the answer has gone out (a histogram observe: no
 * cost on the answer path). Bodies refused before the envelope was read have type "invalid".
 */
function countInbound(metrics: MetricsRecorder): RequestHandler {
  return (_req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const status = res.statusCode;
      const outcome: InboundOutcome = (res.locals.inboundOutcome as InboundOutcome | undefined) ?? (status >= 500 ? "error" : status >= 400 ? "refused" : "ok");
      metrics.recordInbound((res.locals.activityType as string | undefined) ?? "invalid", outcome, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/**
 * Text that is not text makes the body unparseable (400): a NUL character (PostgreSQL text cannot
 * hold one) or a lone UTF-16 surrogate (Prisma's query engine rejects the whole query), in any key
 * or string. Teams sends neither; without this, one in a card field is a 500 from the database.
 *
 * Only a body whose raw text could hold one (a NUL byte, or a \u0000 or \ud800–\udfff escape —
 * valid UTF-8 cannot carry a lone surrogate otherwise) is walked after parsing: a JSON.parse
 * reviver on every body made parsing several times slower (issue 8).
 */
const SUSPICIOUS_ESCAPE = /\\u(0000|d[89a-f])/i;

function mayHoldBrokenText(raw: Buffer): boolean {
  return raw.includes(0) || SUSPICIOUS_ESCAPE.test(raw.toString("latin1"));
}

/** Every key and string in a parsed body is text (iterative: a hostile body may nest deeply). */
function isPlainTextDeep(root: unknown): boolean {
  const pending = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (!isPlainText(value)) return false;
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (!isPlainText(key)) return false;
        pending.push(child);
      }
    }
  }
  return true;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isPlainText = (s: string) => !s.includes("\u0000") && !LONE_SURROGATE.test(s);

function authorizationOf(req: Request): string {
  const header = req.headers.authorization;
  return typeof header === "string" ? header : "";
}
