// What to do after a failed send (TEAMS-NOTES: retry 429/412/502/504; 403/404 = bot removed or
// user gone; 413 too big). The sender reports failures as { statusCode, code, retryAfterMs,
// networkCode, mayHaveBeenSent } (src/teams/no-retry-http-client.ts).
export type SendErrorVerdict =
  { action: "retry"; reason: string; retryAfterMs?: number } | { action: "unreachable"; reason: string } | { action: "fail"; reason: string };

const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);

interface SendErrorShape {
  statusCode?: number;
  code?: string;
  retryAfterMs?: number;
  networkCode?: string;
  mayHaveBeenSent?: boolean;
  message?: string;
}

export function classifySendError(error: unknown): SendErrorVerdict {
  const e = (error ?? {}) as SendErrorShape;
  const status = e.statusCode;
  const label = `${status ?? ""} ${e.code ?? ""}`.trim();
  if (status === 403 || status === 404) return { action: "unreachable", reason: label };
  if (status !== undefined && RETRYABLE.has(status)) return { action: "retry", reason: label, retryAfterMs: e.retryAfterMs };
  if (status !== undefined) return { action: "fail", reason: label };
  if (e.networkCode && e.mayHaveBeenSent === false) return { action: "retry", reason: `connection: ${e.networkCode}` };
  // A timeout or reset after the request went out: Teams may have the message.
  return { action: "fail", reason: `ambiguous: ${e.networkCode ?? e.message ?? "unknown error"}; not resent to avoid a duplicate` };
}

/** Exponential backoff with full jitter, never shorter than Retry-After. */
export function computeBackoffMs(attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
  const ceiling = Math.min(60_000, 1_000 * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling * (0.5 + random() * 0.5));
  return Math.max(jittered, retryAfterMs ?? 0);
}
