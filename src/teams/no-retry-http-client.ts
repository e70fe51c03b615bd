// The HTTP client botbuilder's connector uses. Its default Azure pipeline retries 429/5xx and
// also ECONNRESET/ETIMEDOUT, which can resend a message Teams already has. Every non-2xx answer
// and every network error is thrown here as a non-retryable SendFailure, so the delivery engine
// alone decides about retries (docs/adr/0006-delivery-engine.md).

/** What botbuilder's compat layer hands us (a WebResourceLike) and wants back. */
interface WebResourceLike {
  url: string;
  method: string;
  body?: unknown;
  headers: { toJson(options?: { preserveCase?: boolean }): Record<string, string> };
  abortSignal?: AbortSignal;
  timeout?: number;
}

export interface SendFailure extends Error {
  statusCode?: number;
  /** Teams' error code from the body, e.g. Throttled, BotNotInConversationRoster. */
  code?: string;
  retryAfterMs?: number;
  /** Network failure code (ECONNREFUSED, ECONNRESET, …) when there was no HTTP answer. */
  networkCode?: string;
  /** false when the request certainly never left (connection refused). */
  mayHaveBeenSent: boolean;
}

const REQUEST_TIMEOUT_MS = 30_000;

export const noRetryHttpClient = {
  async sendRequest(request: WebResourceLike) {
    const signals = [AbortSignal.timeout(request.timeout || REQUEST_TIMEOUT_MS), request.abortSignal].filter((s): s is AbortSignal => !!s);
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers.toJson({ preserveCase: true }),
        body: typeof request.body === "string" || request.body instanceof Uint8Array ? request.body : request.body == null ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      throw networkFailure(error);
    }
    const bodyAsText = await response.text();
    if (!response.ok) throw httpFailure(response, bodyAsText);
    const headers = Object.fromEntries(response.headers);
    return {
      request,
      status: response.status,
      bodyAsText,
      headers: {
        toJson: () => headers,
        get: (name: string) => response.headers.get(name) ?? undefined,
        rawHeaders: () => headers,
      },
    };
  },
};

function httpFailure(response: Response, body: string): SendFailure {
  let code: string | undefined;
  try {
    code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    // not JSON
  }
  const error = new Error(`Bot Connector answered ${response.status}${code ? ` ${code}` : ""}`) as SendFailure;
  error.name = "SendFailure";
  error.statusCode = response.status;
  error.code = code;
  error.retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  error.mayHaveBeenSent = true;
  return error;
}

function networkFailure(cause: unknown): SendFailure {
  const c = cause as { name?: string; cause?: { code?: string }; code?: string };
  const networkCode = c.name === "TimeoutError" ? "ETIMEDOUT" : (c.cause?.code ?? c.code ?? c.name ?? "UNKNOWN");
  const error = new Error(`Bot Connector unreachable: ${networkCode}`) as SendFailure;
  error.name = "SendFailure";
  error.networkCode = networkCode;
  error.mayHaveBeenSent = !NOT_SENT.has(networkCode);
  return error;
}

// Failures before any byte left: the message certainly did not reach Teams.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
