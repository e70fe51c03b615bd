// The HTTP client botbuilder's connector uses. Its default Azure pipeline retries 429/5xx and
// also ECONNRESET/ETIMEDOUT, which can resend a message Teams already has. Every non-2xx answer
// and every network error is thrown here as a non-retryable SendFailure, so the delivery engine
// alone decides about retries (docs/adr/0006-delivery-engine.md).
import http from "node:http";
import https from "node:https";

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

// node:http with keep-alive rather than fetch: at a thousand sends a second fetch's web streams
// were a third of the engine's CPU time. An idle pooled socket is closed by us before the server
// closes it (Node honours the server's `Keep-Alive: timeout=` hint only when the agent has a
// timeout): a request written into a socket the server is closing fails with ECONNRESET, which
// the engine must treat as ambiguous, i.e. a message lost.
const agentOptions = { keepAlive: true, maxSockets: 128, timeout: REQUEST_TIMEOUT_MS };
const agents = {
  "http:": new http.Agent(agentOptions),
  "https:": new https.Agent(agentOptions),
};

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const noRetryHttpClient = {
  async sendRequest(request: WebResourceLike) {
    const body =
      typeof request.body === "string" || request.body instanceof Uint8Array ? request.body : request.body == null ? undefined : JSON.stringify(request.body);
    let response: RawResponse;
    try {
      response = await send(
        request.url,
        request.method,
        request.headers.toJson({ preserveCase: true }),
        body,
        request.timeout || REQUEST_TIMEOUT_MS,
        request.abortSignal,
      );
    } catch (error) {
      throw networkFailure(error);
    }
    if (response.status < 200 || response.status > 299) throw httpFailure(response);
    return {
      request,
      status: response.status,
      bodyAsText: response.body,
      headers: {
        toJson: () => response.headers,
        get: (name: string) => response.headers[name.toLowerCase()],
        rawHeaders: () => response.headers,
      },
    };
  },
};

export function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === "https:" ? https : http;
    const req = transport.request(
      target,
      { method, headers: sendableHeaders(headers), agent: agents[target.protocol as "http:" | "https:"], signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const flat: Record<string, string> = {};
          for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(", ") : value;
          resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString("utf8") });
        });
      },
    );
    // A deadline for the whole exchange, not only for an idle socket: an answer that trickles in
    // byte by byte must not hold a send (and its worker) for longer than the bound either.
    const timeOut = () => req.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" }));
    req.setTimeout(timeoutMs, timeOut);
    const deadline = setTimeout(timeOut, timeoutMs);
    req.on("close", () => clearTimeout(deadline));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A header value Node cannot send (ERR_INVALID_CHAR: outside tab and Latin-1 text) is sent
 * percent-encoded instead of failing the request. The envelope check refuses such ids inbound
 * (src/teams/inbound-activity.ts); this covers whatever else botbuilder copies into a header
 * (x-ms-conversation-id) from a stored reference.
 */
function sendableHeaders(headers: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string" && UNSENDABLE_HEADER_CHAR.test(value)) (out ??= { ...headers })[name] = value.replace(UNSENDABLE_HEADER_CHARS, percentEncode);
  }
  return out ?? headers;
}

const UNSENDABLE_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
const UNSENDABLE_HEADER_CHARS = new RegExp(UNSENDABLE_HEADER_CHAR.source, "gu");
/** A lone surrogate cannot be encoded: it becomes U+FFFD's bytes. */
const percentEncode = (c: string) => (c.length === 1 && c >= "\ud800" && c <= "\udfff" ? "%EF%BF%BD" : encodeURIComponent(c));

export function httpFailure(response: RawResponse): SendFailure {
  const body = response.body;
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
  error.retryAfterMs = parseRetryAfter(response.headers["retry-after"] ?? null);
  error.mayHaveBeenSent = true;
  return error;
}

export function networkFailure(cause: unknown): SendFailure {
  const c = cause as { name?: string; cause?: { code?: string }; code?: string };
  const networkCode = c.name === "AbortError" ? "ABORTED" : (c.code ?? c.cause?.code ?? c.name ?? "UNKNOWN");
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
