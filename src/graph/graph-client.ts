// A small Microsoft Graph client on fetch: every request has a deadline, waits for a rate slot,
// honours 429/503 Retry-After, retries 5xx and network failures with backoff, renews the token
// once on 401, and follows @odata.nextLink — only to the configured Graph host, so the token never
// goes anywhere else. Other 4xx come back to the caller (404 and 409 mean something there).
import type { GraphConfig } from "../config.js";
import type { TokenSource } from "./graph-token.js";

export interface GraphResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface GraphRequest {
  method?: "GET" | "POST";
  /** A path under /v1.0 (e.g. "/users") or an absolute link Graph gave (nextLink, deltaLink). */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphClient {
  request(req: GraphRequest): Promise<GraphResponse>;
  /** Every page of a collection, following @odata.nextLink; the last page may carry @odata.deltaLink. */
  pages(req: GraphRequest): AsyncGenerator<GraphResponse>;
}

export class GraphUnavailableError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = "GraphUnavailableError";
  }
}

export interface GraphClientOptions {
  /** First backoff step for 5xx and network errors; doubles per attempt, with jitter. */
  backoffMs?: number;
  /** The longest Retry-After honoured before giving up on this request (the job runs again). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createGraphClient(config: GraphConfig, tokens: TokenSource, options: GraphClientOptions = {}): GraphClient {
  const backoffMs = options.backoffMs ?? 1000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 5 * 60_000;
  const sleep = options.sleep ?? realSleep;
  const apiRoot = `${config.baseUrl}/v1.0`;
  const origin = new URL(config.baseUrl).origin;
  let nextSlot = 0;

  const waitForSlot = async () => {
    const now = Date.now();
    const at = Math.max(now, nextSlot);
    nextSlot = at + 1000 / config.ratePerSecond;
    if (at > now) await sleep(at - now);
  };

  const urlOf = (req: GraphRequest): URL => {
    const url = /^https?:\/\//.test(req.path) ? new URL(req.path) : new URL(apiRoot + req.path);
    if (url.origin !== origin) throw new GraphUnavailableError(`refusing a Graph link to another host: ${url.origin}`, undefined);
    for (const [key, value] of Object.entries(req.query ?? {})) url.searchParams.set(key, value);
    return url;
  };

  async function request(req: GraphRequest): Promise<GraphResponse> {
    const url = urlOf(req);
    let renewed = false;
    let forceRefresh = false;
    for (let attempt = 1; ; attempt++) {
      await waitForSlot();
      const token = await tokens.token(forceRefresh);
      forceRefresh = false;
      let res: Response;
      try {
        res = await fetch(url, {
          method: req.method ?? "GET",
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(req.body === undefined ? {} : { "content-type": "application/json" }),
            ...req.headers,
          },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
      } catch (error) {
        // Timeout or connection failure: nothing is known about the request; retry like a 5xx.
        if (attempt >= config.maxAttempts) throw new GraphUnavailableError(`Graph unreachable: ${(error as Error).name}`, undefined);
        await sleep(backoff(backoffMs, attempt));
        continue;
      }
      if (res.status === 401 && !renewed) {
        // A revoked or rotated token: renew once; a second 401 is the caller's (a consent problem).
        await res.body?.cancel();
        renewed = forceRefresh = true;
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel();
        if (attempt >= config.maxAttempts) throw new GraphUnavailableError(`Graph answered HTTP ${res.status} ${attempt} times`, res.status);
        const retryAfter = parseRetryAfter(res.headers.get("retry-after"));
        if (retryAfter !== undefined && retryAfter > maxRetryAfterMs)
          throw new GraphUnavailableError(`Graph asked to wait ${Math.round(retryAfter / 1000)} s`, res.status);
        const wait = retryAfter ?? backoff(backoffMs, attempt);
        // Graph throttles per app and tenant: every caller of this client waits, not just this one.
        nextSlot = Math.max(nextSlot, Date.now() + wait);
        await sleep(wait);
        continue;
      }
      const text = await res.text();
      let body: Record<string, unknown> = {};
      if (text) {
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new GraphUnavailableError(`Graph answered HTTP ${res.status} with a body that is not JSON`, res.status);
        }
      }
      return { status: res.status, body };
    }
  }

  async function* pages(req: GraphRequest): AsyncGenerator<GraphResponse> {
    let next: GraphRequest | undefined = req;
    while (next) {
      const page = await request(next);
      yield page;
      if (page.status >= 400) return;
      const link = page.body["@odata.nextLink"];
      next = typeof link === "string" ? { path: link, ...(req.headers ? { headers: req.headers } : {}) } : undefined;
    }
  }

  return { request, pages };
}

function backoff(baseMs: number, attempt: number): number {
  const exp = baseMs * 2 ** (attempt - 1);
  return Math.min(60_000, exp / 2 + Math.random() * (exp / 2));
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
